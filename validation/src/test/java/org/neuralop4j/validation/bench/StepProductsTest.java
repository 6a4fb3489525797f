package org.neuralop4j.validation.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;

class StepProductsTest {
    /**
     * The bundled fno_gemm_floor.py's lists, as printed by its step_products (count, total FLOPs and the first
     * products): the two twins must time the same work.
     */
    @Test
    void listsTheSameProductsAsTheOpenBlasScript() {
        List<StepProducts.Product> one = StepProducts.of(1), two = StepProducts.of(2);
        assertEquals(48, one.size());
        assertEquals(64, two.size());
        assertEquals(4514119680.0, StepProducts.gflop(1) * 1e9, 1e-3);
        assertEquals(12430871040.0, StepProducts.gflop(2) * 1e9, 1e-3);
        assertEquals(List.of(new StepProducts.Product(64, 2, 1024, 20), new StepProducts.Product(64, 1024, 2, 20),
                new StepProducts.Product(1280, 1024, 32, 1), new StepProducts.Product(1280, 32, 1024, 1),
                new StepProducts.Product(1280, 1024, 32, 1), new StepProducts.Product(1280, 32, 1024, 1),
                new StepProducts.Product(20, 128, 128, 16), new StepProducts.Product(128, 20, 128, 16)), one.subList(0, 8));
        assertEquals(List.of(new StepProducts.Product(32, 3, 7225, 20), new StepProducts.Product(32, 7225, 3, 20),
                new StepProducts.Product(54400, 85, 24, 1), new StepProducts.Product(54400, 24, 85, 1),
                new StepProducts.Product(25, 85, 24, 640), new StepProducts.Product(85, 25, 24, 640),
                new StepProducts.Product(54400, 85, 24, 1), new StepProducts.Product(54400, 24, 85, 1)), two.subList(0, 8));
        assertEquals(new StepProducts.Product(128, 1, 7225, 20), two.get(two.size() - 1));
        // every product in its place: a position-weighted sum over the script's lists, computed in its directory with
        // python3 -c "import fno_gemm_floor as f; print([sum((i + 1) * (7 * m + 11 * k + 13 * n + 17 * c)
        //     for i, (m, k, n, c) in enumerate(f.step_products(d))) for d in (1, 2)])"
        assertEquals(16097853L, positionWeightedSum(one));
        assertEquals(242818596L, positionWeightedSum(two));
        assertThrows(IllegalArgumentException.class, () -> StepProducts.of(3));
    }

    private static long positionWeightedSum(List<StepProducts.Product> products) {
        long sum = 0;
        for (int i = 0; i < products.size(); i++) {
            StepProducts.Product p = products.get(i);
            sum += (i + 1L) * (7L * p.m() + 11L * p.k() + 13L * p.n() + 17L * p.count());
        }
        return sum;
    }

    @Test
    void eachTimedRunComputesTheProduct() {
        StepProducts.Product p = new StepProducts.Product(5, 7, 9, 3);
        double[] a = Tensor.randn(1, 35).data(), b = Tensor.randn(2, 63).data(), c = new double[45];
        java.util.Arrays.fill(c, Double.NaN); // overwritten, not added to
        StepProducts.run(p, a, b, c);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 9; j++) {
                double s = 0;
                for (int q = 0; q < 7; q++) s += a[i * 7 + q] * b[q * 9 + j];
                assertEquals(s, c[i * 9 + j], 1e-13);
            }
    }

    @Test
    void timesAndRejectsBadCounts() {
        List<StepProducts.Product> small = List.of(new StepProducts.Product(16, 16, 16, 2), new StepProducts.Product(8, 32, 4, 1));
        double[] ms = StepProducts.timeMs(small, 1, 5);
        assertEquals(5, ms.length);
        for (double t : ms) assertTrue(t > 0, java.util.Arrays.toString(ms));
        assertEquals(2.0 * 16 * 16 * 16 * 2 + 2.0 * 8 * 32 * 4, StepProducts.flops(small), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> StepProducts.timeMs(small, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> StepProducts.timeMs(small, -1, 3));
    }
}
