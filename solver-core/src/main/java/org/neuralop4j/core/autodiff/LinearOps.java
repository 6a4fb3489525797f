package org.neuralop4j.core.autodiff;

import java.util.Arrays;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.ScratchArrays;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.linalg.Gemm;

/**
 * Differentiable matrix products, all through {@link Gemm}: general (batched) matmul with transpose flags,
 * the dense layer {@code x W^T + b} on the last axis, and the fused channel mixing of fields used by neural
 * operators for lifting, projection and the pointwise skip path.
 */
public final class LinearOps {
    private LinearOps() {}

    /** {@code a b} without transposes; see {@link #matmul(Var, Var, boolean, boolean)}. */
    public static Var matmul(Var a, Var b) { return matmul(a, b, false, false); }

    /**
     * {@code C = op(A) op(B)} where {@code op(X)} is {@code X} or, with its flag set, {@code X} with its last two axes
     * swapped. Shapes: {@code A (..., m, k)} ({@code (..., k, m)} when {@code transA}); {@code B} is either 2-D
     * {@code (k, n)} ({@code (n, k)} when {@code transB}), shared by every batch of {@code A}, or has exactly
     * {@code A}'s leading batch axes. Result {@code (..., m, n)}.
     *
     * <p>Backward: {@code dop(A) = G op(B)^T}, {@code dop(B) = op(A)^T G} (summed over batches when {@code B}
     * is shared).
     */
    public static Var matmul(Var a, Var b, boolean transA, boolean transB) {
        Tensor av = a.value(), bv = b.value();
        int ra = av.rank(), rb = bv.rank();
        if (ra < 2) throw new ShapeMismatchException("a", "(..., m, k)", av.shape());
        if (rb < 2) throw new ShapeMismatchException("b", "(k, n) or (..., k, n)", bv.shape());
        int m = transA ? av.dim(-1) : av.dim(-2), k = transA ? av.dim(-2) : av.dim(-1);
        int kb = transB ? bv.dim(-1) : bv.dim(-2), n = transB ? bv.dim(-2) : bv.dim(-1);
        if (k != kb) throw new ShapeMismatchException("b", "inner dimension " + k + (transB ? " on its last axis" : " on its second-to-last axis"), bv.shape());
        int batch = av.sizeOf(0, ra - 2);
        boolean shared = rb == 2;
        if (!shared && (rb != ra || !Arrays.equals(Arrays.copyOf(av.shape(), ra - 2), Arrays.copyOf(bv.shape(), rb - 2))))
            throw new ShapeMismatchException("b", "2-D or with batch axes " + Arrays.toString(Arrays.copyOf(av.shape(), ra - 2)), bv.shape());
        int[] outShape = av.shape();
        outShape[ra - 2] = m;
        outShape[ra - 1] = n;
        int lda = transA ? m : k, ldb = transB ? k : n;
        int sa = m * k, sb = shared ? 0 : k * n, sc = m * n;
        double[] ad = av.data(), bd = bv.data();
        double[] c = new double[batch * m * n];
        if (shared && !transA) {
            Gemm.gemm(false, transB, batch * m, n, k, 1.0, ad, 0, k, bd, 0, ldb, 0.0, c, 0, n);
        } else {
            Gemm.gemmBatched(batch, transA, transB, m, n, k, 1.0, ad, 0, sa, lda, bd, 0, sb, ldb, 0.0, c, 0, sc, n);
        }
        Tensor out = Tensor.wrap(c, outShape);
        return Var.op(out, g -> {
            double[] gd = g.data();
            if (a.requiresGrad()) {
                double[] ga = new double[ad.length];
                if (!transA) { // dA = G op(B)^T
                    if (shared) Gemm.gemm(false, !transB, batch * m, k, n, 1.0, gd, 0, n, bd, 0, ldb, 0.0, ga, 0, k);
                    else Gemm.gemmBatched(batch, false, !transB, m, k, n, 1.0, gd, 0, sc, n, bd, 0, sb, ldb, 0.0, ga, 0, sa, k);
                } else { // A stored (k, m): dA = op(B) G^T
                    Gemm.gemmBatched(batch, transB, true, k, m, n, 1.0, bd, 0, sb, ldb, gd, 0, sc, n, 0.0, ga, 0, sa, m);
                }
                a.accumulateOwned(Tensor.wrap(ga, av.shape()));
            }
            if (b.requiresGrad()) {
                double[] gb = new double[bd.length];
                if (shared) {
                    if (!transA) { // fold the batch into the rows
                        if (!transB) Gemm.gemm(true, false, k, n, batch * m, 1.0, ad, 0, k, gd, 0, n, 0.0, gb, 0, n);
                        else Gemm.gemm(true, false, n, k, batch * m, 1.0, gd, 0, n, ad, 0, k, 0.0, gb, 0, k);
                    } else { // sum the per-batch products in batch order
                        if (!transB) Gemm.gemmBatchedSum(batch, false, false, k, n, m, 1.0, ad, 0, sa, m, gd, 0, sc, n, 0.0, gb, 0, n);
                        else Gemm.gemmBatchedSum(batch, true, true, n, k, m, 1.0, gd, 0, sc, n, ad, 0, sa, m, 0.0, gb, 0, k);
                    }
                } else if (!transB) { // dB = op(A)^T G
                    Gemm.gemmBatched(batch, !transA, false, k, n, m, 1.0, ad, 0, sa, lda, gd, 0, sc, n, 0.0, gb, 0, sb, n);
                } else { // B stored (n, k): dB = G^T op(A)
                    Gemm.gemmBatched(batch, true, transA, n, k, m, 1.0, gd, 0, sc, n, ad, 0, sa, lda, 0.0, gb, 0, sb, k);
                }
                b.accumulateOwned(Tensor.wrap(gb, bv.shape()));
            }
        }, a, b);
    }

    /**
     * Dense layer on the last axis, PyTorch's {@code F.linear}: {@code y = x W^T + b} for {@code x (..., in)},
     * {@code W (out, in)}, {@code b (out)} (may be {@code null}); result {@code (..., out)}. One GEMM with the
     * leading axes folded into rows.
     */
    public static Var linear(Var x, Var w, Var b) {
        Tensor xv = x.value(), wv = w.value();
        if (wv.rank() != 2) throw new ShapeMismatchException("weight", "(out, in)", wv.shape());
        int out = wv.dim(0), in = wv.dim(1);
        if (xv.rank() < 1 || xv.dim(-1) != in) throw new ShapeMismatchException("x", "(..., " + in + ")", xv.shape());
        if (b != null && !Arrays.equals(b.value().shape(), new int[] {out})) throw new ShapeMismatchException("bias", "(" + out + ")", b.value().shape());
        int rows = xv.sizeOf(0, xv.rank() - 1);
        int[] outShape = xv.shape();
        outShape[outShape.length - 1] = out;
        double[] xd = xv.data(), wd = wv.data();
        double[] y = new double[rows * out];
        double beta = 0.0;
        if (b != null) {
            double[] bd = b.value().data();
            for (int r = 0; r < rows; r++) System.arraycopy(bd, 0, y, r * out, out);
            beta = 1.0;
        }
        Gemm.gemm(false, true, rows, out, in, 1.0, xd, 0, in, wd, 0, in, beta, y, 0, out);
        Tensor result = Tensor.wrap(y, outShape);
        Var[] parents = b == null ? new Var[] {x, w} : new Var[] {x, w, b};
        return Var.op(result, g -> {
            double[] gd = g.data();
            if (x.requiresGrad()) {
                double[] gx = new double[xd.length];
                Gemm.gemm(false, false, rows, in, out, 1.0, gd, 0, out, wd, 0, in, 0.0, gx, 0, in);
                x.accumulateOwned(Tensor.wrap(gx, xv.shape()));
            }
            if (w.requiresGrad()) {
                double[] gw = new double[wd.length];
                Gemm.gemm(true, false, out, in, rows, 1.0, gd, 0, out, xd, 0, in, 0.0, gw, 0, in);
                w.accumulateOwned(Tensor.wrap(gw, wv.shape()));
            }
            if (b != null && b.requiresGrad()) {
                double[] gb = new double[out];
                for (int r = 0; r < rows; r++) {
                    int o = r * out;
                    for (int j = 0; j < out; j++) gb[j] += gd[o + j];
                }
                b.accumulateOwned(Tensor.wrap(gb, out));
            }
        }, parents);
    }

    /**
     * Pointwise channel mixing of a field: {@code y[b, o, s] = sum_i W[o, i] x[b, i, s] + bias[o]} for
     * {@code x (B, Cin, X...)}, {@code W (Cout, Cin)}, {@code bias (Cout)} (may be {@code null}); result
     * {@code (B, Cout, X...)}. This is a 1x1 convolution: the lifting, projection and skip path of an FNO.
     * Forward is one GEMM {@code (Cout x Cin) (Cin x S)} per batch element, {@code S} the number of grid points.
     *
     * <p>Backward (hand-written): {@code dx[b] = W^T G[b]}, {@code dW = sum_b G[b] x[b]^T} (accumulated in
     * batch order), {@code dbias[o] = sum_{b,s} G[b, o, s]}. Allocates only the output and the three gradients.
     */
    public static Var channelLinear(Var x, Var w, Var bias) {
        return channelLinear(x, w, bias, null);
    }

    /**
     * {@code sigma(channelLinear(x, w, bias))} as one node (see {@link FusedActivation}): the output array receives
     * the activation in place and the backward pass multiplies by the derivative kept from the forward pass.
     * @param activation the nonlinearity, or {@code null} for none
     */
    public static Var channelLinear(Var x, Var w, Var bias, FusedActivation activation) {
        ChannelShape sh = ChannelShape.of(x, w, bias, "weight", "bias");
        double[] xd = x.value().data(), wd = w.value().data();
        double[] y = channelProduct(sh, xd, wd, bias);
        Var[] parents = bias == null ? new Var[] {x, w} : new Var[] {x, w, bias};
        double[] derivative = FusedActivation.applyInPlace(activation, y, Var.recordsGraph(parents));
        return Var.op(Tensor.wrap(y, sh.outShape()), g -> {
            double[] gd = derivative == null ? g.data() : FusedActivation.timesInPlace(g.data(), derivative);
            if (x.requiresGrad()) inputGradient(sh, x, wd, gd);
            if (w.requiresGrad()) weightGradient(sh, w, xd, gd);
            if (bias != null && bias.requiresGrad())
                bias.accumulateOwned(Tensor.wrap(channelSums(gd, sh.batch, sh.cout, sh.points), sh.cout));
            ScratchArrays.give(derivative); // the graph's backward runs once: no one reads it again
        }, parents);
    }

    /**
     * The sizes of a channel mixing {@code (B, cin, X...) -> (B, cout, X...)}, checked against its operands.
     * {@code points} is the number of grid points {@code X...} of one field.
     */
    static final class ChannelShape {
        final int batch, cin, cout, points;
        private final int[] xShape;

        private ChannelShape(int[] xShape, int cin, int cout) {
            this.xShape = xShape;
            this.batch = xShape[0];
            this.cin = cin;
            this.cout = cout;
            int s = 1;
            for (int i = 2; i < xShape.length; i++) s *= xShape[i];
            this.points = s;
        }

        /**
         * Checks {@code x (B, cin, ...)}, {@code w (cout, cin)} and {@code bias (cout)} (may be {@code null});
         * the names are those the exception reports.
         */
        static ChannelShape of(Var x, Var w, Var bias, String weightName, String biasName) {
            Tensor xv = x.value();
            if (xv.rank() < 2) throw new ShapeMismatchException("x", "(batch, channels, ...)", xv.shape());
            return of(xv.shape(), "x", w.value(), bias == null ? null : bias.value(), weightName, biasName);
        }

        /** As {@link #of(Var, Var, Var, String, String)} for an input named {@code inputName} of shape {@code xShape}. */
        static ChannelShape of(int[] xShape, String inputName, Tensor w, Tensor bias, String weightName, String biasName) {
            if (w.rank() != 2) throw new ShapeMismatchException(weightName, "(Cout, Cin)", w.shape());
            int cout = w.dim(0), cin = w.dim(1);
            if (xShape.length < 2 || xShape[1] != cin)
                throw new ShapeMismatchException(inputName, "(batch, " + cin + ", ...)", xShape);
            if (bias != null && !Arrays.equals(bias.shape(), new int[] {cout}))
                throw new ShapeMismatchException(biasName, "(" + cout + ")", bias.shape());
            return new ChannelShape(xShape.clone(), cin, cout);
        }

        int[] inShape() { return xShape.clone(); }

        int[] outShape() {
            int[] out = xShape.clone();
            out[1] = cout;
            return out;
        }
    }

    /**
     * {@code y[b] = W x[b] + bias} (bias may be {@code null}), one GEMM per batch item, into an array taken from
     * {@link ScratchArrays} (the GEMMs write all of it).
     */
    static double[] channelProduct(ChannelShape sh, double[] xd, double[] wd, Var bias) {
        int batch = sh.batch, cin = sh.cin, cout = sh.cout, s = sh.points;
        double[] y = ScratchArrays.take(batch * cout * s);
        if (bias != null)
            Gemm.gemmBatchedRowBias(batch, false, false, cout, s, cin, 1.0, wd, 0, 0, cin, xd, 0, cin * s, s,
                    bias.value().data(), 0, y, 0, cout * s, s);
        else
            Gemm.gemmBatched(batch, false, false, cout, s, cin, 1.0, wd, 0, 0, cin, xd, 0, cin * s, s, 0.0, y, 0, cout * s, s);
        return y;
    }

    /** Accumulates {@code dx[b] = W^T G[b]} into {@code x}; {@code gd} is the gradient at the product's output. */
    static void inputGradient(ChannelShape sh, Var x, double[] wd, double[] gd) {
        int batch = sh.batch, cin = sh.cin, cout = sh.cout, s = sh.points;
        double[] gx = ScratchArrays.take(batch * cin * s); // the GEMMs write all of it
        Gemm.gemmBatched(batch, true, false, cin, s, cout, 1.0, wd, 0, 0, cin, gd, 0, cout * s, s, 0.0, gx, 0, cin * s, s);
        x.accumulateOwned(Tensor.wrap(gx, sh.inShape()));
    }

    /** Accumulates {@code dW = sum_b G[b] x[b]^T} (in batch order) into {@code w}. */
    static void weightGradient(ChannelShape sh, Var w, double[] xd, double[] gd) {
        int batch = sh.batch, cin = sh.cin, cout = sh.cout, s = sh.points;
        double[] gw = new double[cout * cin];
        Gemm.gemmBatchedSum(batch, false, true, cout, cin, s, 1.0, gd, 0, cout * s, s, xd, 0, cin * s, s, 0.0, gw, 0, cin);
        w.accumulateOwned(Tensor.wrap(gw, cout, cin));
    }

    /**
     * {@code sums[c] = sum_{b, p} g[b, c, p]} for channels-first data {@code (batch, channels, points)}: the gradient
     * of a per-channel bias. Channels in parallel, each summed over batch items in order; within an item, four
     * partial sums over {@code p mod 4} added as {@code (s0 + s1) + (s2 + s3)}, then the last {@code points mod 4}
     * values in order. The order depends only on the sizes, so the bits do not depend on the threads. Four chains
     * because one is bound by the latency of the addition: measured, one thread, a 20 x 32 x 7225 gradient, 0.83 ns a
     * value with one chain and 0.26 with four.
     */
    public static double[] channelSums(double[] g, int batch, int channels, int points) {
        double[] sums = new double[channels];
        Parallel.forRange(channels, Parallel.grainFor(channels, (long) batch * points), (c0, c1) -> {
            for (int c = c0; c < c1; c++)
                for (int b = 0; b < batch; b++) sums[c] += rowSum(g, (b * channels + c) * points, points);
        });
        return sums;
    }

    /** {@code sum g[off .. off + n)} in {@link #channelSums}'s order: four chains over {@code p mod 4}, then the rest. */
    static double rowSum(double[] g, int off, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int p = 0;
        for (; p <= n - 4; p += 4) {
            s0 += g[off + p];
            s1 += g[off + p + 1];
            s2 += g[off + p + 2];
            s3 += g[off + p + 3];
        }
        double acc = (s0 + s1) + (s2 + s3);
        for (; p < n; p++) acc += g[off + p];
        return acc;
    }
}
