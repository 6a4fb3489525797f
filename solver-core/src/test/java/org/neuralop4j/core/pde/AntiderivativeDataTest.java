package org.neuralop4j.core.pde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class AntiderivativeDataTest {
    /** 5-point Gauss–Legendre on each knot interval is exact for cubics: an independent route to the integral. */
    static double gaussIntegral(CubicSpline s, double x, int knots) {
        double[] nodes = {0, -0.5384693101056831, 0.5384693101056831, -0.9061798459386640, 0.9061798459386640};
        double[] w = {0.5688888888888889, 0.4786286704993665, 0.4786286704993665, 0.2369268850561891, 0.2369268850561891};
        double h = 1.0 / (knots - 1), total = 0;
        for (int i = 0; i < knots - 1; i++) {
            double lo = i * h, hi = Math.min((i + 1) * h, x);
            if (hi <= lo) break;
            double c = 0.5 * (lo + hi), r = 0.5 * (hi - lo);
            for (int q = 0; q < 5; q++) total += r * w[q] * s.value(c + r * nodes[q]);
        }
        return total;
    }

    @Test
    void splineReproducesDataAndIntegratesCubicsExactly() {
        // a natural spline reproduces any straight line; its integral is exact
        double[] y = new double[11];
        for (int i = 0; i < 11; i++) y[i] = 2 - 3 * (i / 10.0);
        CubicSpline s = new CubicSpline(0, 1, y);
        for (double x = 0; x <= 1; x += 0.037) {
            assertEquals(2 - 3 * x, s.value(x), 1e-14);
            assertEquals(2 * x - 1.5 * x * x, s.integral(x), 1e-14);
        }
        // interpolation of a smooth function converges (natural end conditions: O(h^2) near the ends)
        double[] z = new double[201];
        for (int i = 0; i < 201; i++) z[i] = Math.sin(3 * i / 200.0);
        CubicSpline t = new CubicSpline(0, 1, z);
        assertEquals(Math.sin(3 * 0.5123), t.value(0.5123), 1e-8);
        assertThrows(IllegalArgumentException.class, () -> t.value(1.5));
    }

    @Test
    void labelsAreExactIntegralsOfTheSensorFunction() {
        AntiderivativeData data = new AntiderivativeData(0.2, 300, 50);
        for (boolean aligned : new boolean[] {true, false}) {
            for (int k = 0; k < 3; k++) {
                double[] v = new double[50], x = new double[50], y = new double[50];
                data.sample(SampleStreams.forSample(1, k), aligned, v, x, y);
                CubicSpline s = data.sampleFunction(SampleStreams.forSample(1, k)); // the same draw
                double scale = 0;
                for (int i = 0; i < 50; i++) {
                    assertEquals(s.value(data.sensorPoints()[i]), v[i], 0);
                    scale = Math.max(scale, Math.abs(v[i]));
                    assertEquals(gaussIntegral(s, x[i], 300), y[i], 1e-12 * Math.max(1, scale), "aligned=" + aligned);
                }
                if (aligned) assertArrayEquals(data.sensorPoints(), x);
                else for (double q : x) assertTrue(q >= 0 && q < 1);
            }
        }
    }

    /** Empirical covariance of v at a few sensors matches the RBF kernel. */
    @Test
    void inputFunctionsHaveTheRbfCovariance() {
        AntiderivativeData data = new AntiderivativeData(0.2, 200, 11);
        int samples = 4000;
        double[][] c = new double[11][11];
        double[] v = new double[11], x = new double[11], y = new double[11];
        for (int s = 0; s < samples; s++) {
            data.sample(SampleStreams.forSample(2, s), true, v, x, y);
            for (int i = 0; i < 11; i++) for (int j = 0; j < 11; j++) c[i][j] += v[i] * v[j] / samples;
        }
        for (int i = 0; i < 11; i++)
            for (int j = 0; j < 11; j++) {
                double d = (i - j) / 10.0;
                assertEquals(Math.exp(-d * d / 0.08), c[i][j], 6 * Math.sqrt(2.0 / samples), "cov(" + i + "," + j + ")");
            }
    }

    @Test
    void deepOnetSetupAndReproducibility() {
        AntiderivativeData data = AntiderivativeData.deepOnetDefaults();
        assertEquals(100, data.sensors());
        assertTrue(data.rank() > 10 && data.rank() < 200, "rank " + data.rank());
        for (int i = 0; i < 1000; i += 37)
            for (int j = 0; j < 1000; j += 41) {
                double d = (i - j) / 999.0;
                assertEquals(Math.exp(-d * d / 0.08), data.sampledCovariance(i, j), 2 * AntiderivativeData.TRUNCATION);
            }
        UniformRandomProvider a = SampleStreams.forSample(3, 7), b = SampleStreams.forSample(3, 7);
        double[] v1 = new double[100], x1 = new double[100], y1 = new double[100], v2 = new double[100], x2 = new double[100], y2 = new double[100];
        data.sample(a, false, v1, x1, y1);
        data.sample(b, false, v2, x2, y2);
        assertArrayEquals(v1, v2, 0);
        assertArrayEquals(y1, y2, 0);
        assertThrows(IllegalArgumentException.class, () -> new AntiderivativeData(-0.2, 100, 10));
        assertThrows(IllegalArgumentException.class, () -> new AntiderivativeData(0.2, 100, 1));
    }
}
