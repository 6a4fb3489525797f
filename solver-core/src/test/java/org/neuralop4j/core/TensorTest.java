package org.neuralop4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void createsAndIndexesRowMajor() {
        Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(6, t.get(1, 2));
        assertEquals(4, t.get(1, 0));
        assertEquals(5, t.offset(1, 2));
        assertArrayEquals(new int[] {3, 1}, Tensor.strides(new int[] {2, 3}));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(new double[5], 2, 3));
    }

    @Test
    void seededRandomIsReproducibleAndRoughlyStandardNormal() {
        Tensor a = Tensor.randn(42, 100_000), b = Tensor.randn(42, 100_000), c = Tensor.randn(43, 100_000);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(0.0, a.mean(), 0.01);
        assertEquals(1.0, a.dot(a) / a.size(), 0.02);
    }

    @Test
    void permuteMatchesExplicitIndexing() {
        Tensor t = Tensor.randn(1, 2, 3, 4, 5);
        Tensor p = t.permute(2, 0, 3, 1);
        assertArrayEquals(new int[] {4, 2, 5, 3}, p.shape());
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 3; b++)
                for (int c = 0; c < 4; c++)
                    for (int d = 0; d < 5; d++) assertEquals(t.get(a, b, c, d), p.get(c, a, d, b));
        assertThrows(IllegalArgumentException.class, () -> t.permute(0, 0, 1, 2));
    }

    @Test
    void reshapeInfersOneAxisAndSharesData() {
        Tensor t = Tensor.arange(24);
        Tensor r = t.reshape(2, -1, 4);
        assertArrayEquals(new int[] {2, 3, 4}, r.shape());
        r.data()[5] = -1;
        assertEquals(-1, t.get(5));
        assertThrows(ShapeMismatchException.class, () -> t.reshape(5, -1));
    }

    @Test
    void sliceConcatAndStackAreInverse() {
        Tensor t = Tensor.randn(3, 4, 5, 6);
        Tensor a = t.slice(1, 0, 2), b = t.slice(1, 2, 5);
        assertEquals(t, Tensor.concat(1, a, b));
        assertEquals(t, Tensor.concat(0, t.slice(0, 1), t.slice(1, 4)));
        assertEquals(t, Tensor.stack(t.select(0), t.select(1), t.select(2), t.select(3)));
        assertEquals(t.get(2, 3, 4), t.slice(-1, 4, 5).get(2, 3, 0));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> Tensor.concat(1, a, Tensor.zeros(4, 3, 7)));
        assertEquals("parts[1]", e.argument());
        assertEquals(t.get(3, 1, 1), t.gather(new int[] {3, 0}).get(0, 1, 1));
    }

    @Test
    void reductionsAlongAxes() {
        Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(Tensor.vector(5, 7, 9), t.sum(0));
        assertEquals(Tensor.vector(2, 5), t.mean(1));
        assertEquals(21, t.sum());
        assertEquals(6, t.max());
        assertEquals(Math.sqrt(91), t.norm(), 1e-15);
    }

    @Test
    void normDoesNotOverflowOrUnderflow() {
        assertEquals(5e300, Tensor.vector(3e300, 4e300).norm(), 1e286);
        assertEquals(5e-300, Tensor.vector(3e-300, 4e-300).norm(), 1e-314);
    }

    @Test
    void matmulAgreesWithDefinitionIncludingBatches() {
        Tensor a = Tensor.randn(1, 3, 4, 5), b = Tensor.randn(2, 3, 5, 2), w = Tensor.randn(3, 5, 6);
        Tensor c = a.matmul(b), d = a.matmul(w);
        for (int n = 0; n < 3; n++)
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 2; j++) {
                    double s = 0;
                    for (int k = 0; k < 5; k++) s += a.get(n, i, k) * b.get(n, k, j);
                    assertEquals(s, c.get(n, i, j), 1e-13);
                }
                for (int j = 0; j < 6; j++) {
                    double s = 0;
                    for (int k = 0; k < 5; k++) s += a.get(n, i, k) * w.get(k, j);
                    assertEquals(s, d.get(n, i, j), 1e-13);
                }
            }
        assertThrows(ShapeMismatchException.class, () -> a.matmul(Tensor.zeros(4, 4)));
    }

    @Test
    void elementwiseAndInPlace() {
        Tensor a = Tensor.vector(1, 2, 3), b = Tensor.vector(4, 5, 6);
        assertEquals(Tensor.vector(5, 7, 9), a.add(b));
        assertEquals(Tensor.vector(4, 10, 18), a.mul(b));
        assertEquals(Tensor.vector(1, 2, 3), a, "non-in-place methods leave the receiver unchanged");
        a.axpyInPlace(2, b);
        assertEquals(Tensor.vector(9, 12, 15), a);
        assertTrue(a.allClose(Tensor.vector(9, 12, 15 + 1e-12), 1e-10, 0));
        assertFalse(Tensor.vector(1, Double.NaN).isFinite());
        assertThrows(ShapeMismatchException.class, () -> a.add(Tensor.zeros(2)));
    }

    @Test
    void linspaceHitsEndpointsExactly() {
        Tensor x = Tensor.linspace(0, 1, 100);
        assertEquals(0.0, x.get(0));
        assertEquals(1.0, x.get(99));
        assertEquals(1.0 / 99, x.get(1), 1e-16);
    }
}
