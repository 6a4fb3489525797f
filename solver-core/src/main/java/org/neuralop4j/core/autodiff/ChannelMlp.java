package org.neuralop4j.core.autodiff;

import java.util.Arrays;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.ScratchArrays;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.LinearOps.ChannelShape;
import org.neuralop4j.core.linalg.Gemm;

/**
 * A two-layer pointwise MLP on fields as one node, {@code y = W2 sigma(W1 x + b1) + b2} for {@code x (B, Cin, X...)},
 * {@code W1 (H, Cin)}, {@code W2 (Cout, H)} (the biases may be {@code null}): an FNO's projection. It gives the bits of
 * the two {@link LinearOps#channelLinear} nodes it replaces, and saves their passes over the hidden layer
 * {@code (B, H, X...)}, the largest array of a step (FNO-2D at s = 85: 148 MB against 37 MB for a Fourier layer):
 * <ul>
 *   <li>forward, the second layer is summed while the activation is applied, block of points by block of points,
 *       while the block is in L1, instead of in a second pass over the hidden layer;</li>
 *   <li>backward, the gradient at the hidden layer, {@code W2^T G}, is never stored: one pass over the kept
 *       derivative multiplies it in place and sums the first bias's gradient row by row.</li>
 * </ul>
 * With more than {@link #MAX_FUSED_OUT} output channels, or without an activation, it is the two nodes.
 *
 * <p>Arithmetic (what makes the bits those of the two nodes, checked by {@code ChannelMlpTest}): the first layer and
 * every weight gradient are the same {@link org.neuralop4j.core.linalg.Gemm} calls; {@code y[o, p]} is
 * {@code sum_k W2[o, k] h[k, p]} added in increasing {@code k} from zero (each product rounded, as {@code Gemm} does
 * for a C with fewer rows than a register tile), plus {@code b2[o]}; the hidden gradient is
 * {@code sigma'(z) * sum_o W2[o, k] G[o, p]} added from zero in increasing {@code o} the way the GEMM kernels add
 * (see {@link Gemm#accumulatesWithFma()}); the first bias's gradient is {@link LinearOps#channelSums}.
 */
public final class ChannelMlp {
    private ChannelMlp() {}

    /** Output channels up to which the second layer is fused (C with fewer rows than a register tile). */
    public static final int MAX_FUSED_OUT = 3;

    /** Points per forward task: the block of one hidden channel stays in L1 while the second layer reads it. */
    private static final int BLOCK = 512;

    /**
     * {@code W2 sigma(W1 x + b1) + b2}, result {@code (B, Cout, X...)}.
     * @param activation the nonlinearity between the layers, or {@code null} for none
     * @throws org.neuralop4j.core.ShapeMismatchException when the shapes do not chain
     */
    public static Var apply(Var x, Var w1, Var b1, FusedActivation activation, Var w2, Var b2) {
        ChannelShape first = ChannelShape.of(x, w1, b1, "w1", "b1");
        ChannelShape second = ChannelShape.of(first.outShape(), "hidden layer", w2.value(), b2 == null ? null : b2.value(), "w2", "b2");
        if (activation == null || second.cout > MAX_FUSED_OUT)
            return LinearOps.channelLinear(LinearOps.channelLinear(x, w1, b1, activation), w2, b2);

        double[] xd = x.value().data(), w1d = w1.value().data(), w2d = w2.value().data();
        double[] hidden = LinearOps.channelProduct(first, xd, w1d, b1);
        Var[] parents = parents(x, w1, b1, w2, b2);
        // both work arrays live until the backward pass has used them, and go back to ScratchArrays then (or now,
        // when no graph is recorded: the backward pass will never run)
        double[] derivative = Var.recordsGraph(parents) ? ScratchArrays.take(hidden.length) : null; // written in full below
        double[] y = activateAndProject(second, hidden, derivative, activation, w2d, b2 == null ? null : b2.value().data());
        if (derivative == null) ScratchArrays.give(hidden);
        return Var.op(Tensor.wrap(y, second.outShape()), g -> {
            double[] gd = g.data();
            if (w2.requiresGrad()) LinearOps.weightGradient(second, w2, hidden, gd);
            if (b2 != null && b2.requiresGrad())
                b2.accumulateOwned(Tensor.wrap(LinearOps.channelSums(gd, second.batch, second.cout, second.points), second.cout));
            ScratchArrays.give(hidden);
            if (x.requiresGrad() || w1.requiresGrad() || (b1 != null && b1.requiresGrad())) {
                double[] biasGrad = hiddenGradientInPlace(second, derivative, w2d, gd);
                if (x.requiresGrad()) LinearOps.inputGradient(first, x, w1d, derivative);
                if (w1.requiresGrad()) LinearOps.weightGradient(first, w1, xd, derivative);
                if (b1 != null && b1.requiresGrad()) b1.accumulateOwned(Tensor.wrap(biasGrad, first.cout));
            }
            ScratchArrays.give(derivative);
        }, parents);
    }

    private static Var[] parents(Var x, Var w1, Var b1, Var w2, Var b2) {
        if (b1 != null && b2 != null) return new Var[] {x, w1, b1, w2, b2};
        if (b1 != null) return new Var[] {x, w1, b1, w2};
        if (b2 != null) return new Var[] {x, w1, w2, b2};
        return new Var[] {x, w1, w2};
    }

    /**
     * Applies the activation to {@code hidden} in place (keeping its derivative when {@code derivative} is not
     * {@code null}) and returns {@code W2 hidden + b2}. Tasks are (item, block of points); within one, each hidden
     * channel's block is activated and then added into the output accumulators, in increasing channel order.
     */
    private static double[] activateAndProject(ChannelShape sh, double[] hidden, double[] derivative,
                                               FusedActivation activation, double[] w2, double[] b2) {
        int batch = sh.batch, h = sh.cin, out = sh.cout, s = sh.points;
        double[] y = new double[batch * out * s];
        int blocks = (s + BLOCK - 1) / BLOCK, tasks = batch * blocks;
        long perTask = (long) Math.min(s, BLOCK) * h * (activation.costPerElement() + 2L * out);
        Parallel.forRange(tasks, Parallel.grainFor(tasks, perTask), (t0, t1) -> {
            double[] acc = new double[out * BLOCK];
            for (int t = t0; t < t1; t++) {
                int b = t / blocks, p0 = (t % blocks) * BLOCK, w = Math.min(BLOCK, s - p0);
                Arrays.fill(acc, 0.0);
                for (int k = 0; k < h; k++) {
                    int row = (b * h + k) * s + p0;
                    activation.apply(hidden, derivative, row, row + w);
                    for (int o = 0; o < out; o++) {
                        double wk = w2[o * h + k];
                        int a = o * BLOCK;
                        for (int j = 0; j < w; j++) acc[a + j] += wk * hidden[row + j];
                    }
                }
                for (int o = 0; o < out; o++) {
                    int at = (b * out + o) * s + p0, a = o * BLOCK;
                    if (b2 == null) {
                        System.arraycopy(acc, a, y, at, w);
                    } else {
                        double bias = b2[o];
                        for (int j = 0; j < w; j++) y[at + j] = acc[a + j] + bias;
                    }
                }
            }
        });
        return y;
    }

    /**
     * Overwrites the kept derivative {@code sigma'(z)} with the gradient at the pre-activation,
     * {@code sigma'(z) * (W2^T G)}, and returns the first bias's gradient (its channel sums, in
     * {@link LinearOps#channelSums}'s order). Hidden channels in parallel; each row is summed right after it is
     * written, while it is in cache.
     */
    private static double[] hiddenGradientInPlace(ChannelShape sh, double[] derivative, double[] w2, double[] g) {
        int batch = sh.batch, h = sh.cin, out = sh.cout, s = sh.points;
        double[] sums = new double[h];
        boolean fma = Gemm.accumulatesWithFma();
        Parallel.forRange(h, Parallel.grainFor(h, (long) batch * s * (2L + out)), (k0, k1) -> {
            for (int k = k0; k < k1; k++)
                for (int b = 0; b < batch; b++) {
                    int row = (b * h + k) * s, gRow = b * out * s;
                    if (out == 1) { // fma(w, g, 0) and 0 + w * g are both the rounded product
                        double wk = w2[k];
                        for (int p = 0; p < s; p++) derivative[row + p] *= Math.fma(wk, g[gRow + p], 0.0);
                    } else {
                        for (int p = 0; p < s; p++) {
                            double dh = 0.0;
                            for (int o = 0; o < out; o++) dh = Gemm.accumulationStep(fma, w2[o * h + k], g[gRow + o * s + p], dh);
                            derivative[row + p] *= dh;
                        }
                    }
                    sums[k] += LinearOps.rowSum(derivative, row, s);
                }
        });
        return sums;
    }
}
