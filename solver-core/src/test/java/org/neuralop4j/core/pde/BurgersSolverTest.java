package org.neuralop4j.core.pde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.fft.Fft;

class BurgersSolverTest {
    /**
     * Cole–Hopf: u = -2 nu phi_x / phi with phi_t = nu phi_xx and phi(x,0) = exp(-(1/(2 nu)) int_0^x u0).
     * For u0 = A sin(2 pi x), phi(., 0) = exp(-A (1 - cos 2 pi x) / (4 pi nu)) is entire; its Fourier
     * coefficients (from a 512-point FFT, exact to rounding) are advanced exactly by exp(-nu (2 pi k)^2 t).
     */
    static double[] coleHopf(double amp, double nu, double t, int n) {
        int nf = 512;
        double[] phi0 = new double[nf];
        for (int j = 0; j < nf; j++) phi0[j] = Math.exp(-amp * (1 - Math.cos(2 * Math.PI * j / nf)) / (4 * Math.PI * nu));
        double[] c = Fft.rfftn(phi0, 1, nf);
        double[] u = new double[n];
        for (int j = 0; j < n; j++) {
            double x = (double) j / n, phi = c[0] / nf, phix = 0;
            for (int k = 1; k < nf / 2; k++) {
                double decay = Math.exp(-nu * 4 * Math.PI * Math.PI * k * k * t) / nf;
                double re = c[2 * k] * decay, im = c[2 * k + 1] * decay;
                double cs = Math.cos(2 * Math.PI * k * x), sn = Math.sin(2 * Math.PI * k * x);
                phi += 2 * (re * cs - im * sn);
                phix += 2 * 2 * Math.PI * k * (-re * sn - im * cs);
            }
            u[j] = -2 * nu * phix / phi;
        }
        return u;
    }

    static double[] sine(double amp, int n) {
        double[] u = new double[n];
        for (int j = 0; j < n; j++) u[j] = amp * Math.sin(2 * Math.PI * j / n);
        return u;
    }

    static double maxErr(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    @Test
    void matchesColeHopfToOneEMinusEight() {
        int n = 256;
        double nu = 0.1, amp = 2;
        double[] exact = coleHopf(amp, nu, 1, n);
        double err = maxErr(new BurgersSolver(n, nu, 1e-3).solve(sine(amp, n), 1), exact);
        assertTrue(err <= 1e-8, "Cole-Hopf error " + err);
    }

    @Test
    void etdrk4IsFourthOrderInTime() {
        int n = 128;
        double nu = 0.05, amp = 1, t = 0.5;
        double[] exact = coleHopf(amp, nu, t, n);
        double[] dts = {0.04, 0.02, 0.01, 0.005};
        double[] err = new double[dts.length];
        for (int i = 0; i < dts.length; i++) err[i] = maxErr(new BurgersSolver(n, nu, dts[i]).solve(sine(amp, n), t), exact);
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < dts.length; i++) sb.append(String.format(" %.3f", Math.log(err[i - 1] / err[i]) / Math.log(2)));
        for (int i = 1; i < dts.length; i++) {
            double order = Math.log(err[i - 1] / err[i]) / Math.log(2);
            assertTrue(order > 3.5 && order < 4.4, "observed orders" + sb + " errors " + java.util.Arrays.toString(err));
        }
        double last = Math.log(err[dts.length - 2] / err[dts.length - 1]) / Math.log(2);
        assertEquals(4, last, 0.15, "asymptotic order" + sb);
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new BurgersSolver(64, -0.1, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new BurgersSolver(64, 0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new BurgersSolver(2, 0.1, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new BurgersSolver(64, 0.1, 1e-3).solve(new double[63], 1));
    }

    @Test
    void divergenceIsReportedNotReturned() {
        // a huge step with strong advection and tiny viscosity blows up: the solver must say so
        assertThrows(IllegalStateException.class, () -> new BurgersSolver(256, 1e-4, 0.5).solve(sine(50, 256), 20));
    }

    @Test
    void zeroTimeReturnsACopy() {
        double[] u0 = sine(1, 16);
        assertArrayEquals(u0, new BurgersSolver(16, 0.1, 0.1).solve(u0, 0));
        assertEquals(0, new BurgersSolver(16, 0.1, 0.1).solve(new double[16], 1)[3]);
    }
}
