package org.neuralop4j.validation.quantize;

import java.util.LinkedHashMap;
import java.util.Map;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.nn.Module;

/**
 * Post-training int8 quantization of a trained model, as quantize-dequantize on float64:
 * <ul>
 *   <li>weights: every parameter of rank at least 2 is replaced by its per-channel symmetric int8 version along
 *       axis 0 (the output channel of {@code Linear}/{@code ChannelLinear} weights {@code (out, in)}; the first
 *       axis of spectral weights); rank-0/1 parameters (biases) stay float, as int8 schemes keep them in 32 bits;</li>
 *   <li>activations: a tensor is rounded to the per-tensor grid {@code s = A / 127}, {@code A} the largest
 *       {@code |x|} seen on calibration data ({@link #calibrateScale}) or a percentile of it, with values beyond
 *       {@code 127 s} clipped ({@link #fakeQuantize}); a model's internal activations through its activation hook
 *       with {@link ActivationCalibrator} and {@link ActivationFakeQuantizer}.</li>
 * </ul>
 * Scheme after Jacob et al. (CVPR 2018, arXiv:1712.05877), symmetric (no zero points).
 */
public final class Int8Quantization {
    private Int8Quantization() {}

    /**
     * Replaces the weights of {@code model} in place by their per-channel int8 values.
     * @return the original state dict, for {@link Module#loadStateDict} to undo the change
     */
    public static Map<String, Tensor> quantizeWeights(Module model) {
        LinkedHashMap<String, Tensor> original = model.stateDict();
        LinkedHashMap<String, Tensor> q = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : original.entrySet()) {
            Tensor t = e.getValue();
            q.put(e.getKey(), t.rank() >= 2 ? Int8Tensor.perChannel(t, 0).dequantize() : t.copy());
        }
        model.loadStateDict(q);
        return original;
    }

    /** @return the per-tensor activation scale {@code max |x| / 127} over the calibration tensors */
    public static double calibrateScale(Tensor... calibration) {
        double a = 0;
        for (Tensor t : calibration) for (double v : t.data()) a = Math.max(a, Math.abs(v));
        if (!(a > 0) || !Double.isFinite(a)) throw new IllegalArgumentException("calibration data must contain a finite non-zero value, max |x| = " + a);
        return a / Int8Tensor.QMAX;
    }

    /**
     * Rounds {@code x} to the grid {@code s * {-127..127}} (clipping beyond {@code 127 s}).
     * @return a new tensor; within the range {@code |result - x| <= s/2} entrywise
     */
    public static Tensor fakeQuantize(Tensor x, double scale) {
        if (!(scale > 0)) throw new IllegalArgumentException("scale must be positive, got " + scale);
        double[] in = x.data(), out = new double[in.length];
        for (int i = 0; i < in.length; i++) out[i] = scale * Int8Tensor.clampCode(Math.rint(in[i] / scale));
        return Tensor.wrap(out, x.shape());
    }
}
