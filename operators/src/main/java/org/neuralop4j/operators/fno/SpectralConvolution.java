package org.neuralop4j.operators.fno;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.ScratchArrays;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.FusedActivation;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.linalg.Gemm;

/**
 * The Fourier layer's integral operator (Li et al., "Fourier Neural Operator for Parametric Partial Differential
 * Equations", ICLR 2021, arXiv:2010.08895) as one fused differentiable op with a hand-written adjoint:
 * {@code y = irfftn( R . (rfftn(x) restricted to the kept modes) )}, for 1, 2 or 3 spatial axes.
 *
 * <p><b>Shapes.</b> Input {@code x}: {@code (batch, in, n_1, .., n_d)}, output {@code (batch, out, n_1, .., n_d)}.
 * Weights: {@code 2^(d-1)} complex blocks, each a tensor {@code (in, out, m_1, .., m_d, 2)} with the complex
 * value's (re, im) in the trailing axis.
 *
 * <p><b>Mode convention</b> (the one of the original FNO code, so PyTorch weights map one to one). The kept
 * Fourier coefficients are {@code X[b, i, k]} with {@code k_d in 0..m_d-1} (the last axis keeps non-negative
 * frequencies: the input is real), and, on every other axis {@code j}, {@code k_j in 0..m_j-1} (positive block)
 * or {@code k_j in n_j-m_j .. n_j-1} (negative frequencies {@code -m_j..-1}). Block {@code b} uses the negative
 * range on axis {@code j < d-1} when bit {@code j} of {@code b} is set; its local index is {@code k_j} resp.
 * {@code k_j - (n_j - m_j)}. So block 0 is PyTorch's {@code weights1 [:m1, :m2, ..]}, block 1 is
 * {@code weights2 [-m1:, :m2, ..]}, and in 3-D block 2 is {@code weights3 [:m1, -m2:, :m3]} and block 3
 * {@code weights4 [-m1:, -m2:, :m3]}. Per kept mode, {@code Y[b, o, k] = sum_i X[b, i, k] W[i, o, k]}
 * (PyTorch's {@code einsum("bix..,iox..->box..")}); all other coefficients are zero; the output is NumPy's
 * {@code irfftn} of that half spectrum at the input's size, so the last axis' frequency 0 (and Nyquist) take
 * only the real part. The DFT is unnormalised forward, {@code 1/N} inverse.
 *
 * <p><b>Resolution.</b> The same weights apply at any grid with {@code n_j >= 2 m_j} ({@code n_d/2+1 >= m_d} on
 * the last axis): a band-limited input sampled at {@code s} and at {@code 2s} gives samples of the same output
 * function.
 *
 * <p><b>Two transforms, one result.</b> {@link Transform#FFT} computes full FFTs and keeps the corner blocks;
 * {@link Transform#DFT_GEMM} computes only the kept modes as truncated DFTs through GEMM, cheaper when few modes
 * are kept. {@link Transform#AUTO} picks per shape by a cost model (see {@link #chooseTransform}); both agree to
 * rounding (tested against an explicit DFT to 1e-12). Results are bit-identical for any thread count.
 */
public final class SpectralConvolution {
    /** How the kept Fourier modes are computed. */
    public enum Transform {
        /** per shape by the cost model of {@link #chooseTransform} */
        AUTO,
        /** full real FFTs (JTransforms), then the kept corner blocks */
        FFT,
        /** truncated DFT matrices applied axis by axis as GEMMs */
        DFT_GEMM
    }

    private static final Map<String, ModeTransform> TRANSFORMS = new ConcurrentHashMap<>();

    /**
     * Cost model constants, measured single-threaded (thread CPU time, so that machine load does not bias them)
     * with the packed GEMM kernel: a truncated DFT runs at about 11 GFLOP/s of its GEMM flops, an FFT at about
     * 2.5 GFLOP/s of the classical {@code 2.5 N log2 N} estimate for smooth lengths (FNO-1D shape (20, 64, 1024),
     * 16 modes: DFT 15.7 ms, FFT 30.1 ms per forward) and about 2.5 times slower again when a length has a prime
     * factor above 5 and JTransforms falls back to Bluestein's algorithm (FNO-2D shape (20, 32, 85, 85), 12
     * modes: DFT 66 ms, FFT 354 ms).
     */
    static final double GEMM_ADVANTAGE = 4.5, BLUESTEIN_PENALTY = 2.5;

    private SpectralConvolution() {}

    /**
     * Picks the transform of lower modelled cost for these spatial sizes and modes: DFT-as-GEMM costs
     * {@code O(N sum_j 2 K_j)} per signal, the FFT {@code O(N log N)} whatever the modes, so the GEMM wins when
     * few modes are kept (the usual FNO setting) and the FFT when many are.
     */
    public static Transform chooseTransform(int[] sizes, int[] modes) {
        ModeGeometry g = new ModeGeometry(sizes, modes);
        double dft = new DftModeTransform(g).flops(1) / GEMM_ADVANTAGE;
        double fft = new FftModeTransform(g).flops(1) * (hasLargePrimeFactor(sizes) ? BLUESTEIN_PENALTY : 1.0);
        return dft <= fft ? Transform.DFT_GEMM : Transform.FFT;
    }

    private static boolean hasLargePrimeFactor(int[] sizes) {
        for (int n : sizes) {
            int r = n;
            for (int f : new int[] {2, 3, 5}) while (r % f == 0) r /= f;
            if (r > 1) return true;
        }
        return false;
    }

    static ModeTransform transform(int[] sizes, int[] modes, Transform t) {
        Transform chosen = t == Transform.AUTO ? chooseTransform(sizes, modes) : t;
        String key = chosen + Arrays.toString(sizes) + Arrays.toString(modes);
        return TRANSFORMS.computeIfAbsent(key, k -> {
            ModeGeometry g = new ModeGeometry(sizes, modes);
            return chosen == Transform.FFT ? new FftModeTransform(g) : new DftModeTransform(g);
        });
    }

    /**
     * The spectral convolution of {@code x} with complex weight blocks, as a graph node.
     * @param x         {@code (batch, in, n_1..n_d)}
     * @param modes     {@code m_1..m_d}
     * @param transform how to compute the kept modes
     * @param weights   {@code 2^(d-1)} blocks of shape {@code (in, out, m_1..m_d, 2)}
     * @return {@code (batch, out, n_1..n_d)}; gradients flow to {@code x} and every weight that requires one
     */
    public static Var apply(Var x, int[] modes, Transform transform, Var... weights) {
        return apply(x, modes, transform, null, null, null, weights);
    }

    /**
     * A Fourier layer's linear part as one node: the spectral convolution plus the pointwise skip path,
     * {@code y[b, o] = (K x)[b, o] + sum_i W[o, i] x[b, i] + bias[o]}. Same result as adding {@link #apply} and
     * {@link org.neuralop4j.core.autodiff.LinearOps#channelLinear} (to rounding), but the skip product is written
     * into the output that the inverse transform then accumulates into, and in the backward pass the skip's input
     * gradient is accumulated into the spectral one: two full-size arrays fewer to allocate, keep and add.
     * With an activation, the node returns {@code sigma(K x + W x + bias)} (the whole Fourier layer) and keeps only
     * {@code sigma'} for the backward pass, see {@link FusedActivation}.
     * @param skipWeight {@code (out, in)}
     * @param skipBias   {@code (out)}, or {@code null}
     * @param activation applied to the sum, or {@code null} for none
     */
    public static Var applyWithSkip(Var x, int[] modes, Transform transform, Var skipWeight, Var skipBias,
                                    FusedActivation activation, Var... weights) {
        if (skipWeight == null) throw new IllegalArgumentException("skipWeight must not be null");
        return apply(x, modes, transform, skipWeight, skipBias, activation, weights);
    }

    private static Var apply(Var x, int[] modes, Transform transform, Var skipWeight, Var skipBias,
                             FusedActivation activation, Var... weights) {
        int[] xs = x.value().shape();
        int d = modes.length;
        if (d < 1 || d > 3) throw new IllegalArgumentException("modes must have 1, 2 or 3 entries, got " + Arrays.toString(modes));
        if (xs.length != d + 2)
            throw new ShapeMismatchException("x", "(batch, channels, " + d + " spatial axes)", xs);
        if (weights.length != 1 << (d - 1))
            throw new IllegalArgumentException(d + "-D spectral convolution needs " + (1 << (d - 1)) + " weight blocks, got " + weights.length);
        int batch = xs[0], in = xs[1];
        int[] sizes = Arrays.copyOfRange(xs, 2, xs.length);
        int[] ws = weights[0].value().shape();
        if (ws.length != d + 3 || ws[0] != in) throw new ShapeMismatchException("weights[0]", "(" + in + ", out, modes.., 2)", ws);
        int out = ws[1];
        int[] expected = new int[d + 3];
        expected[0] = in;
        expected[1] = out;
        for (int j = 0; j < d; j++) expected[2 + j] = modes[j];
        expected[d + 2] = 2;
        for (int b = 0; b < weights.length; b++)
            if (!Arrays.equals(weights[b].value().shape(), expected))
                throw new ShapeMismatchException("weights[" + b + "]", Arrays.toString(expected), weights[b].value().shape());

        SkipPath skip = skipWeight == null ? null : new SkipPath(skipWeight, skipBias, in, out);
        ModeTransform tr = transform(sizes, modes, transform);
        ModeGeometry g = tr.geometry();
        Mixing mix = new Mixing(g, batch, in, out);
        double[] xModes = mix.toModeMajor(tr.forward(x.value().data(), batch * in), in);
        // the weights' real forms (modes x 2 in x 2 out) are kept for the input gradient: rebuilding them cost about
        // as much as keeping them (FNO-2D: 9.4 MB a layer, 1.1-1.4 ms to build)
        double[] m = mix.buildMatrices(weights);
        double[] yModes = new double[g.modeCount * batch * 2 * out];
        Gemm.gemmBatched(g.modeCount, false, false, batch, 2 * out, 2 * in, 1.0, xModes, 0, batch * 2 * in, 2 * in,
                m, 0, 4 * in * out, 2 * out, 0.0, yModes, 0, batch * 2 * out, 2 * out);
        int points = x.value().sizeOf(2, xs.length);
        int[] ys = xs.clone();
        ys[1] = out;
        java.util.List<Var> parentList = new java.util.ArrayList<>();
        parentList.add(x);
        parentList.addAll(Arrays.asList(weights));
        if (skip != null) {
            parentList.add(skipWeight);
            if (skipBias != null) parentList.add(skipBias);
        }
        Var[] parents = parentList.toArray(new Var[0]);
        boolean recordsGraph = Var.recordsGraph(parents);
        double[] spectrum = mix.fromModeMajor(yModes, out);
        double[] y, derivative;
        boolean perItem = skip != null && perBatchItem(batch, Math.max(in, out), points);
        if (perItem) {
            y = ScratchArrays.take(batch * out * points); // each item's skip GEMM writes all of its part
            derivative = activation != null && recordsGraph ? ScratchArrays.take(y.length) : null; // written in full below
            int len = g.rowLength(), size = out * points;
            double[] xd = x.value().data();
            Parallel.forRange(batch, 1, (b0, b1) -> {
                for (int b = b0; b < b1; b++) {
                    skip.forwardItem(xd, b, points, y);
                    tr.inverseAdd(spectrum, b * out * len, out, y, b * size);
                    if (activation != null) activation.apply(y, derivative, b * size, (b + 1) * size);
                }
            });
        } else {
            if (skip == null) {
                y = tr.inverse(spectrum, batch * out);
            } else {
                y = skip.forward(x.value().data(), batch, points);
                tr.inverseAdd(spectrum, batch * out, y);
            }
            derivative = FusedActivation.applyInPlace(activation, y, recordsGraph);
        }
        if (!recordsGraph) ScratchArrays.give(m); // no backward pass will read it
        // the work arrays only this node's backward pass reads go back to ScratchArrays at its end
        return Var.op(Tensor.wrap(y, ys), gOut -> {
            // with an activation, the skip bias's gradient is summed in the pass that multiplies in its derivative
            boolean biasGradient = skip != null && skip.bias != null && skip.bias.requiresGrad();
            double[] biasSums = null, gySpectrum;
            if (derivative != null && perItem) {
                // the activation's derivative multiplied in and the transform toward the modes, item by item
                gySpectrum = new double[batch * out * g.rowLength()];
                double[] rowSums = biasGradient ? new double[batch * out] : null, gd = gOut.data();
                int len = g.rowLength(), size = out * points;
                Parallel.forRange(batch, 1, (b0, b1) -> {
                    for (int b = b0; b < b1; b++) {
                        FusedActivation.timesInPlaceRows(gd, derivative, points, b * out, (b + 1) * out, rowSums);
                        tr.inverseTransposeInto(derivative, b * size, out, gySpectrum, b * out * len);
                    }
                });
                if (biasGradient) biasSums = FusedActivation.channelSumsOfRows(rowSums, batch, out);
            } else {
                if (derivative != null && biasGradient)
                    biasSums = FusedActivation.timesInPlaceWithChannelSums(gOut.data(), derivative, batch, out, points);
                else if (derivative != null)
                    FusedActivation.timesInPlace(gOut.data(), derivative);
                gySpectrum = tr.inverseTranspose(derivative == null ? gOut.data() : derivative, batch * out);
            }
            Tensor gy = derivative == null ? gOut : Tensor.wrap(derivative, ys);
            double[] gyModes = mix.toModeMajor(gySpectrum, out);
            boolean anyWeight = false;
            for (Var w : weights) anyWeight |= w.requiresGrad();
            if (anyWeight) {
                double[] gm = ScratchArrays.take(g.modeCount * 4 * in * out); // the GEMMs write all of it
                Gemm.gemmBatched(g.modeCount, true, false, 2 * in, 2 * out, batch, 1.0, xModes, 0, batch * 2 * in, 2 * in,
                        gyModes, 0, batch * 2 * out, 2 * out, 0.0, gm, 0, 4 * in * out, 2 * out);
                Tensor[] gw = mix.weightGradients(gm, expected);
                ScratchArrays.give(gm);
                for (int b = 0; b < weights.length; b++) weights[b].accumulateOwned(gw[b]);
            }
            if (skip != null) skip.parameterGradients(gy.data(), x.value().data(), batch, points, biasSums);
            if (x.requiresGrad()) {
                double[] gxModes = new double[g.modeCount * batch * 2 * in];
                Gemm.gemmBatched(g.modeCount, false, true, batch, 2 * in, 2 * out, 1.0, gyModes, 0, batch * 2 * out, 2 * out,
                        m, 0, 4 * in * out, 2 * out, 0.0, gxModes, 0, batch * 2 * in, 2 * in);
                double[] gx = tr.forwardTranspose(mix.fromModeMajor(gxModes, in), batch * in);
                if (skip != null) skip.addInputGradient(gy.data(), gx, batch, points);
                x.accumulateOwned(Tensor.wrap(gx, xs));
            }
            ScratchArrays.give(m);
            ScratchArrays.give(derivative);
        }, parents);
    }

    /**
     * Smallest full-size array (elements, {@code batch * channels * points}) for which a Fourier layer with a skip path
     * runs its full-size passes one batch item at a time (see {@link #perBatchItem}): 2^22
     * doubles, 32 MiB, a large last-level cache. Not final so that tests can run both ways on small shapes.
     */
    static long perItemMinElements = 1L << 22;

    /**
     * Whether a Fourier layer with a skip path runs its full-size passes one batch item at a time, the threads sharing
     * the items: forward, the skip product, the inverse transform added into it and the activation; backward, the
     * activation's derivative multiplied into the incoming gradient and the transform of the product toward the
     * modes. Each item's part then stays in cache between its passes instead of the whole array streaming through
     * memory two or three times, which is what limits them once the array outgrows the last-level cache (FNO-2D,
     * 20 x 32 x 85 x 85 = 37 MB: the layer's forward pass 10-16 % faster; FNO-1D, 20 x 64 x 1024 = 10 MB: no change;
     * the backward pass's other full-size pair, the forward transform's transpose and the skip's input gradient,
     * saved nothing measurable this way and is not split). The choice depends on the shapes only, never on the thread count, so
     * results stay bit-identical for any number of threads. The two ways agree to rounding; they give the same bits
     * when every GEMM runs the packed kernel either way (so at FNO-2D's sizes), but a small item can fall below a
     * GEMM size at which {@link Gemm} switches to its unfused small-product loops.
     */
    static boolean perBatchItem(int batch, int channels, int points) {
        return batch >= 2 && (long) batch * channels * points >= perItemMinElements;
    }

    /** {@link #apply} with {@link Transform#AUTO}. */
    public static Var apply(Var x, int[] modes, Var... weights) { return apply(x, modes, Transform.AUTO, weights); }

    /**
     * Floating-point operations of one forward pass (transforms + mode mixing), as the cost model counts them;
     * a backward pass costs about twice this.
     */
    public static double forwardFlops(int batch, int in, int out, int[] sizes, int[] modes, Transform t) {
        ModeTransform tr = transform(sizes, modes, t);
        return tr.flops(batch * in) + tr.flops(batch * out) + 8.0 * tr.geometry().modeCount * batch * in * out;
    }

    /**
     * The pointwise skip path {@code W x + bias} of a Fourier layer on channels-first data {@code (batch, in, S)}:
     * one GEMM {@code (out x in)(in x S)} per batch item forward, {@code W^T G} accumulated into the spectral input
     * gradient, {@code dW = sum_b G_b x_b^T} and {@code dbias = sum_{b,s} G} backward.
     */
    private static final class SkipPath {
        final Var weight, bias;
        final int in, out;

        SkipPath(Var weight, Var bias, int in, int out) {
            int[] ws = weight.value().shape();
            if (ws.length != 2 || ws[0] != out || ws[1] != in)
                throw new ShapeMismatchException("skipWeight", "(" + out + ", " + in + ")", ws);
            if (bias != null && !Arrays.equals(bias.value().shape(), new int[] {out}))
                throw new ShapeMismatchException("skipBias", "(" + out + ")", bias.value().shape());
            this.weight = weight;
            this.bias = bias;
            this.in = in;
            this.out = out;
        }

        double[] forward(double[] x, int batch, int points) {
            double[] y = ScratchArrays.take(batch * out * points); // the GEMMs write all of it
            if (bias != null)
                Gemm.gemmBatchedRowBias(batch, false, false, out, points, in, 1.0, weight.value().data(), 0, 0, in,
                        x, 0, in * points, points, bias.value().data(), 0, y, 0, out * points, points);
            else
                Gemm.gemmBatched(batch, false, false, out, points, in, 1.0, weight.value().data(), 0, 0, in,
                        x, 0, in * points, points, 0.0, y, 0, out * points, points);
            return y;
        }

        /** {@code y_b = W x_b + bias} for batch item {@code b} alone, the same bits as {@link #forward} gives for it. */
        void forwardItem(double[] x, int b, int points, double[] y) {
            int xOff = b * in * points, yOff = b * out * points;
            if (bias != null)
                Gemm.gemmBatchedRowBias(1, false, false, out, points, in, 1.0, weight.value().data(), 0, 0, in,
                        x, xOff, 0, points, bias.value().data(), 0, y, yOff, 0, points);
            else
                Gemm.gemm(false, false, out, points, in, 1.0, weight.value().data(), 0, in, x, xOff, points,
                        0.0, y, yOff, points);
        }

        void addInputGradient(double[] gy, double[] gx, int batch, int points) {
            Gemm.gemmBatched(batch, true, false, in, points, out, 1.0, weight.value().data(), 0, 0, in,
                    gy, 0, out * points, points, 1.0, gx, 0, in * points, points);
        }

        /** @param biasSums the bias's gradient when already summed, else {@code null} (then summed from {@code gy}) */
        void parameterGradients(double[] gy, double[] x, int batch, int points, double[] biasSums) {
            if (weight.requiresGrad()) {
                double[] gw = new double[out * in];
                Gemm.gemmBatchedSum(batch, false, true, out, in, points, 1.0, gy, 0, out * points, points,
                        x, 0, in * points, points, 0.0, gw, 0, in);
                weight.accumulateOwned(Tensor.wrap(gw, out, in));
            }
            if (bias != null && bias.requiresGrad()) {
                double[] sums = biasSums != null ? biasSums : org.neuralop4j.core.autodiff.LinearOps.channelSums(gy, batch, out, points);
                bias.accumulateOwned(Tensor.wrap(sums, out));
            }
        }
    }

    /**
     * Layout changes and weight packing between the transforms' per-row spectra and the per-mode GEMMs.
     * Per mode {@code k}: rows are batch entries, columns {@code [Re over channels | Im over channels]}; the
     * weight matrix is the real form {@code [[Re W, Im W], [-Im W, Re W]]} ({@code 2 in x 2 out}) of complex W.
     */
    private static final class Mixing {
        final ModeGeometry g;
        final int batch, in, out, md;
        /** per mode: weight block and flat local mode index */
        final int[] block, local;

        Mixing(ModeGeometry g, int batch, int in, int out) {
            this.g = g;
            this.batch = batch;
            this.in = in;
            this.out = out;
            this.md = g.m[g.d - 1];
            block = new int[g.modeCount];
            local = new int[g.modeCount];
            for (int mode = 0; mode < g.modeCount; mode++) {
                int rem = mode, b = 0, lidx = 0, stride = 1;
                for (int j = g.d - 1; j >= 0; j--) {
                    int pos = rem % g.k[j];
                    rem /= g.k[j];
                    int l = pos;
                    if (j < g.d - 1 && pos >= g.m[j]) {
                        b |= 1 << j;
                        l = pos - g.m[j];
                    }
                    lidx += l * stride;
                    stride *= g.m[j];
                }
                block[mode] = b;
                local[mode] = lidx;
            }
        }

        /** (batch*channels, rowLength) planar spectra to (modes, batch, 2*channels). */
        double[] toModeMajor(double[] rows, int channels) {
            int len = g.rowLength(), modes = g.modeCount;
            double[] dst = new double[modes * batch * 2 * channels];
            Parallel.forRange(modes, Parallel.grainFor(modes, 2L * batch * channels), (k0, k1) -> {
                for (int mode = k0; mode < k1; mode++) {
                    int q = mode / md, t = mode % md, re = q * 2 * md + t, im = re + md;
                    for (int b = 0; b < batch; b++) {
                        int o = (mode * batch + b) * 2 * channels;
                        for (int c = 0; c < channels; c++) {
                            int src = (b * channels + c) * len;
                            dst[o + c] = rows[src + re];
                            dst[o + channels + c] = rows[src + im];
                        }
                    }
                }
            });
            return dst;
        }

        /** Inverse of {@link #toModeMajor}. */
        double[] fromModeMajor(double[] modesMajor, int channels) {
            int len = g.rowLength(), modes = g.modeCount;
            double[] dst = new double[batch * channels * len];
            Parallel.forRange(modes, Parallel.grainFor(modes, 2L * batch * channels), (k0, k1) -> {
                for (int mode = k0; mode < k1; mode++) {
                    int q = mode / md, t = mode % md, re = q * 2 * md + t, im = re + md;
                    for (int b = 0; b < batch; b++) {
                        int o = (mode * batch + b) * 2 * channels;
                        for (int c = 0; c < channels; c++) {
                            int r = (b * channels + c) * len;
                            dst[r + re] = modesMajor[o + c];
                            dst[r + im] = modesMajor[o + channels + c];
                        }
                    }
                }
            });
            return dst;
        }

        /** (modes, 2 in, 2 out) real forms of the complex weights. */
        double[] buildMatrices(Var[] weights) {
            int modes = g.modeCount, local0 = localCount();
            double[] m = ScratchArrays.take(modes * 4 * in * out); // every element is written below
            Parallel.forRange(modes, Parallel.grainFor(modes, 4L * in * out), (k0, k1) -> {
                for (int mode = k0; mode < k1; mode++) {
                    double[] w = weights[block[mode]].value().data();
                    int base = mode * 4 * in * out, l = local[mode];
                    for (int i = 0; i < in; i++)
                        for (int o = 0; o < out; o++) {
                            int src = 2 * ((i * out + o) * local0 + l);
                            double re = w[src], im = w[src + 1];
                            m[base + i * 2 * out + o] = re;
                            m[base + i * 2 * out + out + o] = im;
                            m[base + (in + i) * 2 * out + o] = -im;
                            m[base + (in + i) * 2 * out + out + o] = re;
                        }
                }
            });
            return m;
        }

        /** Gradients of the complex blocks from the gradients of their real forms (modes, 2 in, 2 out). */
        Tensor[] weightGradients(double[] gm, int[] shape) {
            int blocks = g.blockCount(), local0 = localCount(), modes = g.modeCount;
            Tensor[] gw = new Tensor[blocks];
            for (int b = 0; b < blocks; b++) gw[b] = Tensor.zeros(shape);
            Parallel.forRange(modes, Parallel.grainFor(modes, 4L * in * out), (k0, k1) -> {
                for (int mode = k0; mode < k1; mode++) {
                    double[] w = gw[block[mode]].data();
                    int base = mode * 4 * in * out, l = local[mode];
                    for (int i = 0; i < in; i++)
                        for (int o = 0; o < out; o++) {
                            int dst = 2 * ((i * out + o) * local0 + l);
                            w[dst] = gm[base + i * 2 * out + o] + gm[base + (in + i) * 2 * out + out + o];
                            w[dst + 1] = gm[base + i * 2 * out + out + o] - gm[base + (in + i) * 2 * out + o];
                        }
                }
            });
            return gw;
        }

        private int localCount() {
            int p = 1;
            for (int mj : g.m) p *= mj;
            return p;
        }
    }
}
