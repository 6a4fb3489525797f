package org.neuralop4j.validation.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;

class FftConvolutionMapTest {
    @Test
    void matchesDirectCircularConvolution2d() {
        int n1 = 6, n2 = 5;
        Tensor k = Tensor.randn(1, n1, n2), y = Tensor.randn(2, 3, n1, n2);
        Tensor got = new FftConvolutionMap(k).apply(y);
        Tensor want = Tensor.zeros(3, n1, n2);
        for (int b = 0; b < 3; b++)
            for (int i = 0; i < n1; i++)
                for (int j = 0; j < n2; j++) {
                    double s = 0;
                    for (int p = 0; p < n1; p++)
                        for (int q = 0; q < n2; q++) s += k.get(p, q) * y.get(b, (i - p + n1) % n1, (j - q + n2) % n2);
                    want.set(s, b, i, j);
                }
        assertTrue(got.allClose(want, 1e-12, 1e-12), "max diff " + got.maxAbsDiff(want));
    }

    @Test
    void vjpIsTheAdjoint() {
        FftConvolutionMap m = new FftConvolutionMap(Tensor.randn(3, 16));
        Tensor x = Tensor.randn(4, 2, 16), w = Tensor.randn(5, 2, 16);
        assertEquals(m.apply(x).dot(w), x.dot(m.vjp(x, w)), 1e-12 * x.norm() * w.norm() * m.operatorNorm());
    }

    @Test
    void operatorNormIsTheLargestKernelFrequencyAndTheSearchFindsIt() {
        FftConvolutionMap m = new FftConvolutionMap(Tensor.randn(6, 32));
        double pe = LocalLipschitz.jacobianNorm(m, Tensor.zeros(32), 400, 1e-3, 1).estimate();
        assertEquals(m.operatorNorm(), pe, 1e-6 * m.operatorNorm());
        WorstCaseSearch.Result r = WorstCaseSearch.search(m, Tensor.randn(2, 32), WorstCaseSearch.Config.defaults(0.1));
        assertTrue(r.ratio() >= 0.95 * m.operatorNorm() && r.ratio() <= m.operatorNorm() * (1 + 1e-9));
    }

    @Test
    void wrongTrailingShapeIsRejected() {
        FftConvolutionMap m = new FftConvolutionMap(Tensor.randn(6, 8));
        assertThrows(ShapeMismatchException.class, () -> m.apply(Tensor.zeros(2, 9)));
    }
}
