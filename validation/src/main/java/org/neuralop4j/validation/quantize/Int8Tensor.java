package org.neuralop4j.validation.quantize;

import java.util.Arrays;
import org.neuralop4j.core.Tensor;

/**
 * A tensor stored as symmetric int8 codes with one scale per slice along an axis:
 * {@code w[..., c, ...] ~ s_c q[..., c, ...]}, {@code q in [-127, 127]}, {@code s_c = max |w[..., c, ...]| / 127}
 * (a slice of zeros gets {@code s_c = 0}). Rounding is to nearest, so every entry satisfies
 * {@code |w - s_c q| <= s_c / 2}. Immutable.
 */
public final class Int8Tensor {
    /** The largest code magnitude (symmetric range, -128 unused). */
    public static final int QMAX = 127;

    private final byte[] codes;
    private final double[] scales;
    private final int[] shape;
    private final int axis;

    private Int8Tensor(byte[] codes, double[] scales, int[] shape, int axis) {
        this.codes = codes;
        this.scales = scales;
        this.shape = shape;
        this.axis = axis;
    }

    /**
     * Quantizes with one scale per index of {@code axis} (per channel).
     * @param w    the values (not modified); must be finite
     * @param axis the channel axis, {@code 0 <= axis < rank}
     * @throws IllegalArgumentException for a bad axis or a non-finite value
     */
    public static Int8Tensor perChannel(Tensor w, int axis) {
        int[] shape = w.shape();
        if (axis < 0 || axis >= shape.length)
            throw new IllegalArgumentException("axis " + axis + " out of range for shape " + Arrays.toString(shape));
        int channels = shape[axis], inner = 1, outer = 1;
        for (int d = axis + 1; d < shape.length; d++) inner *= shape[d];
        for (int d = 0; d < axis; d++) outer *= shape[d];
        double[] x = w.data();
        double[] absMax = new double[channels];
        for (int o = 0; o < outer; o++)
            for (int c = 0; c < channels; c++) {
                int base = (o * channels + c) * inner;
                for (int i = 0; i < inner; i++) {
                    double v = x[base + i];
                    if (!Double.isFinite(v)) throw new IllegalArgumentException("cannot quantize a non-finite value " + v + " at flat index " + (base + i));
                    absMax[c] = Math.max(absMax[c], Math.abs(v));
                }
            }
        double[] scales = new double[channels];
        for (int c = 0; c < channels; c++) scales[c] = absMax[c] / QMAX;
        byte[] q = new byte[x.length];
        for (int o = 0; o < outer; o++)
            for (int c = 0; c < channels; c++) {
                int base = (o * channels + c) * inner;
                double s = scales[c];
                for (int i = 0; i < inner; i++) q[base + i] = s == 0 ? 0 : (byte) clampCode(Math.rint(x[base + i] / s));
            }
        return new Int8Tensor(q, scales, shape, axis);
    }

    /** Quantizes with one scale for the whole tensor ({@code max |w| / 127}). */
    public static Int8Tensor perTensor(Tensor w) {
        Int8Tensor t = perChannel(w.reshape(1, w.size()), 0);
        return new Int8Tensor(t.codes, t.scales, w.shape(), -1);
    }

    static long clampCode(double r) { return (long) Math.max(-QMAX, Math.min(QMAX, r)); }

    /** @return the values {@code s_c q} as a new float64 tensor of the original shape */
    public Tensor dequantize() {
        double[] out = new double[codes.length];
        if (axis < 0) {
            for (int i = 0; i < out.length; i++) out[i] = scales[0] * codes[i];
        } else {
            int channels = shape[axis], inner = 1;
            for (int d = axis + 1; d < shape.length; d++) inner *= shape[d];
            for (int i = 0; i < out.length; i++) out[i] = scales[(i / inner) % channels] * codes[i];
        }
        return Tensor.wrap(out, shape.clone());
    }

    /** @return the scales, one per channel (one element for a per-tensor quantization); a copy */
    public double[] scales() { return scales.clone(); }

    /** @return the int8 codes in row-major order; a copy */
    public byte[] codes() { return codes.clone(); }

    /** @return the channel axis, or -1 for a per-tensor quantization */
    public int axis() { return axis; }
}
