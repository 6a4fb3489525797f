package org.neuralop4j.core.pde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NavierStokes2dTest {
    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** Taylor–Green: w = sin(2 pi x) sin(2 pi y) has u.grad w = 0 and decays as exp(-8 pi^2 nu t). */
    @Test
    void taylorGreenDecayAtSecondOrder() {
        int n = 16;
        double nu = 0.01, t = 2;
        double[] w0 = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) w0[i * n + j] = Math.sin(2 * Math.PI * i / n) * Math.sin(2 * Math.PI * j / n);
        double decay = Math.exp(-8 * Math.PI * Math.PI * nu * t);
        double[] dts = {0.2, 0.1, 0.05, 0.025};
        double[] err = new double[dts.length];
        for (int d = 0; d < dts.length; d++) {
            double[] w = new NavierStokes2d(n, nu, dts[d], null).solve(w0, t);
            double e = 0;
            for (int p = 0; p < n * n; p++) e = Math.max(e, Math.abs(w[p] - decay * w0[p]));
            err[d] = e;
        }
        for (int d = 1; d < dts.length; d++)
            assertEquals(2, Math.log(err[d - 1] / err[d]) / Math.log(2), 0.1, "errors " + java.util.Arrays.toString(err));
        assertTrue(err[dts.length - 1] < 1e-4);
        // a small step matches the exact decay closely
        double[] w = new NavierStokes2d(n, nu, 1e-3, null).solve(w0, t);
        for (int p = 0; p < n * n; p++) assertEquals(decay * w0[p], w[p], 1e-7);
    }

    /** The FNO forcing depends on x + y only, so from rest w(t) = f (1 - exp(-8 pi^2 nu t)) / (8 pi^2 nu) exactly. */
    @Test
    void forcedShearFlowFromRest() {
        int n = 16;
        double nu = 1e-2, t = 3;
        double[] f = NavierStokes2d.fnoForcing(n);
        double[] w = new NavierStokes2d(n, nu, 1e-3, f).solve(new double[n * n], t);
        double c = (1 - Math.exp(-8 * Math.PI * Math.PI * nu * t)) / (8 * Math.PI * Math.PI * nu);
        for (int p = 0; p < n * n; p++) assertEquals(c * f[p], w[p], 1e-7);
    }

    /** Nonlinear flow from a GRF initial condition: halving dt reduces the change by at least 4 (second order or better). */
    @Test
    void turbulentFlowConvergesInTime() {
        int n = 32;
        double[] w0 = GaussianRandomField.fnoPeriodic(2, n, 2.5, 7).sample(SampleStreams.forSample(1, 0));
        double[] f = NavierStokes2d.fnoForcing(n);
        double t = 1;
        double[] w1 = new NavierStokes2d(n, 1e-3, 0.02, f).solve(w0, t);
        double[] w2 = new NavierStokes2d(n, 1e-3, 0.01, f).solve(w0, t);
        double[] w3 = new NavierStokes2d(n, 1e-3, 0.005, f).solve(w0, t);
        double d1 = maxDiff(w1, w2), d2 = maxDiff(w2, w3);
        assertTrue(d1 / d2 > 3.6, "self-convergence ratio " + d1 / d2 + " (" + d1 + ", " + d2 + ")");
        assertTrue(d2 < 1e-3 * maxAbs(w3), "dt=0.01 vs 0.005 differ by " + d2);
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    @Test
    void recordsAreEquallySpacedSnapshots() {
        int n = 16;
        double[] w0 = GaussianRandomField.fnoPeriodic(2, n, 2.5, 7).sample(SampleStreams.forSample(3, 0));
        NavierStokes2d ns = new NavierStokes2d(n, 1e-3, 0.01, NavierStokes2d.fnoForcing(n));
        double[][] rec = ns.solve(w0, 1, 4);
        assertEquals(4, rec.length);
        assertArrayEquals(rec[3], ns.solve(w0, 1), 0);
        assertArrayEquals(rec[1], ns.solve(w0, 0.5), 0);
    }

    @Test
    void rejectsBadParametersAndUnstableSteps() {
        assertThrows(IllegalArgumentException.class, () -> new NavierStokes2d(16, -1e-3, 1e-3, null));
        assertThrows(IllegalArgumentException.class, () -> new NavierStokes2d(16, 1e-3, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new NavierStokes2d(16, 1e-3, 1e-3, new double[10]));
        NavierStokes2d ns = new NavierStokes2d(64, 1e-3, 0.5, null);
        assertThrows(IllegalArgumentException.class, () -> ns.requireStable(1));
        double[] w0 = GaussianRandomField.fnoPeriodic(2, 64, 2.5, 7).sample(SampleStreams.forSample(1, 0));
        assertThrows(IllegalStateException.class, () -> ns.solve(w0, 5));
    }
}
