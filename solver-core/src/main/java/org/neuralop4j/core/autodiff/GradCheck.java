package org.neuralop4j.core.autodiff;

import java.util.function.Function;
import org.neuralop4j.core.Tensor;

/**
 * Finite-difference check of vector-Jacobian products.
 *
 * <p>For {@code out = f(x_1, ..., x_k)} it draws a fixed random cotangent {@code r}, back-propagates {@code r}
 * to get {@code g_i = J_i^T r}, and compares every entry with the central difference
 * {@code (<r, f(x + h e_j)> - <r, f(x - h e_j)>) / 2h}. The error of input {@code i} is
 * {@code max_j |g_ij - fd_ij| / max(1, max_j |fd_ij|)}; central differences are exact to O(h^2), so with
 * {@code h = 1e-5} a correct float64 op shows errors near 1e-9 and a wrong one errors of order 1.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Outcome of a check: per-input errors and the worst one. */
    public static final class Result {
        private final double[] errors;

        Result(double[] errors) { this.errors = errors; }

        /** @return the error of each input */
        public double[] errors() { return errors.clone(); }

        /** @return the largest error over inputs */
        public double maxError() {
            double m = 0;
            for (double e : errors) m = Math.max(m, e);
            return m;
        }

        @Override
        public String toString() { return "GradCheck" + java.util.Arrays.toString(errors); }
    }

    /**
     * Runs the check with step {@code h} and cotangent seed 1234.
     * @param f      the function under test; it must be deterministic
     * @param h      finite-difference step
     * @param inputs points at which to check (not modified)
     */
    public static Result check(Function<Var[], Var> f, double h, Tensor... inputs) {
        Var[] leaves = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) leaves[i] = Var.leaf(inputs[i].copy());
        Var out = f.apply(leaves);
        Tensor r = Tensor.randn(1234, out.value().shape());
        out.backward(r);
        double[] errors = new double[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor analytic = leaves[i].grad() == null ? Tensor.zerosLike(inputs[i]) : leaves[i].grad();
            double[] fd = new double[inputs[i].size()];
            double fdMax = 0;
            for (int j = 0; j < fd.length; j++) {
                double plus = project(f, inputs, i, j, h, r);
                double minus = project(f, inputs, i, j, -h, r);
                fd[j] = (plus - minus) / (2 * h);
                fdMax = Math.max(fdMax, Math.abs(fd[j]));
            }
            double worst = 0;
            for (int j = 0; j < fd.length; j++) worst = Math.max(worst, Math.abs(analytic.data()[j] - fd[j]));
            errors[i] = worst / Math.max(1.0, fdMax);
        }
        return new Result(errors);
    }

    private static double project(Function<Var[], Var> f, Tensor[] inputs, int which, int index, double h, Tensor r) {
        Var[] vars = new Var[inputs.length];
        try (GradMode.Scope s = GradMode.noGrad()) {
            for (int i = 0; i < inputs.length; i++) {
                Tensor t = inputs[i];
                if (i == which) {
                    t = t.copy();
                    t.data()[index] += h;
                }
                vars[i] = Var.constant(t);
            }
            return f.apply(vars).value().dot(r);
        }
    }

    /**
     * Checks and throws an {@link AssertionError} naming the input and error when any error exceeds {@code tol}.
     * @return the result, for reporting
     */
    public static Result assertGradients(String what, Function<Var[], Var> f, double tol, Tensor... inputs) {
        Result res = check(f, 1e-5, inputs);
        double[] e = res.errors;
        for (int i = 0; i < e.length; i++)
            if (!(e[i] <= tol)) throw new AssertionError(what + ": gradient of input " + i + " has error " + e[i] + " > " + tol);
        return res;
    }
}
