package org.neuralop4j.core.autodiff;

import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.ScratchArrays;

/**
 * An elementwise nonlinearity that a linear op applies to its own output before returning it, so that the
 * pre-activation never becomes a separate array: the op overwrites its output with {@code sigma(v)} and, when a
 * backward pass will follow, keeps {@code sigma'(v)} instead of {@code v}. That saves the activation's separate
 * output array and its recomputation of the nonlinearity in the backward pass (evaluating both in one pass shares
 * the work, e.g. GELU's {@code Phi} and {@code phi} share one exponential).
 */
public interface FusedActivation {
    /**
     * Overwrites {@code v[i]} with {@code sigma(v[i])} and, when {@code derivative} is not {@code null}, stores
     * {@code sigma'(v[i])} (at the original {@code v[i]}) in {@code derivative[i]}, for {@code from <= i < to}.
     * Called on disjoint ranges from several threads; must give the same result for any split.
     */
    void apply(double[] v, double[] derivative, int from, int to);

    /** Approximate cost per element in simple floating-point operations (for parallel grain sizes). */
    default int costPerElement() { return 40; }

    /**
     * Applies {@code activation} to {@code y} in place, in parallel over ranges that depend only on the length.
     * @return {@code sigma'} at the pre-activation when {@code keepDerivative}, else {@code null} (also when
     *         {@code activation} is {@code null}, which leaves {@code y} unchanged); taken from
     *         {@link org.neuralop4j.core.ScratchArrays}, which the caller may give it back to when done
     */
    static double[] applyInPlace(FusedActivation activation, double[] y, boolean keepDerivative) {
        if (activation == null) return null;
        double[] d = keepDerivative ? ScratchArrays.take(y.length) : null; // every element is written below
        Parallel.forRange(y.length, Parallel.grainFor(y.length, activation.costPerElement()),
                (i0, i1) -> activation.apply(y, d, i0, i1));
        return d;
    }

    /**
     * The gradient at the pre-activation, {@code g * d} elementwise, written over {@code d} (the kept derivative is
     * needed only once: a graph's backward pass runs once, see {@link Var#backward(org.neuralop4j.core.Tensor)}),
     * which saves an output-sized array at the peak of the backward pass.
     * @return {@code d}
     */
    static double[] timesInPlace(double[] g, double[] d) {
        Parallel.forRange(g.length, Parallel.grainFor(g.length, 2), (i0, i1) -> {
            for (int i = i0; i < i1; i++) d[i] *= g[i];
        });
        return d;
    }

    /**
     * {@link #timesInPlace} that also returns what {@link LinearOps#channelSums} would give for the product, from
     * the same pass: {@code d = g * d} on channels-first data {@code (batch, channels, points)}, and
     * {@code sums[c] = sum_{b, p} d[b, c, p]} (the gradient of a per-channel bias after the activation) with
     * {@code channelSums}' order of additions, so the same bits as the two calls, without reading the product again.
     * @return {@code sums}, length {@code channels}
     */
    static double[] timesInPlaceWithChannelSums(double[] g, double[] d, int batch, int channels, int points) {
        long n = (long) batch * channels * points;
        if (g.length != d.length || d.length != n)
            throw new IllegalArgumentException("g and d must both hold batch * channels * points = " + n + " values, got "
                    + g.length + " and " + d.length);
        // rows in memory order (each multiplied just before it is summed, while it is in cache), then the row sums
        // added per channel in batch order as channelSums adds them: walking the rows in order streams the arrays,
        // measured faster than channelSums' channel-by-channel walk (20 x 64 x 1024: 0.72-0.93 against 1.07-1.26 ms)
        int rows = batch * channels;
        double[] rowSums = new double[rows];
        Parallel.forRange(rows, Parallel.grainFor(rows, 2L * points),
                (r0, r1) -> timesInPlaceRows(g, d, points, r0, r1, rowSums));
        return channelSumsOfRows(rowSums, batch, channels);
    }

    /**
     * {@code d = g * d} on rows {@code r0 .. r1-1} of {@code points} values each, and, when {@code rowSums} is not
     * {@code null}, {@code rowSums[r]} = the sum of row {@code r} of the product, added in
     * {@link LinearOps#channelSums}'s order: the per-row part of {@link #timesInPlaceWithChannelSums}, for a caller
     * that walks the rows itself (one batch item at a time). Each row is summed right after it is multiplied, while
     * it is in cache.
     */
    static void timesInPlaceRows(double[] g, double[] d, int points, int r0, int r1, double[] rowSums) {
        for (int r = r0; r < r1; r++) {
            int off = r * points;
            for (int i = off; i < off + points; i++) d[i] *= g[i];
            if (rowSums != null) rowSums[r] = LinearOps.rowSum(d, off, points);
        }
    }

    /**
     * {@code sums[c] = sum_b rowSums[b * channels + c]}, added in batch order: the channel sums of
     * {@link #timesInPlaceWithChannelSums} from its row sums ({@link #timesInPlaceRows}).
     */
    static double[] channelSumsOfRows(double[] rowSums, int batch, int channels) {
        double[] sums = new double[channels];
        for (int c = 0; c < channels; c++)
            for (int b = 0; b < batch; b++) sums[c] += rowSums[b * channels + c];
        return sums;
    }
}
