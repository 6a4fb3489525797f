package org.neuralop4j.inverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;

class OperatorsTest {
    private static double[] randomComplex(int n, long seed) { return Tensor.randn(seed, 2 * n).data(); }

    @Test
    void subsampledFourierHasUnitNormAndPassesTheAdjointTest() {
        for (int[] dims : new int[][] {{64, 64}, {128, 128}, {48, 40}, {256}, {45}}) {
            SamplingMask mask = SamplingMask.variableDensity(dims, SamplingMask.Spectrum.FOURIER, 0.45, 5);
            SubsampledFourier a = new SubsampledFourier(mask);
            assertEquals(1.0, a.normEstimate(3, 1), 1e-12, "norm for dims " + java.util.Arrays.toString(dims));
            assertTrue(AdjointTest.relativeError(a, 2) <= 1e-12);
            // A A^H = I: the rows are orthonormal
            double[] y = randomComplex(mask.count(), 3);
            double[] back = a.apply(a.adjoint(y));
            assertTrue(ComplexArrays.distance(back, y) <= 1e-12 * ComplexArrays.norm(y));
        }
    }

    @Test
    void subsampledFourierMatchesTheDefinitionInTheCentredLayout() {
        int n = 8;
        boolean[] all = new boolean[n];
        java.util.Arrays.fill(all, true);
        SubsampledFourier a = new SubsampledFourier(new SamplingMask(new int[] {n}, all));
        double[] x = randomComplex(n, 4);
        double[] y = a.apply(x);
        for (int i = 0; i < n; i++) {
            int f = i - n / 2; // centred layout
            double re = 0, im = 0;
            for (int t = 0; t < n; t++) {
                double ang = -2 * Math.PI * f * t / n, c = Math.cos(ang), s = Math.sin(ang);
                re += x[2 * t] * c - x[2 * t + 1] * s;
                im += x[2 * t] * s + x[2 * t + 1] * c;
            }
            assertEquals(re / Math.sqrt(n), y[2 * i], 1e-12);
            assertEquals(im / Math.sqrt(n), y[2 * i + 1], 1e-12);
        }
    }

    @Test
    void walshHadamardIsOrthonormalAndInSequencyOrder() {
        int n = 16;
        boolean[] all = new boolean[n];
        java.util.Arrays.fill(all, true);
        SubsampledWalshHadamard h = new SubsampledWalshHadamard(new SamplingMask(new int[] {n}, all));
        for (int k = 0; k < n; k++) {
            double[] e = new double[2 * n];
            e[2 * k] = 1;
            double[] row = h.adjoint(e); // Walsh function k
            int changes = 0;
            for (int t = 1; t < n; t++) if (Math.signum(row[2 * t]) != Math.signum(row[2 * t - 2])) changes++;
            assertEquals(k, changes, "sequency of Walsh function " + k);
            for (int t = 0; t < n; t++) assertEquals(1 / Math.sqrt(n), Math.abs(row[2 * t]), 1e-15);
        }
        for (int[] dims : new int[][] {{64, 64}, {32, 128}, {256}}) {
            SamplingMask mask = SamplingMask.multilevel(dims, SamplingMask.Spectrum.WALSH, 0.4, 1.0, 9);
            SubsampledWalshHadamard a = new SubsampledWalshHadamard(mask);
            assertEquals(1.0, a.normEstimate(3, 1), 1e-12);
            assertTrue(AdjointTest.relativeError(a, 2) <= 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> new SubsampledWalshHadamard(SamplingMask.uniformRandom(new int[] {12}, 0.5, 1)));
    }

    @Test
    void gaussianGradientAndCompositionsPassTheAdjointTest() {
        MatrixOperator g = MatrixOperator.gaussian(30, 50, 7);
        assertTrue(AdjointTest.relativeError(g, 1) <= 1e-13);
        DiscreteGradient d = new DiscreteGradient(12, 9);
        assertTrue(AdjointTest.relativeError(d, 1) <= 1e-13);
        assertTrue(d.normEstimate(200, 1) <= Math.sqrt(8) + 1e-12);
        int[] dims = {32, 32};
        LinearOperator b = new SubsampledFourier(SamplingMask.uniformRandom(dims, 0.3, 1))
                .compose(new WaveletTransform(Wavelet.DB4, dims, 3).adjointOperator());
        assertTrue(AdjointTest.relativeError(b, 1) <= 1e-12);
        assertEquals(1.0, b.normEstimate(3, 2), 1e-12);
        // the gradient of a constant image is zero; of a ramp, constant
        double[] ramp = new double[2 * 12 * 9];
        for (int i = 0; i < 12; i++) for (int j = 0; j < 9; j++) ramp[2 * (i * 9 + j)] = 2 * i + 3 * j;
        double[] dr = d.apply(ramp);
        assertEquals(2, dr[0], 0);
        assertEquals(3, dr[2 * 108], 0);
        assertEquals(0, dr[2 * (11 * 9)], 0);
    }

    @Test
    void badShapesAreRejectedWithTheArgumentName() {
        SubsampledFourier a = new SubsampledFourier(SamplingMask.uniformRandom(new int[] {8, 8}, 0.5, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.apply(new double[10], new double[64]));
        assertTrue(e.getMessage().startsWith("x "), e.getMessage());
    }

    @Test
    void complexDotIsConjugateLinearInTheSecondArgument() {
        double[] x = {1, 2}, y = {3, -1};
        // (1 + 2i) * conj(3 - i) = (1 + 2i)(3 + i) = 1 + 7i
        assertArrayEquals(new double[] {1, 7}, ComplexArrays.dot(x, y), 0);
    }
}
