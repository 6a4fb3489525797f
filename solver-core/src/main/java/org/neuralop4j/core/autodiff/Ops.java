package org.neuralop4j.core.autodiff;

import java.util.Arrays;
import org.apache.commons.numbers.gamma.Erf;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;

/**
 * Differentiable elementwise arithmetic, elementwise functions, activations and reductions on {@link Var}s.
 *
 * <p>Binary ops ({@link #add}, {@link #sub}, {@link #mul}, {@link #div}) follow NumPy broadcasting
 * ({@link Broadcast}); the gradient of a broadcast operand is summed over the repeated axes. Every op returns a
 * new {@code Var}; no input is modified. Under {@link GradMode#noGrad()} (or when no input requires a gradient)
 * no graph is recorded. Elementwise maps over large tensors run in parallel in chunks whose size depends only on
 * the tensor size, so results are bit-identical for any thread count; reductions use a fixed summation order.
 *
 * <p>Matrix products and fused channel mixing are in {@link LinearOps}, shape manipulation in {@link ShapeOps},
 * losses in {@link Losses}.
 */
public final class Ops {
    private Ops() {}

    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    // ------------------------------------------------------------------ binary, broadcasting

    /** {@code a + b} with broadcasting. */
    public static Var add(Var a, Var b) {
        int[] shape = Broadcast.shape(a.value().shape(), b.value().shape(), "b");
        Tensor out = Broadcast.apply(Broadcast.BinaryKernel.ADD, a.value(), b.value(), shape);
        return Var.op(out, g -> {
            passReduced(a, g);
            passReduced(b, g);
        }, a, b);
    }

    /** {@code a - b} with broadcasting. */
    public static Var sub(Var a, Var b) {
        int[] shape = Broadcast.shape(a.value().shape(), b.value().shape(), "b");
        Tensor out = Broadcast.apply(Broadcast.BinaryKernel.SUB, a.value(), b.value(), shape);
        return Var.op(out, g -> {
            passReduced(a, g);
            if (b.requiresGrad()) {
                Tensor gb = Broadcast.reduceTo(g, b.value().shape());
                b.accumulateOwned(gb == g ? scaled(g, -1.0) : gb.scaleInPlace(-1.0));
            }
        }, a, b);
    }

    /** {@code a * b} elementwise with broadcasting. {@code mul(x, x)} gives the gradient {@code 2x}. */
    public static Var mul(Var a, Var b) {
        int[] shape = Broadcast.shape(a.value().shape(), b.value().shape(), "b");
        Tensor out = Broadcast.apply(Broadcast.BinaryKernel.MUL, a.value(), b.value(), shape);
        return Var.op(out, g -> {
            if (a.requiresGrad())
                a.accumulateOwned(Broadcast.reduceTo(Broadcast.apply(Broadcast.BinaryKernel.MUL, g, b.value(), shape), a.value().shape()));
            if (b.requiresGrad())
                b.accumulateOwned(Broadcast.reduceTo(Broadcast.apply(Broadcast.BinaryKernel.MUL, g, a.value(), shape), b.value().shape()));
        }, a, b);
    }

    /** {@code a / b} elementwise with broadcasting. */
    public static Var div(Var a, Var b) {
        int[] shape = Broadcast.shape(a.value().shape(), b.value().shape(), "b");
        Tensor out = Broadcast.apply(Broadcast.BinaryKernel.DIV, a.value(), b.value(), shape);
        return Var.op(out, g -> {
            Tensor gOverB = Broadcast.apply(Broadcast.BinaryKernel.DIV, g, b.value(), shape);
            if (b.requiresGrad()) {
                // d(a/b)/db = -(a/b)/b, so the cotangent is -g * out / b
                Tensor t = Broadcast.apply(Broadcast.BinaryKernel.MUL, gOverB, out, shape).scaleInPlace(-1.0);
                b.accumulateOwned(Broadcast.reduceTo(t, b.value().shape()));
            }
            if (a.requiresGrad()) a.accumulateOwned(Broadcast.reduceTo(gOverB, a.value().shape()));
        }, a, b);
    }

    /** {@code a + b}, {@code b} a constant tensor (broadcast). */
    public static Var add(Var a, Tensor b) { return add(a, Var.constant(b)); }

    /** {@code a * b}, {@code b} a constant tensor (broadcast). */
    public static Var mul(Var a, Tensor b) { return mul(a, Var.constant(b)); }

    private static void passReduced(Var p, Tensor g) {
        if (!p.requiresGrad()) return;
        Tensor r = Broadcast.reduceTo(g, p.value().shape());
        if (r == g) p.accumulate(g); // g is shared with other parents: copied on first accumulation
        else p.accumulateOwned(r);
    }

    private static Tensor scaled(Tensor g, double s) {
        double[] gd = g.data();
        double[] out = new double[gd.length];
        Parallel.forRange(gd.length, Broadcast.ELEMENT_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) out[i] = s * gd[i];
        });
        return Tensor.wrap(out, g.shape());
    }

    // ------------------------------------------------------------------ unary

    /** Elementwise maps with their derivatives; one switch per chunk, flat loops inside. */
    enum Unary {
        SCALE, ADD_SCALAR, NEG, SQUARE, EXP, LOG, SQRT, POW, GELU, RELU, TANH, SILU, SIGMOID;

        /** {@code y[i] = f(x[i])} over {@code [from, to)}. */
        void forward(double[] x, double[] y, int from, int to, double p) {
            switch (this) {
                case SCALE: for (int i = from; i < to; i++) y[i] = p * x[i]; break;
                case ADD_SCALAR: for (int i = from; i < to; i++) y[i] = x[i] + p; break;
                case NEG: for (int i = from; i < to; i++) y[i] = -x[i]; break;
                case SQUARE: for (int i = from; i < to; i++) y[i] = x[i] * x[i]; break;
                case EXP: for (int i = from; i < to; i++) y[i] = Math.exp(x[i]); break;
                case LOG: for (int i = from; i < to; i++) y[i] = Math.log(x[i]); break;
                case SQRT: for (int i = from; i < to; i++) y[i] = Math.sqrt(x[i]); break;
                case POW: for (int i = from; i < to; i++) y[i] = Math.pow(x[i], p); break;
                case GELU: for (int i = from; i < to; i++) y[i] = 0.5 * x[i] * (1.0 + Erf.value(x[i] * INV_SQRT2)); break;
                case RELU: for (int i = from; i < to; i++) y[i] = x[i] > 0 ? x[i] : 0.0; break;
                case TANH: for (int i = from; i < to; i++) y[i] = Math.tanh(x[i]); break;
                case SILU: for (int i = from; i < to; i++) y[i] = x[i] * sigmoid(x[i]); break;
                default: for (int i = from; i < to; i++) y[i] = sigmoid(x[i]); break;
            }
        }

        /** {@code gx[i] = g[i] * f'(x[i])}, with {@code y = f(x)} available to reuse. */
        void backward(double[] x, double[] y, double[] g, double[] gx, int from, int to, double p) {
            switch (this) {
                case SCALE: for (int i = from; i < to; i++) gx[i] = p * g[i]; break;
                case ADD_SCALAR: System.arraycopy(g, from, gx, from, to - from); break;
                case NEG: for (int i = from; i < to; i++) gx[i] = -g[i]; break;
                case SQUARE: for (int i = from; i < to; i++) gx[i] = 2.0 * x[i] * g[i]; break;
                case EXP: for (int i = from; i < to; i++) gx[i] = y[i] * g[i]; break;
                case LOG: for (int i = from; i < to; i++) gx[i] = g[i] / x[i]; break;
                case SQRT: for (int i = from; i < to; i++) gx[i] = 0.5 * g[i] / y[i]; break;
                case POW: for (int i = from; i < to; i++) gx[i] = p * Math.pow(x[i], p - 1.0) * g[i]; break;
                case GELU:
                    // Phi(x) = y / x recovers the forward's erf without a second evaluation (erf costs ~5 exp);
                    // below 1e-150 in magnitude Phi(x) = 1/2 to double precision
                    for (int i = from; i < to; i++) {
                        double xi = x[i];
                        double cdf = Math.abs(xi) > 1e-150 ? y[i] / xi : 0.5;
                        gx[i] = g[i] * (cdf + xi * INV_SQRT_2PI * Math.exp(-0.5 * xi * xi));
                    }
                    break;
                case RELU: for (int i = from; i < to; i++) gx[i] = x[i] > 0 ? g[i] : 0.0; break;
                case TANH: for (int i = from; i < to; i++) gx[i] = g[i] * (1.0 - y[i] * y[i]); break;
                case SILU:
                    for (int i = from; i < to; i++) {
                        double s = Math.abs(x[i]) > 1e-150 ? y[i] / x[i] : sigmoid(x[i]); // sigmoid = y / x
                        gx[i] = g[i] * s * (1.0 + x[i] * (1.0 - s));
                    }
                    break;
                default: for (int i = from; i < to; i++) gx[i] = g[i] * y[i] * (1.0 - y[i]); break;
            }
        }
    }

    /** Logistic function, evaluated without overflow for large |x|. */
    static double sigmoid(double x) {
        if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    static Var unary(Unary f, Var x, double p) {
        double[] xd = x.value().data();
        double[] y = new double[xd.length];
        Parallel.forRange(xd.length, Broadcast.ELEMENT_GRAIN, (from, to) -> f.forward(xd, y, from, to, p));
        Tensor out = Tensor.wrap(y, x.value().shape());
        return Var.op(out, g -> {
            double[] gd = g.data();
            double[] gx = new double[xd.length];
            Parallel.forRange(xd.length, Broadcast.ELEMENT_GRAIN, (from, to) -> f.backward(xd, y, gd, gx, from, to, p));
            x.accumulateOwned(Tensor.wrap(gx, x.value().shape()));
        }, x);
    }

    /** {@code s * x}. */
    public static Var scale(Var x, double s) { return unary(Unary.SCALE, x, s); }

    /** {@code x + s}. */
    public static Var addScalar(Var x, double s) { return unary(Unary.ADD_SCALAR, x, s); }

    /** {@code -x}. */
    public static Var neg(Var x) { return unary(Unary.NEG, x, 0); }

    /** {@code x^2}. */
    public static Var square(Var x) { return unary(Unary.SQUARE, x, 0); }

    /** {@code e^x}. */
    public static Var exp(Var x) { return unary(Unary.EXP, x, 0); }

    /** Natural logarithm (NaN for negative entries, as {@link Math#log}). */
    public static Var log(Var x) { return unary(Unary.LOG, x, 0); }

    /** Square root; the derivative {@code 1/(2 sqrt x)} is infinite at 0. */
    public static Var sqrt(Var x) { return unary(Unary.SQRT, x, 0); }

    /** {@code x^p} for a constant exponent; derivative {@code p x^(p-1)}. */
    public static Var pow(Var x, double p) { return unary(Unary.POW, x, p); }

    /**
     * GELU, exact form (PyTorch's default {@code approximate='none'}): {@code x Phi(x) = x/2 (1 + erf(x/sqrt 2))};
     * derivative {@code Phi(x) + x phi(x)}. Hendrycks and Gimpel, arXiv:1606.08415.
     */
    public static Var gelu(Var x) { return unary(Unary.GELU, x, 0); }

    /** {@code max(x, 0)}; the derivative at 0 is taken as 0 (as PyTorch). */
    public static Var relu(Var x) { return unary(Unary.RELU, x, 0); }

    /** Hyperbolic tangent. */
    public static Var tanh(Var x) { return unary(Unary.TANH, x, 0); }

    /** SiLU / swish: {@code x sigmoid(x)}. Elfwing et al., arXiv:1702.03118. */
    public static Var silu(Var x) { return unary(Unary.SILU, x, 0); }

    /** Logistic sigmoid {@code 1 / (1 + e^-x)}. */
    public static Var sigmoid(Var x) { return unary(Unary.SIGMOID, x, 0); }

    // ------------------------------------------------------------------ reductions

    /** Sum of all elements, as a rank-0 Var. Fixed chunking, so the bits do not depend on the thread count. */
    public static Var sum(Var x) {
        double[] xd = x.value().data();
        double s = Parallel.sum(xd.length, Broadcast.ELEMENT_GRAIN, (from, to) -> {
            double acc = 0;
            for (int i = from; i < to; i++) acc += xd[i];
            return acc;
        });
        return Var.op(Tensor.scalar(s), g -> x.accumulateOwned(Tensor.full(g.data()[0], x.value().shape())), x);
    }

    /** Mean of all elements, as a rank-0 Var. */
    public static Var mean(Var x) {
        int n = x.value().size();
        if (n == 0) throw new ShapeMismatchException("x", "at least one element", x.value().shape());
        return scale(sum(x), 1.0 / n);
    }

    /**
     * Sum over the given axes (negative axes count from the end). With {@code keepDims} the reduced axes stay
     * with size 1, otherwise they are removed.
     */
    public static Var sum(Var x, boolean keepDims, int... axes) {
        int[] shape = x.value().shape();
        boolean[] reducedAxes = reducedAxes(x.value(), axes);
        int[] kept = shape.clone();
        int outRank = 0;
        for (int i = 0; i < shape.length; i++) {
            if (reducedAxes[i]) kept[i] = 1;
            else outRank++;
        }
        Tensor reduced = Broadcast.reduceTo(x.value(), kept);
        if (reduced == x.value()) reduced = reduced.copy();
        int[] outShape = kept;
        if (!keepDims) {
            outShape = new int[outRank];
            for (int i = 0, j = 0; i < shape.length; i++) if (!reducedAxes[i]) outShape[j++] = shape[i];
        }
        Tensor out = reduced.reshape(outShape);
        return Var.op(out, g -> x.accumulateOwned(Broadcast.expand(g.reshape(kept), shape)), x);
    }

    /** Mean over the given axes; see {@link #sum(Var, boolean, int...)}. */
    public static Var mean(Var x, boolean keepDims, int... axes) {
        int[] shape = x.value().shape();
        boolean[] reducedAxes = reducedAxes(x.value(), axes);
        long count = 1;
        for (int i = 0; i < shape.length; i++) if (reducedAxes[i]) count *= shape[i];
        if (count == 0) throw new ShapeMismatchException("x", "non-empty reduced axes " + Arrays.toString(axes), shape);
        return scale(sum(x, keepDims, axes), 1.0 / count);
    }

    private static boolean[] reducedAxes(Tensor x, int[] axes) {
        boolean[] seen = new boolean[x.rank()];
        for (int a : axes) {
            int ax = x.axis(a);
            if (seen[ax]) throw new IllegalArgumentException("axis " + a + " repeated in " + Arrays.toString(axes));
            seen[ax] = true;
        }
        return seen;
    }
}
