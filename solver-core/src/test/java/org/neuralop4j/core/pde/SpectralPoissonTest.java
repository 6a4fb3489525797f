package org.neuralop4j.core.pde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;

class SpectralPoissonTest {
    @Test
    void trigonometricEigenfunctionsInTwoAndThreeDimensions() {
        int n = 12;
        for (double s : new double[] {0.25, 0.5, 1, 1.7}) {
            double[] f = new double[n * n], exact = new double[n * n];
            double eig = Math.pow(4 * Math.PI * Math.PI * (1 + 4), s);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    f[i * n + j] = Math.sin(2 * Math.PI * i / n) * Math.cos(4 * Math.PI * j / n) + 3; // mean 3 is removed
                    exact[i * n + j] = (f[i * n + j] - 3) / eig;
                }
            double[] u = SpectralPoisson.solve(f, s, 1, n, n);
            for (int p = 0; p < n * n; p++) assertEquals(exact[p], u[p], 1e-15 + 1e-13 * Math.abs(exact[p]));
        }
        int m = 6;
        double[] f3 = new double[m * m * m];
        for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) for (int k = 0; k < m; k++)
            f3[(i * m + j) * m + k] = Math.cos(2 * Math.PI * (i + 2 * j - k) / m);
        double[] u3 = SpectralPoisson.solve(f3, 0.5, 1, m, m, m);
        double eig = Math.sqrt(4 * Math.PI * Math.PI * 6);
        for (int p = 0; p < f3.length; p++) assertEquals(f3[p] / eig, u3[p], 1e-14);
    }

    /** u = exp(sin 2 pi x) - mean, f = -u'' = 4 pi^2 (sin - cos^2) exp(sin): error decays spectrally. */
    @Test
    void poissonConvergesSpectrally() {
        double prev = Double.MAX_VALUE;
        for (int n : new int[] {8, 16, 32}) {
            double[] f = new double[n], u = new double[n];
            double mean = 0;
            for (int j = 0; j < n; j++) {
                double x = 2 * Math.PI * j / n;
                f[j] = 4 * Math.PI * Math.PI * (Math.sin(x) - Math.cos(x) * Math.cos(x)) * Math.exp(Math.sin(x));
                u[j] = Math.exp(Math.sin(x));
            }
            // mean of exp(sin) over a period is I_0(1)
            mean = 1.2660658777520082;
            double[] v = SpectralPoisson.solve(f, 1, 1, n);
            double err = 0;
            for (int j = 0; j < n; j++) err = Math.max(err, Math.abs(v[j] - (u[j] - mean)));
            assertTrue(err < prev / 100 || err < 1e-13, "n=" + n + " error " + err);
            prev = err;
        }
        assertTrue(prev < 1e-13);
    }

    @Test
    void applyInvertsSolveOnMeanZeroFieldsBatchedTensor() {
        Tensor f = Tensor.randn(4, 3, 10, 8);
        double[] centered = f.data().clone();
        for (int b = 0; b < 3; b++) {
            double mean = 0;
            for (int p = 0; p < 80; p++) mean += centered[b * 80 + p] / 80;
            for (int p = 0; p < 80; p++) centered[b * 80 + p] -= mean;
        }
        Tensor u = SpectralPoisson.solve(f, 0.75, 2);
        double[] back = SpectralPoisson.apply(u.data(), 0.75, 3, 10, 8);
        for (int p = 0; p < back.length; p++) assertEquals(centered[p], back[p], 1e-12);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> SpectralPoisson.solve(new double[8], -0.5, 1, 8));
        assertThrows(IllegalArgumentException.class, () -> SpectralPoisson.solve(new double[7], 1, 1, 8));
        assertThrows(IllegalArgumentException.class, () -> SpectralPoisson.solve(Tensor.zeros(4, 4), 1, 3));
    }
}
