package org.neuralop4j.validation.quantize;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.nn.ActivationHook;

/**
 * Calibrates per-tensor int8 activation scales: used as the hook of a model's hooked inference (e.g.
 * {@code Fno.predict(x, hook)}) over a calibration batch, it records the activations at every site and passes them on
 * unchanged. The range of a site is {@code A = } the {@code p}-th percentile of {@code |x|} over every entry seen
 * there (nearest rank: the {@code ceil(p/100 * n)}-th smallest of the {@code n} values; {@code p = 100} is the
 * largest {@code |x|}, "max-abs"), and its scale is {@code s = A / 127}, so {@code [-A, A]} maps onto the codes
 * {@code -127..127}. A percentile below 100 clips the rare largest activations for a finer grid on the rest.
 *
 * <p>The result depends only on the multiset of values seen per site, not on how the calibration data was split
 * into batches nor on the order of the calls, so calibration is deterministic. Max-abs keeps one number per site; a
 * percentile keeps every value seen (8 bytes each), so its calibration batch should stay modest.
 * Calibration after Jacob et al. (CVPR 2018, arXiv:1712.05877, max-abs ranges) and the percentile calibrator of
 * Wu et al. ("Integer quantization for deep learning inference", arXiv:2004.09602).
 */
public final class ActivationCalibrator implements ActivationHook {
    private final double percentile;
    private final LinkedHashMap<String, SiteRecord> sites = new LinkedHashMap<>();

    private ActivationCalibrator(double percentile) {
        if (!(percentile > 0 && percentile <= 100))
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
        this.percentile = percentile;
    }

    /** @return a calibrator whose range is the largest {@code |x|} seen at each site */
    public static ActivationCalibrator maxAbs() { return new ActivationCalibrator(100); }

    /** @return a calibrator whose range is the {@code p}-th percentile of {@code |x|} at each site, {@code 0 < p <= 100} */
    public static ActivationCalibrator percentile(double p) { return new ActivationCalibrator(p); }

    /** Records {@code |activation|} under {@code site}; returns {@code activation} (not modified). */
    @Override
    public Tensor apply(String site, Tensor activation) {
        SiteRecord r = sites.computeIfAbsent(site, k -> new SiteRecord());
        double[] a = activation.data();
        for (double v : a) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("non-finite activation " + v + " at site " + site);
            r.maxAbs = Math.max(r.maxAbs, Math.abs(v));
        }
        if (percentile < 100) r.append(a);
        r.count += a.length;
        return activation;
    }

    /**
     * @return the range {@code A} of every site seen, in the order first seen
     * @throws IllegalStateException if nothing was recorded, or a site's range is 0 (no int8 grid fits it)
     */
    public LinkedHashMap<String, Double> ranges() {
        if (sites.isEmpty()) throw new IllegalStateException("no activations recorded: run the hooked inference on calibration data first");
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, SiteRecord> e : sites.entrySet()) {
            double a = e.getValue().range(percentile);
            if (!(a > 0)) throw new IllegalStateException("activation range at site " + e.getKey() + " is " + a + " (all calibration values zero?)");
            out.put(e.getKey(), a);
        }
        return out;
    }

    /** @return the scale {@code A / 127} of every site seen, in the order first seen (see {@link #ranges()}) */
    public LinkedHashMap<String, Double> scales() {
        LinkedHashMap<String, Double> out = ranges();
        out.replaceAll((k, a) -> a / Int8Tensor.QMAX);
        return out;
    }

    /** @return the percentile this calibrator uses (100 for max-abs) */
    public double percentileUsed() { return percentile; }

    private static final class SiteRecord {
        double maxAbs;
        long count;
        double[] abs = new double[0];
        int stored;

        void append(double[] a) {
            if (stored + a.length > abs.length) {
                long want = Math.max((long) stored + a.length, 2L * abs.length);
                if (want > Integer.MAX_VALUE - 8) throw new IllegalStateException("calibration batch too large for a percentile: " + want + " values at one site");
                abs = Arrays.copyOf(abs, (int) want);
            }
            for (int i = 0; i < a.length; i++) abs[stored + i] = Math.abs(a[i]);
            stored += a.length;
        }

        double range(double p) {
            if (p >= 100) return maxAbs;
            double[] sorted = Arrays.copyOf(abs, stored);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100 * stored); // nearest rank, 1-based
            return sorted[Math.max(rank, 1) - 1];
        }
    }
}
