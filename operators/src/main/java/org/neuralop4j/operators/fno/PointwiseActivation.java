package org.neuralop4j.operators.fno;

import java.util.Arrays;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.FusedActivation;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.Gelu;

/**
 * The fused op {@code sigma(a + b)} (or {@code sigma(a)}) that closes a Fourier layer: the sum of the spectral and
 * the skip path goes through the nonlinearity in one pass that keeps only the pre-activation for the backward
 * pass. GELU is the exact form {@code x Phi(x)} (PyTorch's default, Hendrycks and Gimpel, arXiv:1606.08415),
 * evaluated by {@link Gelu} (within 1e-15 relative, branch-free, on the Vector API when the JVM has it), which
 * matters because an FNO evaluates GELU at every grid point of every channel of every layer.
 */
public final class PointwiseActivation {
    private PointwiseActivation() {}

    /** GELU {@code x Phi(x)} ({@link Gelu#value}). */
    public static double gelu(double x) { return Gelu.value(x); }

    /** {@code d/dx x Phi(x) = Phi(x) + x phi(x)} ({@link Gelu#derivative}). */
    public static double geluDerivative(double x) { return Gelu.derivative(x); }

    /**
     * {@code sigma(a + b)} elementwise, as one graph node.
     * @param a   any shape
     * @param b   same shape as {@code a}, or {@code null} for {@code sigma(a)}
     * @param act the nonlinearity
     */
    public static Var apply(Var a, Var b, FnoConfig.Activation act) {
        double[] ad = a.value().data();
        if (b != null && !a.value().sameShape(b.value()))
            throw new ShapeMismatchException("b", Arrays.toString(a.value().shape()), b.value().shape());
        double[] bd = b == null ? null : b.value().data();
        int n = ad.length;
        double[] pre = bd == null ? ad : new double[n];
        double[] out = new double[n];
        int grain = Parallel.grainFor(n, 40);
        Parallel.forRange(n, grain, (i0, i1) -> {
            if (bd != null) for (int i = i0; i < i1; i++) pre[i] = ad[i] + bd[i];
            values(act, pre, out, i0, i1);
        });
        Tensor result = Tensor.wrap(out, a.value().shape());
        Var[] parents = b == null ? new Var[] {a} : new Var[] {a, b};
        return Var.op(result, g -> {
            double[] gd = g.data(), gin = new double[n];
            Parallel.forRange(n, grain, (i0, i1) -> derivatives(act, gd, pre, out, gin, i0, i1));
            Tensor gt = Tensor.wrap(gin, a.value().shape());
            if (b != null && a.requiresGrad() && b.requiresGrad()) {
                a.accumulate(gt);
                b.accumulateOwned(gt);
            } else if (a.requiresGrad()) {
                a.accumulateOwned(gt);
            } else if (b != null) {
                b.accumulateOwned(gt);
            }
        }, parents);
    }

    private static final java.util.Map<FnoConfig.Activation, FusedActivation> FUSED = new java.util.EnumMap<>(FnoConfig.Activation.class);

    static {
        for (FnoConfig.Activation act : FnoConfig.Activation.values())
            FUSED.put(act, act == FnoConfig.Activation.GELU ? PointwiseActivation::geluInPlace : (v, d, i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    double x = v[i], y = value(act, x);
                    if (d != null) d[i] = derivative(act, x, y);
                    v[i] = y;
                }
            });
    }

    /**
     * The nonlinearity in the form a linear op applies to its own output ({@link FusedActivation}): value in place
     * and, when asked, the derivative from the same evaluation (for GELU, Phi and phi from one evaluation).
     */
    public static FusedActivation fused(FnoConfig.Activation act) {
        return FUSED.get(act);
    }

    /** GELU in place with its derivative {@code Phi(x) + x phi(x)}; the same arithmetic as {@link #apply}. */
    private static void geluInPlace(double[] v, double[] d, int i0, int i1) {
        if (d == null) Gelu.values(v, v, i0, i1);
        else Gelu.valuesAndDerivatives(v, d, i0, i1);
    }

    /** {@code out[i] = sigma(pre[i])} on {@code [i0, i1)}: one loop per activation, no dispatch per element. */
    private static void values(FnoConfig.Activation act, double[] pre, double[] out, int i0, int i1) {
        if (act != FnoConfig.Activation.GELU) {
            for (int i = i0; i < i1; i++) out[i] = value(act, pre[i]);
            return;
        }
        Gelu.values(pre, out, i0, i1);
    }

    /** {@code gin[i] = g[i] sigma'(pre[i])} on {@code [i0, i1)}. */
    private static void derivatives(FnoConfig.Activation act, double[] g, double[] pre, double[] out, double[] gin,
                                    int i0, int i1) {
        if (act != FnoConfig.Activation.GELU) {
            for (int i = i0; i < i1; i++) gin[i] = g[i] * derivative(act, pre[i], out[i]);
            return;
        }
        for (int i = i0; i < i1; i++) gin[i] = g[i] * Gelu.derivative(pre[i]);
    }

    static double value(FnoConfig.Activation act, double v) {
        switch (act) {
            case RELU: return v > 0 ? v : 0;
            case TANH: return Math.tanh(v);
            case SILU: return v / (1 + Math.exp(-v));
            default: return gelu(v);
        }
    }

    /** Derivative at pre-activation {@code v} with output {@code y = sigma(v)}. */
    static double derivative(FnoConfig.Activation act, double v, double y) {
        switch (act) {
            case RELU: return v > 0 ? 1 : 0;
            case TANH: return 1 - y * y;
            case SILU: {
                double s = 1 / (1 + Math.exp(-v));
                return s * (1 + v * (1 - s));
            }
            default: return geluDerivative(v);
        }
    }
}
