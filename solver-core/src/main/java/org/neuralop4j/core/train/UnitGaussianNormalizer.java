package org.neuralop4j.core.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.autodiff.Var;

/**
 * Normalises data to zero mean and unit variance, as neuraloperator's {@code UnitGaussianNormalizer}:
 * {@code encode(x) = (x - mean) / (std + eps)}, {@code decode(z) = z (std + eps) + mean}, with the population
 * standard deviation ({@code sqrt(E[x^2] - E[x]^2)} computed in two passes).
 *
 * <p>Data has the sample axis first and channels second, {@code (N, C, X...)}. Statistics are
 * <ul>
 *   <li>{@link Mode#CHANNEL_WISE}: per channel, over samples and grid points; {@code mean}/{@code std} have shape
 *       {@code (1, C, 1, ..., 1)};</li>
 *   <li>{@link Mode#POINT_WISE}: per channel and grid point, over samples (the original FNO code's normaliser);
 *       shape {@code (1, C, X...)}.</li>
 * </ul>
 * Both broadcast against batches of any size. Nothing passed in is modified.
 */
public final class UnitGaussianNormalizer {
    /** Which axes the statistics are reduced over. */
    public enum Mode {
        /** Per channel, over batch and space. */
        CHANNEL_WISE,
        /** Per channel and grid point, over the batch. */
        POINT_WISE
    }

    /** neuraloperator's default {@code eps}. */
    public static final double DEFAULT_EPS = 1e-7;

    private final Tensor mean;
    private final Tensor std;
    private final Tensor scale; // std + eps
    private final double eps;

    private UnitGaussianNormalizer(Tensor mean, Tensor std, double eps) {
        if (!mean.sameShape(std)) throw new ShapeMismatchException("std", Arrays.toString(mean.shape()), std.shape());
        this.mean = mean;
        this.std = std;
        this.eps = Checks.nonNegative("eps", eps);
        this.scale = std.add(eps);
    }

    /** Fits with {@link #DEFAULT_EPS}. */
    public static UnitGaussianNormalizer fit(Tensor data, Mode mode) { return fit(data, mode, DEFAULT_EPS); }

    /**
     * Computes the statistics of {@code data} {@code (N, C, X...)} (rank 2 {@code (N, C)} is allowed).
     * @throws ShapeMismatchException when data has rank below 2 or no samples
     */
    public static UnitGaussianNormalizer fit(Tensor data, Mode mode, double eps) {
        if (data.rank() < 2 || data.dim(0) == 0) throw new ShapeMismatchException("data", "(N >= 1, C, X...)", data.shape());
        int[] shape = data.shape();
        int n = shape[0], c = shape[1], s = data.sizeOf(2, data.rank());
        int[] statShape = shape.clone();
        statShape[0] = 1;
        if (mode == Mode.CHANNEL_WISE) for (int i = 2; i < statShape.length; i++) statShape[i] = 1;
        int groups = mode == Mode.CHANNEL_WISE ? c : c * s; // statistic slots
        int inner = mode == Mode.CHANNEL_WISE ? s : 1;      // contiguous entries per slot in one sample
        double[] d = data.data();
        double[] mu = new double[groups], var = new double[groups];
        long count = (long) n * inner;
        // slot k of sample b covers d[b*c*s + k*inner .. + inner) in both modes
        for (int b = 0; b < n; b++)
            for (int k = 0; k < groups; k++) {
                int off = b * c * s + k * inner;
                double acc = 0;
                for (int i = 0; i < inner; i++) acc += d[off + i];
                mu[k] += acc;
            }
        for (int k = 0; k < groups; k++) mu[k] /= count;
        for (int b = 0; b < n; b++)
            for (int k = 0; k < groups; k++) {
                int off = b * c * s + k * inner;
                double acc = 0;
                for (int i = 0; i < inner; i++) {
                    double e = d[off + i] - mu[k];
                    acc += e * e;
                }
                var[k] += acc;
            }
        for (int k = 0; k < groups; k++) var[k] = Math.sqrt(var[k] / count);
        return new UnitGaussianNormalizer(Tensor.wrap(mu, statShape), Tensor.wrap(var, statShape), eps);
    }

    /** @return the mean (broadcastable shape; do not modify) */
    public Tensor mean() { return mean; }

    /** @return the population standard deviation (broadcastable shape; do not modify) */
    public Tensor std() { return std; }

    /** @return the {@code eps} added to {@code std} */
    public double eps() { return eps; }

    /** {@code (x - mean) / (std + eps)}. */
    public Tensor encode(Tensor x) { return encode(Var.constant(x)).value(); }

    /** {@code z (std + eps) + mean}. */
    public Tensor decode(Tensor z) { return decode(Var.constant(z)).value(); }

    /** Differentiable {@code encode}: gradients flow to {@code x}. */
    public Var encode(Var x) { return Ops.div(Ops.sub(x, Var.constant(mean)), Var.constant(scale)); }

    /** Differentiable {@code decode}, for losses measured in physical units on a model with normalised outputs. */
    public Var decode(Var z) { return Ops.add(Ops.mul(z, Var.constant(scale)), Var.constant(mean)); }

    /** @return {@code mean}, {@code std} and {@code eps} (rank 0) as tensors, for saving beside a model */
    public LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("mean", mean.copy());
        m.put("std", std.copy());
        m.put("eps", Tensor.scalar(eps));
        return m;
    }

    /**
     * Rebuilds a normaliser from {@link #stateDict()} output.
     * @throws IllegalArgumentException naming a missing entry
     */
    public static UnitGaussianNormalizer fromStateDict(Map<String, Tensor> state) {
        for (String k : new String[] {"mean", "std", "eps"})
            if (!state.containsKey(k)) throw new IllegalArgumentException("normalizer state lacks '" + k + "'");
        return new UnitGaussianNormalizer(state.get("mean").copy(), state.get("std").copy(), state.get("eps").item());
    }
}
