package org.neuralop4j.core.autodiff;

import org.neuralop4j.core.Parallel;

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
     *         {@code activation} is {@code null}, which leaves {@code y} unchanged)
     */
    static double[] applyInPlace(FusedActivation activation, double[] y, boolean keepDerivative) {
        if (activation == null) return null;
        double[] d = keepDerivative ? new double[y.length] : null;
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
}
