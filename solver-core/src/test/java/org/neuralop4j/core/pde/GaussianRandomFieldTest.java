package org.neuralop4j.core.pde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.fft.Fft;
import org.neuralop4j.core.pde.GaussianRandomField.Boundary;

class GaussianRandomFieldTest {

    @Test
    void trigSynthesisMatchesDirectSums() {
        int m = 7, lines = 3;
        double[] c = new double[lines * (m + 1)];
        UniformRandomProvider rng = SampleStreams.forSample(1, 0);
        for (int i = 0; i < c.length; i++) c[i] = rng.nextDouble() - 0.5;
        for (boolean sine : new boolean[] {false, true}) {
            double[] y = TrigTransforms.synthesis(c, lines, m, sine);
            for (int l = 0; l < lines; l++)
                for (int j = 0; j <= m; j++) {
                    double s = 0;
                    for (int k = 0; k <= m; k++) {
                        if (sine && (k == 0 || k == m)) continue;
                        double t = Math.PI * k * j / m;
                        s += c[l * (m + 1) + k] * (sine ? Math.sin(t) : Math.cos(t));
                    }
                    assertEquals(s, y[l * (m + 1) + j], 1e-13, "sine=" + sine + " line " + l + " j " + j);
                }
        }
    }

    /** Mean of |fft(u)_k|^2 / N^2 over many samples estimates lambda_k; the relative error of a mean of M chi^2 draws is ~ sqrt(2/M). */
    @Test
    void periodicSpectrumMatchesPrescribedEigenvalues() {
        for (int dim = 1; dim <= 2; dim++) {
            int n = dim == 1 ? 32 : 12, samples = 3000;
            GaussianRandomField grf = new GaussianRandomField(dim, n, 2, 5, 25, Boundary.PERIODIC, dim == 1);
            int[] dims = grf.shape();
            int total = dim == 1 ? n : n * n, h = Fft.halfLength(n);
            double[] power = new double[dim == 1 ? h : n * h];
            for (int s = 0; s < samples; s++) {
                double[] spec = Fft.rfftn(grf.sample(SampleStreams.forSample(7, s)), 1, dims);
                for (int m = 0; m < power.length; m++)
                    power[m] += (spec[2 * m] * spec[2 * m] + spec[2 * m + 1] * spec[2 * m + 1]) / ((double) total * total * samples);
            }
            double tol = 6 * Math.sqrt(2.0 / samples);
            for (int m = 0; m < power.length; m++) {
                int k1 = dim == 1 ? m : (m / h <= n / 2 ? m / h : m / h - n), k2 = m % h;
                double lambda = dim == 1 ? grf.periodicEigenvalue(k1) : grf.periodicEigenvalue(k1, k2);
                if (lambda == 0) assertEquals(0, power[m], 1e-20, "excluded mode " + m);
                else assertEquals(1, power[m] / lambda, tol, "dim " + dim + " mode (" + k1 + "," + k2 + ")");
            }
        }
    }

    /** Empirical covariance on the vertex grid against sum_k lambda_k phi_k(x) phi_k(y) summed directly. */
    @Test
    void boundedFieldsHaveThePrescribedCovariance() {
        int n = 9, samples = 6000;
        for (Boundary bc : new Boundary[] {Boundary.NEUMANN, Boundary.DIRICHLET}) {
            GaussianRandomField grf = new GaussianRandomField(2, n, 2, 3, 1, bc, false);
            double[] x = grf.axisPoints();
            int total = n * n;
            double[] emp = new double[total * total];
            for (int s = 0; s < samples; s++) {
                double[] u = grf.sample(SampleStreams.forSample(3, s));
                for (int a = 0; a < total; a++)
                    for (int b = 0; b < total; b++) emp[a * total + b] += u[a] * u[b] / samples;
            }
            double errSq = 0, refSq = 0;
            for (int a = 0; a < total; a++)
                for (int b = 0; b < total; b++) {
                    double c = 0;
                    for (int k1 = 0; k1 < n; k1++)
                        for (int k2 = 0; k2 < n; k2++) {
                            double lam = grf.boundedEigenvalue(k1, k2);
                            if (bc == Boundary.DIRICHLET && (k1 < 1 || k2 < 1 || k1 > n - 2 || k2 > n - 2)) continue;
                            c += lam * basis(bc, k1, x[a / n]) * basis(bc, k2, x[a % n]) * basis(bc, k1, x[b / n]) * basis(bc, k2, x[b % n]);
                        }
                    errSq += (emp[a * total + b] - c) * (emp[a * total + b] - c);
                    refSq += c * c;
                }
            double rel = Math.sqrt(errSq / refSq);
            assertTrue(rel < 4 * Math.sqrt(2.0 / samples), bc + ": relative covariance error " + rel);
            if (bc == Boundary.DIRICHLET) {
                double[] u = grf.sample(SampleStreams.forSample(3, 0));
                for (int i = 0; i < n; i++) {
                    assertEquals(0, u[i], 1e-15);
                    assertEquals(0, u[(n - 1) * n + i], 1e-15);
                    assertEquals(0, u[i * n], 1e-15);
                    assertEquals(0, u[i * n + n - 1], 1e-15);
                }
            }
        }
    }

    private static double basis(Boundary bc, int k, double x) {
        if (bc == Boundary.NEUMANN) return k == 0 ? 1 : Math.sqrt(2) * Math.cos(Math.PI * k * x);
        return Math.sqrt(2) * Math.sin(Math.PI * k * x);
    }

    @Test
    void seededStreamsReproduceAndDiffer() {
        GaussianRandomField grf = GaussianRandomField.fnoNeumann2d(17, 2, 3);
        assertArrayEquals(grf.sample(SampleStreams.forSample(5, 2)), grf.sample(SampleStreams.forSample(5, 2)));
        double[] a = grf.sample(SampleStreams.forSample(5, 2)), b = grf.sample(SampleStreams.forSample(5, 3));
        double diff = 0;
        for (int i = 0; i < a.length; i++) diff += Math.abs(a[i] - b[i]);
        assertTrue(diff > 1);
    }

    /** The FNO generator conventions: periodic prior with twice the stated covariance, Darcy prior tau^(2 alpha - 2). */
    @Test
    void fnoConventions() {
        GaussianRandomField ns = GaussianRandomField.fnoPeriodic(2, 16, 2.5, 7);
        assertEquals(2 * Math.pow(7, 3) * Math.pow(4 * Math.PI * Math.PI + 49, -2.5), ns.periodicEigenvalue(1, 0), 1e-16);
        assertEquals(0, ns.periodicEigenvalue(0, 0));
        GaussianRandomField darcy = GaussianRandomField.fnoNeumann2d(9, 2, 3);
        assertEquals(9 * Math.pow(Math.PI * Math.PI * 2 + 9, -2), darcy.boundedEigenvalue(1, 1), 1e-15);
        assertEquals(GaussianRandomField.Boundary.NEUMANN, darcy.boundary());
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new GaussianRandomField(3, 8, 2, 3, 1, Boundary.PERIODIC, true));
        assertThrows(IllegalArgumentException.class, () -> new GaussianRandomField(1, 8, -2, 3, 1, Boundary.PERIODIC, true));
        assertThrows(IllegalArgumentException.class, () -> new GaussianRandomField(1, 2, 2, 3, 1, Boundary.DIRICHLET, true));
        assertThrows(IllegalArgumentException.class, () -> new GaussianRandomField(1, 8, 2, 0, 1, Boundary.NEUMANN, true));
    }
}
