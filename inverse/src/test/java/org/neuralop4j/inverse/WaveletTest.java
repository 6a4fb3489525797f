package org.neuralop4j.inverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;

class WaveletTest {
    @Test
    void filtersAreOrthonormalWithVanishingMoments() {
        for (Wavelet w : Wavelet.values()) {
            double[] h = w.lowPass(), g = w.highPass();
            double sum = 0;
            for (double v : h) sum += v;
            assertEquals(Math.sqrt(2), sum, 1e-14, w + " sum");
            for (int k = 0; 2 * k < h.length; k++) {
                double hh = 0, gg = 0, hg = 0;
                for (int t = 0; t + 2 * k < h.length; t++) {
                    hh += h[t] * h[t + 2 * k];
                    gg += g[t] * g[t + 2 * k];
                }
                for (int t = 0; t < h.length; t++) for (int s = 0; s < h.length; s++) if ((t - s - 2 * k) == 0) hg += h[t] * g[s];
                assertEquals(k == 0 ? 1 : 0, hh, 2e-15, w + " shift " + k);
                assertEquals(k == 0 ? 1 : 0, gg, 2e-15, w + " shift " + k);
                assertEquals(0, hg, 2e-15, w + " h.g shift " + k);
            }
            int vanishing = h.length / 2;
            for (int j = 0; j < vanishing; j++) {
                double mom = 0;
                for (int t = 0; t < g.length; t++) mom += g[t] * Math.pow(t, j);
                assertEquals(0, mom, 1e-9 * Math.pow(h.length, j), w + " moment " + j);
            }
        }
    }

    @Test
    void perfectReconstructionAndOrthogonalityOneAndTwoDimensional() {
        for (Wavelet w : Wavelet.values()) {
            for (int[] dims : new int[][] {{256}, {64, 64}, {32, 64}}) {
                for (int levels : new int[] {1, 3, WaveletTransform.maxLevels(dims)}) {
                    WaveletTransform t = new WaveletTransform(w, dims, levels);
                    double[] x = Tensor.randn(11, 2 * t.domainSize()).data();
                    double[] z = t.apply(x);
                    double[] back = t.adjoint(z);
                    String what = w + " " + java.util.Arrays.toString(dims) + " levels " + levels;
                    assertTrue(ComplexArrays.distance(back, x) <= 1e-12 * ComplexArrays.norm(x), what + " perfect reconstruction");
                    assertEquals(ComplexArrays.norm(x), ComplexArrays.norm(z), 1e-12 * ComplexArrays.norm(x), what + " isometry");
                    assertTrue(AdjointTest.relativeError(t, 3) <= 1e-13, what + " adjoint");
                    // W W^T = I as well (square and isometric, hence orthogonal)
                    assertTrue(ComplexArrays.distance(t.apply(t.adjoint(x)), x) <= 1e-12 * ComplexArrays.norm(x), what + " W W^T");
                }
            }
        }
    }

    @Test
    void explicitMatrixIsOrthogonalForShortSignalsToo() {
        // filter longer than the coarse lines (db8 has 16 taps, lines of 8): periodisation must stay orthogonal
        WaveletTransform t = new WaveletTransform(Wavelet.DB8, new int[] {16}, 2);
        double[][] cols = new double[16][];
        for (int i = 0; i < 16; i++) {
            double[] e = new double[32];
            e[2 * i] = 1;
            cols[i] = t.apply(e);
        }
        for (int i = 0; i < 16; i++)
            for (int j = 0; j < 16; j++) assertEquals(i == j ? 1 : 0, ComplexArrays.realDot(cols[i], cols[j]), 1e-14);
    }

    @Test
    void haarOfAConstantIsOneCoarseCoefficient() {
        int n = 16;
        WaveletTransform t = new WaveletTransform(Wavelet.HAAR, new int[] {n, n}, 3);
        double[] x = new double[2 * n * n];
        for (int i = 0; i < n * n; i++) x[2 * i] = 1;
        double[] z = t.apply(x);
        for (int i = 0; i < n * n; i++) {
            int r = i / n, c = i % n;
            double expected = r < 2 && c < 2 ? 8 : 0; // sqrt(2)^(2*3) on each of the 2x2 approximation coefficients
            assertEquals(expected, z[2 * i], 1e-13);
            if (r < 2 && c < 2) assertEquals(0, t.levelOf(i));
            else assertTrue(t.levelOf(i) >= 1);
        }
        assertEquals(0, t.levelOf(0));
        assertEquals(1, t.levelOf(2 * n + 3)); // row 2, col 3: coarsest details
        assertEquals(3, t.levelOf(15 * n + 15)); // finest
    }

    @Test
    void rejectsDimensionsNotDivisibleByTheLevels() {
        assertThrows(IllegalArgumentException.class, () -> new WaveletTransform(Wavelet.HAAR, new int[] {24}, 4));
        assertEquals(Wavelet.DB4, Wavelet.parse("db4"));
        assertEquals(Wavelet.HAAR, Wavelet.parse("Haar"));
        assertThrows(IllegalArgumentException.class, () -> Wavelet.parse("db9"));
    }
}
