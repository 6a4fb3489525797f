package org.neuralop4j.validation.bounds;

import java.util.function.IntFunction;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;

/**
 * Resolution study: evaluates a discretised quantity at resolutions {@code s, 2s, 4s, ...} and reports the
 * relative L2 errors {@code ||u_s - u*_s|| / ||u*_s||} against a reference sampled on the same grid, with the
 * convergence order in {@code h = 1/s}. For maps without a reference, {@link #selfConvergence} compares each level
 * with the next finer one restricted to the coarse grid (nested grids: the fine grid's every second point in each
 * axis is the coarse grid, as for periodic grids {@code x_j = j/s}).
 */
public final class ResolutionStudy {
    private final int[] resolutions;
    private final double[] errors;

    private ResolutionStudy(int[] resolutions, double[] errors) {
        this.resolutions = resolutions;
        this.errors = errors;
    }

    /**
     * @param s         coarsest resolution
     * @param levels    number of resolutions {@code s * 2^l}, l = 0..levels-1 (at least 2)
     * @param evaluate  the discretised quantity at a resolution
     * @param reference the exact quantity sampled at that resolution (same shape)
     */
    public static ResolutionStudy against(int s, int levels, IntFunction<Tensor> evaluate, IntFunction<Tensor> reference) {
        int[] res = resolutions(s, levels);
        double[] err = new double[levels];
        for (int l = 0; l < levels; l++) {
            Tensor u = evaluate.apply(res[l]), ref = reference.apply(res[l]);
            ref.requireSameShape("evaluate(" + res[l] + ")", u);
            err[l] = u.sub(ref).norm() / ref.norm();
        }
        return new ResolutionStudy(res, err);
    }

    /**
     * Errors of level l against level l+1 subsampled by 2 in every trailing spatial axis; there are
     * {@code levels - 1} errors (the finest level has no finer comparison).
     * @param spatialAxes number of trailing axes that scale with the resolution
     */
    public static ResolutionStudy selfConvergence(int s, int levels, int spatialAxes, IntFunction<Tensor> evaluate) {
        int[] res = resolutions(s, levels);
        Tensor[] u = new Tensor[levels];
        for (int l = 0; l < levels; l++) u[l] = evaluate.apply(res[l]);
        double[] err = new double[levels - 1];
        for (int l = 0; l + 1 < levels; l++) {
            Tensor fine = restrict(u[l + 1], spatialAxes);
            u[l].requireSameShape("evaluate(" + res[l + 1] + ") restricted to resolution " + res[l], fine);
            err[l] = u[l].sub(fine).norm() / fine.norm();
        }
        return new ResolutionStudy(java.util.Arrays.copyOf(res, levels - 1), err);
    }

    private static int[] resolutions(int s, int levels) {
        Checks.positive("s", s);
        Checks.argument(levels >= 2, "a resolution study needs at least 2 levels, got " + levels);
        int[] res = new int[levels];
        for (int l = 0; l < levels; l++) res[l] = s << l;
        return res;
    }

    /** Every second point along each of the last {@code axes} axes. */
    static Tensor restrict(Tensor t, int axes) {
        Tensor r = t;
        for (int a = t.rank() - axes; a < t.rank(); a++) {
            int n = r.dim(a);
            if (n % 2 != 0) throw new ShapeMismatchException("fine level", "even sizes along the spatial axes", t.shape());
            int outer = r.sizeOf(0, a), inner = r.sizeOf(a + 1, r.rank()), half = n / 2;
            int[] shape = r.shape();
            shape[a] = half;
            double[] src = r.data(), dst = new double[outer * half * inner];
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < half; j++)
                    System.arraycopy(src, (o * n + 2 * j) * inner, dst, (o * half + j) * inner, inner);
            r = Tensor.wrap(dst, shape);
        }
        return r;
    }

    /** @return the resolutions with an error */
    public int[] resolutions() { return resolutions.clone(); }

    /** @return the relative errors, one per resolution */
    public double[] errors() { return errors.clone(); }

    /** @return the convergence order fitted in {@code h = 1/s} (needs at least two errors) */
    public ConvergenceOrder order() {
        double[] h = new double[resolutions.length];
        for (int i = 0; i < h.length; i++) h[i] = 1.0 / resolutions[i];
        return ConvergenceOrder.fit(h, errors);
    }
}
