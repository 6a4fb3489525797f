package org.neuralop4j.core.data;

import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;

/**
 * Plain (non-differentiable) error measures for evaluating predictions against labels. Axis 0 is the sample axis;
 * each sample is everything else (channels and grid). Results are what the obvious NumPy expressions give (up to
 * rounding in the last bits), which is how the published numbers these are compared with were computed.
 * Deterministic for any thread count: samples are independent and each is summed serially.
 */
public final class Metrics {
    private Metrics() {}

    /**
     * Per-sample relative L2 error {@code e_i = ||pred_i - target_i||_2 / ||target_i||_2} over all non-batch axes,
     * i.e. NumPy's {@code norm((p - y).reshape(N, -1), axis=1) / norm(y.reshape(N, -1), axis=1)}. A sample with a
     * zero target gives {@code +Inf} (or {@code NaN} if its error is zero too), as in NumPy.
     *
     * @param pred   predictions, shape {@code (N, ...)}
     * @param target labels, same shape
     * @return {@code e}, length N
     */
    public static double[] relativeL2PerSample(Tensor pred, Tensor target) {
        int n = checkPair(pred, target);
        int m = n == 0 ? 0 : pred.size() / n;
        double[] p = pred.data(), y = target.data(), out = new double[n];
        Parallel.forRange(n, Parallel.grainFor(n, 3L * m), (from, to) -> {
            for (int i = from; i < to; i++) {
                double num = 0, den = 0;
                for (int k = i * m, end = k + m; k < end; k++) {
                    double d = p[k] - y[k];
                    num += d * d;
                    den += y[k] * y[k];
                }
                out[i] = Math.sqrt(num) / Math.sqrt(den);
            }
        });
        return out;
    }

    /** Mean over samples of {@link #relativeL2PerSample}: the "relative L2 error" of neural-operator papers. */
    public static double relativeL2(Tensor pred, Tensor target) {
        return mean(relativeL2PerSample(pred, target));
    }

    /**
     * Per-sample relative H1 error over the last {@code spatialDims} axes:
     * <pre>
     *   e_i = sqrt( (sum|r|^2 + sum_k sum|D_k r|^2) / (sum|y|^2 + sum_k sum|D_k y|^2) ),  r = pred_i - y_i,
     * </pre>
     * sums running over all non-batch entries. {@code D_k} is the finite-difference derivative along spatial axis
     * {@code k} on the unit interval with {@code n_k} points and spacing {@code h_k = 1/n_k} (the convention of
     * neuraloperator's H1 loss on a periodic unit grid): second-order central differences
     * {@code (u[j+1]-u[j-1])/(2h)} inside and first-order one-sided differences at both ends, exactly
     * {@code numpy.gradient(u, 1/n_k, axis=k, edge_order=1)}. Axes between the batch axis and the spatial axes
     * (channels) are treated as separate components.
     *
     * @param spatialDims number of trailing grid axes, {@code 1 <= spatialDims <= rank-1}; each must have ≥ 2 points
     */
    public static double[] relativeH1PerSample(Tensor pred, Tensor target, int spatialDims) {
        int n = checkPair(pred, target);
        int rank = pred.rank();
        if (spatialDims < 1 || spatialDims > rank - 1)
            throw new IllegalArgumentException("spatialDims must lie in [1, " + (rank - 1) + "] for shape "
                    + java.util.Arrays.toString(pred.shape()) + ", got " + spatialDims);
        int[] shape = pred.shape();
        for (int a = rank - spatialDims; a < rank; a++)
            if (shape[a] < 2) throw new ShapeMismatchException("pred", "at least 2 points along every spatial axis", shape);
        int m = n == 0 ? 0 : pred.size() / n;
        double[] p = pred.data(), y = target.data(), out = new double[n];
        Parallel.forRange(n, Parallel.grainFor(n, (4L + 6L * spatialDims) * m), (from, to) -> {
            double[] r = new double[m];
            for (int i = from; i < to; i++) {
                int base = i * m;
                for (int k = 0; k < m; k++) r[k] = p[base + k] - y[base + k];
                double num = h1SquaredNorm(r, 0, shape, spatialDims);
                double den = h1SquaredNorm(y, base, shape, spatialDims);
                out[i] = Math.sqrt(num / den);
            }
        });
        return out;
    }

    /** Mean over samples of {@link #relativeH1PerSample}. */
    public static double relativeH1(Tensor pred, Tensor target, int spatialDims) {
        return mean(relativeH1PerSample(pred, target, spatialDims));
    }

    /** Mean squared error over all entries, {@code mean((pred - target)^2)}. */
    public static double mse(Tensor pred, Tensor target) {
        checkPair(pred, target);
        double[] p = pred.data(), y = target.data();
        int size = p.length;
        double s = Parallel.sum(size, 1 << 14, (from, to) -> {
            double acc = 0;
            for (int k = from; k < to; k++) {
                double d = p[k] - y[k];
                acc += d * d;
            }
            return acc;
        });
        return s / size;
    }

    /** sum u^2 + sum_k sum (D_k u)^2 for one sample stored at {@code u[base, base + prod(shape[1:]))}. */
    private static double h1SquaredNorm(double[] u, int base, int[] shape, int spatialDims) {
        int rank = shape.length;
        int m = 1;
        for (int a = 1; a < rank; a++) m *= shape[a];
        double s = 0;
        for (int k = 0; k < m; k++) s += u[base + k] * u[base + k];
        for (int a = rank - spatialDims; a < rank; a++) {
            int len = shape[a];
            int stride = 1;
            for (int b = a + 1; b < rank; b++) stride *= shape[b];
            int outer = m / (len * stride);
            double h = 1.0 / len;
            double inv2h = 1.0 / (2 * h), invH = 1.0 / h;
            for (int o = 0; o < outer; o++) {
                for (int in = 0; in < stride; in++) {
                    int start = base + o * len * stride + in;
                    double d0 = (u[start + stride] - u[start]) * invH;
                    double dn = (u[start + (len - 1) * stride] - u[start + (len - 2) * stride]) * invH;
                    s += d0 * d0 + dn * dn;
                    for (int j = 1; j < len - 1; j++) {
                        double d = (u[start + (j + 1) * stride] - u[start + (j - 1) * stride]) * inv2h;
                        s += d * d;
                    }
                }
            }
        }
        return s;
    }

    private static int checkPair(Tensor pred, Tensor target) {
        if (pred == null || target == null) throw new IllegalArgumentException("pred and target must not be null");
        if (pred.rank() < 1) throw new ShapeMismatchException("pred", "(N, ...)", pred.shape());
        pred.requireSameShape("target", target);
        return pred.dim(0);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
