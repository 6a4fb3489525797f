package org.neuralop4j.operators.nonlocal;

import java.util.Arrays;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.Var;

/**
 * Fractional Laplacian layers on periodic grids, defined spectrally (the standard definition on the torus):
 * <pre>
 *   (-Delta)^s u = F^{-1}[ |xi|^{2s} F[u] ],      xi = 2 pi k / L,
 *   (-Delta)^{-s} u = F^{-1}[ |xi|^{-2s} F[u] ]  on mean-zero fields (the k = 0 mode is mapped to 0),
 * </pre>
 * applied to channels-first fields {@code (batch, channels, x[, y[, z]])} over the 1–3 trailing spatial axes of a
 * periodic box of side {@code L}. Eigenfunctions: {@code (-Delta)^s sin(2 pi k x) = (2 pi k)^{2s} sin(2 pi k x)}.
 *
 * <p>As a layer, {@code y_c = w_c (-Delta)^{±s} x_c} with one weight per channel (the "globally weighted"
 * Laplacian) and an exponent {@code s} that may be learnable: both are {@link Var}s and receive gradients.
 * The gradient with respect to {@code s} uses {@code d/ds |xi|^{2s} = 2 ln|xi| |xi|^{2s}}. Nonlocal operators of this
 * kind are the PIDE layers of nonlocal neural operators (You et al., J. Comput. Phys. 2022, arXiv:2201.02217).
 */
public final class FractionalLaplacian {
    private FractionalLaplacian() {}

    /** Which power of the Laplacian a layer applies. */
    public enum Direction {
        /** {@code (-Delta)^s}. */
        FORWARD,
        /** {@code (-Delta)^{-s}} on mean-zero fields. */
        INVERSE
    }

    /**
     * {@code (-Delta)^s} (or its inverse) of every field, with fixed {@code s} and unit weights.
     * @param fields      {@code (batch, channels, spatial...)} with 1–3 spatial axes
     * @param s           order, {@code s >= 0} (for the inverse {@code s > 0})
     * @param length      period {@code L} of the box (the same on every axis)
     */
    public static Tensor apply(Tensor fields, double s, double length, Direction direction) {
        Var out = apply(Var.constant(fields), Var.constant(Tensor.scalar(s)), null, length, direction);
        return out.value();
    }

    /**
     * Differentiable layer {@code y_c = w_c (-Delta)^{±s} x_c}.
     * @param x        fields {@code (batch, channels, spatial...)}
     * @param s        scalar order (a rank-0 or one-element Var; learnable if it requires a gradient)
     * @param weights  per-channel weights {@code (channels)}, or {@code null} for unit weights
     * @param length   period of the box
     */
    public static Var apply(Var x, Var s, Var weights, double length, Direction direction) {
        Tensor xv = x.value();
        if (xv.rank() < 3 || xv.rank() > 5) throw new ShapeMismatchException("x", "(batch, channels, x[, y[, z]])", xv.shape());
        if (s.value().size() != 1) throw new ShapeMismatchException("s", "a scalar", s.value().shape());
        Checks.positive("length", length);
        double order = s.value().data()[0];
        if (!(order >= 0) || (direction == Direction.INVERSE && !(order > 0)))
            throw new IllegalArgumentException("order s must be " + (direction == Direction.INVERSE ? "> 0" : ">= 0") + ", got " + order);
        int channels = xv.dim(1);
        if (weights != null && !Arrays.equals(weights.value().shape(), new int[] {channels}))
            throw new ShapeMismatchException("weights", "(" + channels + ")", weights.value().shape());
        int[] shape = xv.shape();
        int[] dims = Arrays.copyOfRange(shape, 2, shape.length);
        int batch = shape[0] * channels;
        double sign = direction == Direction.FORWARD ? 2 * order : -2 * order;
        double[] mag = SpectralSymbol.wavenumberMagnitudes(dims, length);
        double[] symbol = SpectralSymbol.evaluate(mag, xi -> xi == 0 ? (sign == 0 ? 1 : 0) : Math.pow(xi, sign));
        double[] w = weights == null ? null : weights.value().data();
        Tensor y = Tensor.wrap(SpectralSymbol.apply(xv.data(), batch, dims, symbol, w), shape);
        return Var.op(y, g -> {
            // the multiplier is real and even: the layer is self-adjoint per channel
            if (x.requiresGrad()) x.accumulateOwned(Tensor.wrap(SpectralSymbol.apply(g.data(), batch, dims, symbol, w), shape));
            if (weights != null && weights.requiresGrad()) {
                // dL/dw_c = <g_c, (-Delta)^{±s} x_c> summed over the batch
                double[] unweighted = SpectralSymbol.apply(xv.data(), batch, dims, symbol, null);
                double[] gw = new double[channels];
                int per = xv.size() / batch;
                for (int b = 0; b < batch; b++) {
                    double acc = 0;
                    for (int i = b * per; i < (b + 1) * per; i++) acc += g.data()[i] * unweighted[i];
                    gw[b % channels] += acc;
                }
                weights.accumulateOwned(Tensor.wrap(gw, channels));
            }
            if (s.requiresGrad()) {
                // d symbol / ds = ±2 ln|xi| * symbol
                double factor = direction == Direction.FORWARD ? 2 : -2;
                double[] dsym = new double[symbol.length];
                for (int i = 0; i < dsym.length; i++) dsym[i] = mag[i] == 0 ? 0 : factor * Math.log(mag[i]) * symbol[i];
                double[] dy = SpectralSymbol.apply(xv.data(), batch, dims, dsym, w);
                double acc = 0;
                for (int i = 0; i < dy.length; i++) acc += g.data()[i] * dy[i];
                s.accumulateOwned(Tensor.full(acc, s.value().shape()));
            }
        }, x, s, weights == null ? Var.constant(Tensor.scalar(0)) : weights);
    }
}
