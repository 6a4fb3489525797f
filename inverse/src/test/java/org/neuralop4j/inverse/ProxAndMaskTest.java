package org.neuralop4j.inverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProxAndMaskTest {
    @Test
    void softThresholdingMatchesTheClosedForm() {
        // z = 3 + 4i (|z| = 5), t w = 2: (1 - 2/5) z = 1.8 + 2.4i; z = 0.6 - 0.8i (|z| = 1) with t w = 1.5: 0
        double[] z = {3, 4, 0.6, -0.8, -2, 0};
        double[] out = new double[6];
        Prox.softThreshold(z, 0.5, new double[] {4, 3, 2}, out);
        assertArrayEquals(new double[] {1.8, 2.4, 0, 0, -1, 0}, out, 1e-15);
    }

    @Test
    void softThresholdingIsTheProxOfTheWeightedL1Norm() {
        // prox_f(u) minimises f(z) + |z - u|^2 / 2: compare with every point of a fine grid around it
        double t = 0.7, w = 1.3, ur = 1.1, ui = -0.4;
        double[] out = new double[2];
        Prox.softThreshold(new double[] {ur, ui}, t, new double[] {w}, out);
        double best = Double.POSITIVE_INFINITY, br = 0, bi = 0;
        for (int a = -400; a <= 400; a++)
            for (int b = -400; b <= 400; b++) {
                double zr = a * 0.0025, zi = b * 0.0025;
                double f = t * w * Math.hypot(zr, zi) + 0.5 * ((zr - ur) * (zr - ur) + (zi - ui) * (zi - ui));
                if (f < best) {
                    best = f;
                    br = zr;
                    bi = zi;
                }
            }
        assertEquals(br, out[0], 0.003);
        assertEquals(bi, out[1], 0.003);
    }

    @Test
    void ballProjection() {
        double[] v = {3, 0, 0, 4};
        double[] out = new double[4];
        assertEquals(0.2, Prox.projectBall(v, 1, out), 1e-15);
        assertArrayEquals(new double[] {0.6, 0, 0, 0.8}, out, 1e-15);
        assertEquals(1.0, Prox.projectBall(v, 10, out), 0);
        assertArrayEquals(v, out, 0);
        double[] u = {3, 4, 0.1, 0};
        Prox.projectModulus(u, new double[] {1, 1}, out);
        assertArrayEquals(new double[] {0.6, 0.8, 0.1, 0}, out, 1e-15);
    }

    @Test
    void masksHaveExactCountsAndAreSeeded() {
        int[] dims = {64, 64};
        for (SamplingMask.Spectrum s : SamplingMask.Spectrum.values()) {
            SamplingMask a = SamplingMask.variableDensity(dims, s, 0.45, 3);
            assertEquals(Math.round(0.45 * 4096), a.count());
            assertEquals(a, SamplingMask.variableDensity(dims, s, 0.45, 3));
            assertNotEquals(a, SamplingMask.variableDensity(dims, s, 0.45, 4));
        }
        SamplingMask u = SamplingMask.uniformRandom(new int[] {1000}, 0.25, 1);
        assertEquals(250, u.count());
        assertEquals(u, SamplingMask.uniformRandom(new int[] {1000}, 0.25, 1));
        assertThrows(IllegalArgumentException.class, () -> SamplingMask.uniformRandom(dims, 0, 1));
    }

    @Test
    void variableDensityIsDenseAtLowFrequencies() {
        int[] dims = {64, 64};
        SamplingMask m = SamplingMask.variableDensity(dims, SamplingMask.Spectrum.FOURIER, 0.3, 1);
        int inner = 0, innerTotal = 0, outer = 0, outerTotal = 0;
        for (int i = 0; i < m.size(); i++) {
            double r = SamplingMask.radius(dims, SamplingMask.Spectrum.FOURIER, i);
            if (r < 0.1) {
                innerTotal++;
                if (m.isSampled(i)) inner++;
            } else if (r > 0.7) {
                outerTotal++;
                if (m.isSampled(i)) outer++;
            }
        }
        assertTrue((double) inner / innerTotal > 0.9, "centre rate " + (double) inner / innerTotal);
        assertTrue((double) outer / outerTotal < 0.2, "edge rate " + (double) outer / outerTotal);
        assertTrue(m.isSampled(32 * 64 + 32), "DC is sampled");
    }

    @Test
    void multilevelSamplesTheRequestedFractionPerLevel() {
        int[] dims = {32, 32};
        int levels = SamplingMask.levelCount(dims, SamplingMask.Spectrum.FOURIER);
        assertEquals(4, levels); // k < 2, [2,4), [4,8), [8,16]
        double[] f = {1, 0.5, 0.25, 0.1};
        SamplingMask m = SamplingMask.multilevel(dims, SamplingMask.Spectrum.FOURIER, f, 8);
        int[] total = new int[levels], taken = new int[levels];
        for (int i = 0; i < m.size(); i++) {
            int r = i / 32 - 16, c = i % 32 - 16;
            int k = Math.max(Math.abs(r), Math.abs(c));
            int l = k < 2 ? 0 : Math.min(levels - 1, 31 - Integer.numberOfLeadingZeros(k));
            total[l]++;
            if (m.isSampled(i)) taken[l]++;
        }
        for (int l = 0; l < levels; l++) assertEquals(Math.round(f[l] * total[l]), taken[l], "level " + l);
        SamplingMask byRate = SamplingMask.multilevel(new int[] {64, 64}, SamplingMask.Spectrum.FOURIER, 0.45, 1.0, 2);
        assertEquals(0.45, byRate.rate(), 0.01);
    }
}
