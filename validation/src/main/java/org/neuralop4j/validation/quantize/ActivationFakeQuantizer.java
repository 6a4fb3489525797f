package org.neuralop4j.validation.quantize;

import java.util.LinkedHashMap;
import java.util.Map;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.nn.ActivationHook;

/**
 * Per-tensor int8 fake quantization of a model's internal activations, as the hook of its hooked inference: at a
 * site with scale {@code s} the activation {@code h} is replaced by
 * {@code s * clamp(round(h / s), -127, 127)} ({@link Int8Quantization#fakeQuantize}), so every entry inside the
 * calibrated range moves by at most {@code s / 2} and entries beyond {@code 127 s} are clipped. Scales come from an
 * {@link ActivationCalibrator}. Stateless apart from the scales; thread-safe.
 */
public final class ActivationFakeQuantizer implements ActivationHook {
    private final LinkedHashMap<String, Double> scales;

    /**
     * @param scales one positive scale per site (copied)
     * @throws IllegalArgumentException for an empty map or a scale that is not positive and finite
     */
    public ActivationFakeQuantizer(Map<String, Double> scales) {
        if (scales.isEmpty()) throw new IllegalArgumentException("scales: no sites");
        for (Map.Entry<String, Double> e : scales.entrySet()) {
            double s = e.getValue();
            if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException("scale of site " + e.getKey() + " must be positive and finite, got " + s);
        }
        this.scales = new LinkedHashMap<>(scales);
    }

    /**
     * @return the fake-quantized activation (a new tensor; {@code activation} is not modified)
     * @throws IllegalArgumentException if {@code site} has no scale (the model reached a site calibration never saw)
     */
    @Override
    public Tensor apply(String site, Tensor activation) {
        Double s = scales.get(site);
        if (s == null) throw new IllegalArgumentException("no calibrated scale for activation site " + site + "; calibrated sites: " + scales.keySet());
        return Int8Quantization.fakeQuantize(activation, s);
    }

    /** @return the scales by site (a copy) */
    public LinkedHashMap<String, Double> scales() { return new LinkedHashMap<>(scales); }
}
