package org.neuralop4j.validation.quantize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.operators.fno.Fno;
import org.neuralop4j.operators.fno.FnoConfig;

class ActivationQuantizationTest {
    private static Fno tinyFno() {
        return new Fno(FnoConfig.builder().inChannels(1).outChannels(1).width(6).modes(3, 3).layers(3).projectionWidth(8).padding(0.25).build(), 11);
    }

    private static LinkedHashMap<String, Double> calibrate(Fno m, ActivationCalibrator c, Tensor... batches) {
        for (Tensor b : batches) m.predict(b, c);
        return c.scales();
    }

    @Test
    void rangeIsTheNearestRankPercentileOfAbsoluteValuesPerSiteInFirstSeenOrder() {
        double[] a = new double[1000];
        for (int i = 0; i < a.length; i++) a[i] = (i % 2 == 0 ? -1 : 1) * (1000 - i); // |a| = 1000..1, mixed signs
        Tensor t = Tensor.wrap(a, 10, 100), small = t.scale(1e-3);
        ActivationCalibrator max = ActivationCalibrator.maxAbs(), p99 = ActivationCalibrator.percentile(99), p50 = ActivationCalibrator.percentile(50);
        for (ActivationCalibrator c : List.of(max, p99, p50)) {
            assertSame(t, c.apply("second", t));
            c.apply("first", small);
        }
        assertEquals(List.of("second", "first"), new ArrayList<>(max.ranges().keySet()));
        assertEquals(1000, max.ranges().get("second"));
        assertEquals(990, p99.ranges().get("second")); // the ceil(0.99 * 1000) = 990-th smallest |a|
        assertEquals(500, p50.ranges().get("second"));
        assertEquals(0.99, p99.ranges().get("first"), 1e-15);
        assertEquals(1000.0 / 127, max.scales().get("second"), 1e-15);
        assertEquals(100, max.percentileUsed());
        // the percentile runs over every value of every call at the site: a second call of 1000 entries of 2000
        p99.apply("second", Tensor.full(2000, 1000));
        assertEquals(2000, p99.ranges().get("second"));
    }

    @Test
    void calibrationIsDeterministicAcrossRunsAndThreadCountsAndIndependentOfBatching() {
        Fno m = tinyFno();
        Tensor x = Tensor.randn(3, 8, 1, 12, 10);
        int saved = Parallel.threads();
        try {
            for (double p : new double[] {100, 99.9}) {
                Parallel.setThreads(1);
                LinkedHashMap<String, Double> one = calibrate(m, ActivationCalibrator.percentile(p), x);
                Parallel.setThreads(2);
                LinkedHashMap<String, Double> two = calibrate(m, ActivationCalibrator.percentile(p), x);
                LinkedHashMap<String, Double> again = calibrate(m, ActivationCalibrator.percentile(p), x);
                assertEquals(m.activationSites(), new ArrayList<>(one.keySet()));
                assertEquals(one, two); // exact
                assertEquals(one, again);
                // the calibrator sees a multiset of values per site: the same activations split into batches in another
                // order give the same scales (the model itself may round a sample's activations differently in another
                // batch size, so the split is done on the recorded activations)
                LinkedHashMap<String, Tensor> recorded = new LinkedHashMap<>();
                m.predict(x, (site, a) -> { recorded.put(site, a.copy()); return a; });
                ActivationCalibrator split = ActivationCalibrator.percentile(p);
                for (int[] range : new int[][] {{5, 8}, {0, 2}, {2, 5}})
                    for (Map.Entry<String, Tensor> e : recorded.entrySet()) split.apply(e.getKey(), e.getValue().slice(range[0], range[1]));
                assertEquals(one, split.scales());
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void everyQuantizedActivationIsOnItsGridWithinHalfAStepOrClippedAndTheOutputStaysClose() {
        Fno m = tinyFno();
        Tensor calib = Tensor.randn(5, 16, 1, 12, 10), x = Tensor.randn(6, 4, 1, 12, 10);
        ActivationFakeQuantizer q = new ActivationFakeQuantizer(calibrate(m, ActivationCalibrator.maxAbs(), calib));
        Map<String, Double> scales = q.scales();
        List<String> visited = new ArrayList<>();
        long[] clipped = {0};
        Tensor quantized = m.predict(x, (site, a) -> {
            visited.add(site);
            Tensor r = q.apply(site, a);
            double s = scales.get(site);
            for (int i = 0; i < a.size(); i++) {
                double v = a.data()[i], w = r.data()[i], code = w / s;
                assertEquals(Math.rint(code), code, 1e-9, site + " entry " + i + " off the grid");
                assertTrue(Math.abs(code) <= 127 + 1e-9, site);
                if (Math.abs(v) <= 127 * s) assertTrue(Math.abs(w - v) <= s / 2 * (1 + 1e-12), site + " entry " + i);
                else {
                    assertEquals(Math.copySign(127 * s, v), w, 1e-15 * Math.abs(v));
                    clipped[0]++;
                }
            }
            return r;
        });
        assertEquals(m.activationSites(), visited);
        assertTrue(clipped[0] < x.size(), "clipped " + clipped[0]); // fresh inputs may exceed the calibrated range, rarely
        Tensor exact = m.predict(x);
        double change = quantized.sub(exact).norm() / exact.norm();
        assertTrue(change > 1e-5 && change < 5e-2, "relative output change " + change);
    }

    @Test
    void badArgumentsAndUncalibratedSitesAreRejectedWithTheirNames() {
        assertThrows(IllegalArgumentException.class, () -> ActivationCalibrator.percentile(0));
        assertThrows(IllegalArgumentException.class, () -> ActivationCalibrator.percentile(100.5));
        assertThrows(IllegalStateException.class, () -> ActivationCalibrator.maxAbs().ranges());
        ActivationCalibrator zero = ActivationCalibrator.maxAbs();
        zero.apply("dead", Tensor.zeros(3, 4));
        IllegalStateException e = assertThrows(IllegalStateException.class, zero::scales);
        assertTrue(e.getMessage().contains("dead"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ActivationCalibrator.maxAbs().apply("nan", Tensor.vector(1, Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> new ActivationFakeQuantizer(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new ActivationFakeQuantizer(Map.of("a", 0.0)));
        ActivationFakeQuantizer q = new ActivationFakeQuantizer(Map.of("lift", 0.1));
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> tinyFno().predict(Tensor.randn(1, 1, 1, 12, 10), q));
        assertTrue(u.getMessage().contains("fourier0"), u.getMessage());
    }
}
