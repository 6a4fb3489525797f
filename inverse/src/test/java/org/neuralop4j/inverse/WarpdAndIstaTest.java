package org.neuralop4j.inverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;

class WarpdAndIstaTest {
    private static final int SIZE = 64;

    private static double[] truth() { return ComplexArrays.fromReal(Phantoms.sheppLogan(SIZE)); }

    private static SubsampledFourier measurement() {
        return new SubsampledFourier(SamplingMask.variableDensity(new int[] {SIZE, SIZE}, SamplingMask.Spectrum.FOURIER, 0.45, 7));
    }

    /** Shepp-Logan is piecewise constant: total-variation minimisation recovers it exactly from 45% of its Fourier samples. */
    @Test
    void warpdWithTotalVariationRecoversSheppLogan() {
        double[] x = truth();
        SubsampledFourier a = measurement();
        DiscreteGradient d = new DiscreteGradient(SIZE, SIZE);
        double l = Math.sqrt(1 + 8) * (1 + 1e-9); // ||D||^2 <= 8
        double[] y = a.apply(x);
        Reconstruction r = new Warpd(a, d, 1e-3, null, 60, 20, 1e-12, ComplexArrays.norm(y), l).reconstruct(y, x);
        assertTrue(r.finalRelativeError() <= 1e-10, "TV relative error " + r.finalRelativeError());
        assertFalse(r.stall().stalled(), r.stall().message());
    }

    /** With Psi an orthonormal wavelet, the analysis problem is FIRENET's synthesis problem: same solution. */
    @Test
    void warpdWithWaveletAnalysisAgreesWithFirenet() {
        double[] x = truth();
        SubsampledFourier a = measurement();
        WaveletTransform w = new WaveletTransform(Wavelet.HAAR, new int[] {SIZE, SIZE}, 5);
        double[] y = a.apply(x);
        Reconstruction warpd = new Warpd(a, w, 1e-3, null, 40, 20, 1e-12, ComplexArrays.norm(y), Math.sqrt(2) * (1 + 1e-9)).reconstruct(y, x);
        Reconstruction firenet = Firenet.builder(a).sparsifier(w).lambda(1e-3).innerIterations(20).restarts(20)
                .epsilon0(ComplexArrays.norm(y)).build().reconstruct(y, x);
        assertTrue(warpd.finalRelativeError() <= 1e-10, "WARPd " + warpd.finalRelativeError());
        assertTrue(ComplexArrays.distance(warpd.image(), firenet.image()) <= 1e-8 * ComplexArrays.norm(x));
    }

    @Test
    void warpdStallsWithTooFewInnerIterations() {
        double[] x = truth();
        SubsampledFourier a = measurement();
        double[] y = a.apply(x);
        Reconstruction r = new Warpd(a, new DiscreteGradient(SIZE, SIZE), 1e-3, null, 10, 12, 1e-12, ComplexArrays.norm(y), 3.0001)
                .reconstruct(y, x);
        assertTrue(r.stall().stalled(), r.stall().message());
    }

    @Test
    void istaIsExactForTheIdentityAndAgreesWithFistaOnAGaussianProblem() {
        double[] y = Tensor.randn(1, 40).data();
        Ista identity = new Ista(new Firenet.Identity(20), 0.3, null, 1);
        double[] expected = new double[40];
        Prox.softThreshold(y, 0.3, ones(20), expected);
        assertArrayEquals(expected, identity.ista(y, 1), 1e-15);

        int m = 40, n = 80;
        MatrixOperator b = MatrixOperator.gaussian(m, n, 5);
        double l = b.normEstimate(500, 2) * (1 + 1e-9);
        double[] yy = Tensor.randn(6, 2 * m).data();
        double lambda = 0.2;
        Ista solver = new Ista(b, lambda, null, l);
        double[] zf = solver.fista(yy, 5000);
        double[] zi = solver.ista(yy, 12000);
        assertTrue(ComplexArrays.distance(zf, zi) <= 1e-5 * ComplexArrays.norm(zf), "ISTA vs FISTA " + ComplexArrays.distance(zf, zi));
        assertTrue(solver.objective(solver.fista(yy, 100), yy) < solver.objective(solver.ista(yy, 100), yy), "FISTA is faster");
        // KKT of the LASSO: B^H (y - B z) = lambda sign(z) on the support, |.| <= lambda off it
        double[] r = b.apply(zf);
        for (int i = 0; i < r.length; i++) r[i] = yy[i] - r[i];
        double[] g = b.adjoint(r);
        for (int k = 0; k < n; k++) {
            double mag = Math.hypot(zf[2 * k], zf[2 * k + 1]);
            if (mag > 1e-8) {
                assertEquals(lambda * zf[2 * k] / mag, g[2 * k], 1e-6);
                assertEquals(lambda * zf[2 * k + 1] / mag, g[2 * k + 1], 1e-6);
            } else assertTrue(Math.hypot(g[2 * k], g[2 * k + 1]) <= lambda + 1e-6);
        }
    }

    private static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1);
        return w;
    }
}
