package org.neuralop4j.operators.fno;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradCheck;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.operators.fno.SpectralConvolution.Transform;

class SpectralConvolutionTest {
    /** {sizes, modes}: odd and even lengths, a kept Nyquist mode, n = 2m on the signed axes, 1-, 2- and 3-D. */
    private static final int[][][] CASES = {
            {{16}, {5}}, {{8}, {5}}, {{9}, {5}}, {{12}, {1}},
            {{8, 6}, {3, 3}}, {{7, 9}, {3, 4}}, {{6, 10}, {3, 6}},
            {{6, 5, 8}, {2, 2, 3}}, {{4, 6, 6}, {2, 3, 4}}};

    private static Tensor[] weights(long seed, int in, int out, int[] modes) {
        int[] shape = new int[modes.length + 3];
        shape[0] = in;
        shape[1] = out;
        for (int j = 0; j < modes.length; j++) shape[2 + j] = modes[j];
        shape[modes.length + 2] = 2;
        Tensor[] w = new Tensor[1 << (modes.length - 1)];
        for (int b = 0; b < w.length; b++) w[b] = Tensor.randn(seed + b, shape);
        return w;
    }

    private static int[] xShape(int batch, int in, int[] sizes) {
        int[] s = new int[sizes.length + 2];
        s[0] = batch;
        s[1] = in;
        System.arraycopy(sizes, 0, s, 2, sizes.length);
        return s;
    }

    private static Var[] leaves(Tensor[] ts) {
        Var[] v = new Var[ts.length];
        for (int i = 0; i < ts.length; i++) v[i] = Var.leaf(ts[i].copy());
        return v;
    }

    private static void assertClose(String what, Tensor expected, Tensor actual, double rel) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double scale = Math.max(1, expected.normInf());
        double err = expected.maxAbsDiff(actual) / scale;
        assertTrue(err <= rel, what + ": relative error " + err + " > " + rel);
    }

    @Test
    void valueAndGradientsEqualExplicitDftForBothTransforms() {
        for (int[][] c : CASES) {
            int[] sizes = c[0], modes = c[1];
            int batch = 2, in = 3, out = 2;
            Tensor x = Tensor.randn(11, xShape(batch, in, sizes));
            Tensor[] w = weights(21, in, out, modes);
            ExplicitSpectralConv ref = new ExplicitSpectralConv(x.shape(), modes, w);
            Tensor expected = ref.forward(x);
            Tensor gy = Tensor.randn(31, expected.shape());
            Tensor[] expectedGrads = ref.gradients(x, gy);
            for (Transform t : new Transform[] {Transform.FFT, Transform.DFT_GEMM}) {
                String what = t + " sizes " + Arrays.toString(sizes) + " modes " + Arrays.toString(modes);
                Var xv = Var.leaf(x.copy());
                Var[] wv = leaves(w);
                Var y = SpectralConvolution.apply(xv, modes, t, wv);
                assertClose(what + " value", expected, y.value(), 1e-12);
                y.backward(gy);
                assertClose(what + " grad x", expectedGrads[0], xv.grad(), 1e-12);
                for (int b = 0; b < w.length; b++) assertClose(what + " grad w" + b, expectedGrads[1 + b], wv[b].grad(), 1e-12);
            }
        }
    }

    @Test
    void finiteDifferenceGradientsInOneTwoAndThreeDimensions() {
        int[][][] cases = {{{10}, {4}}, {{6, 7}, {2, 3}}, {{4, 4, 6}, {2, 2, 2}}};
        for (int[][] c : cases)
            for (Transform t : new Transform[] {Transform.FFT, Transform.DFT_GEMM}) {
                int[] sizes = c[0], modes = c[1];
                Tensor x = Tensor.randn(5, xShape(2, 2, sizes));
                Tensor[] w = weights(6, 2, 3, modes);
                Tensor[] inputs = new Tensor[1 + w.length];
                inputs[0] = x;
                System.arraycopy(w, 0, inputs, 1, w.length);
                GradCheck.assertGradients(t + " " + Arrays.toString(sizes), v -> {
                    Var[] ws = Arrays.copyOfRange(v, 1, v.length);
                    return SpectralConvolution.apply(v[0], modes, t, ws);
                }, 1e-8, inputs);
            }
    }

    @Test
    void fusedSkipPathEqualsSpectralPlusChannelLinearAndPassesGradientChecks() {
        int[][][] cases = {{{10}, {4}}, {{6, 7}, {2, 3}}, {{4, 4, 6}, {2, 2, 2}}};
        for (int[][] c : cases)
            for (Transform t : new Transform[] {Transform.FFT, Transform.DFT_GEMM}) {
                int[] sizes = c[0], modes = c[1];
                int in = 3, out = 2;
                String what = t + " " + Arrays.toString(sizes);
                Tensor x = Tensor.randn(5, xShape(2, in, sizes)), sw = Tensor.randn(7, out, in), sb = Tensor.randn(8, out);
                Tensor[] w = weights(6, in, out, modes);
                Tensor gy = Tensor.randn(9, xShape(2, out, sizes));
                // reference: the two paths as separate nodes
                Var xr = Var.leaf(x.copy()), swr = Var.leaf(sw.copy()), sbr = Var.leaf(sb.copy());
                Var[] wr = leaves(w);
                Var ref = org.neuralop4j.core.autodiff.Ops.add(SpectralConvolution.apply(xr, modes, t, wr),
                        org.neuralop4j.core.autodiff.LinearOps.channelLinear(xr, swr, sbr));
                ref.backward(gy);
                Var xf = Var.leaf(x.copy()), swf = Var.leaf(sw.copy()), sbf = Var.leaf(sb.copy());
                Var[] wf = leaves(w);
                Var fused = SpectralConvolution.applyWithSkip(xf, modes, t, swf, sbf, null, wf);
                fused.backward(gy);
                assertClose(what + " value", ref.value(), fused.value(), 1e-13);
                assertClose(what + " grad x", xr.grad(), xf.grad(), 1e-13);
                assertClose(what + " grad skip weight", swr.grad(), swf.grad(), 1e-13);
                assertClose(what + " grad skip bias", sbr.grad(), sbf.grad(), 1e-13);
                for (int b = 0; b < w.length; b++) assertClose(what + " grad w" + b, wr[b].grad(), wf[b].grad(), 1e-13);
                // and without a skip bias (no bias to add, no bias gradient to sum)
                Var noBiasRef = org.neuralop4j.core.autodiff.Ops.add(SpectralConvolution.apply(Var.leaf(x.copy()), modes, t, leaves(w)),
                        org.neuralop4j.core.autodiff.LinearOps.channelLinear(Var.leaf(x.copy()), Var.leaf(sw.copy()), null));
                Var noBias = SpectralConvolution.applyWithSkip(Var.leaf(x.copy()), modes, t, Var.leaf(sw.copy()), null, null, leaves(w));
                assertClose(what + " value without skip bias", noBiasRef.value(), noBias.value(), 1e-13);

                Tensor[] inputs = new Tensor[3 + w.length];
                inputs[0] = x;
                inputs[1] = sw;
                inputs[2] = sb;
                System.arraycopy(w, 0, inputs, 3, w.length);
                GradCheck.assertGradients("fused " + what, v -> SpectralConvolution.applyWithSkip(v[0], modes, t, v[1], v[2],
                        null, Arrays.copyOfRange(v, 3, v.length)), 1e-8, inputs);
            }
        assertThrows(ShapeMismatchException.class, () -> SpectralConvolution.applyWithSkip(Var.constant(Tensor.zeros(1, 3, 8)),
                new int[] {2}, Transform.AUTO, Var.constant(Tensor.zeros(3, 2)), null, null, Var.constant(Tensor.zeros(3, 2, 2, 2))));
    }

    @Test
    void fourierLayerWithFusedActivationEqualsTheComposition() {
        int[] modes = {3, 2};
        Tensor x = Tensor.randn(40, 2, 3, 8, 6), sw = Tensor.randn(41, 3, 3), sb = Tensor.randn(42, 3), gy = Tensor.randn(43, 2, 3, 8, 6);
        Tensor[] w = weights(44, 3, 3, modes);
        for (FnoConfig.Activation act : FnoConfig.Activation.values()) {
            Var xr = Var.leaf(x.copy()), swr = Var.leaf(sw.copy()), sbr = Var.leaf(sb.copy());
            Var[] wr = leaves(w);
            Var ref = PointwiseActivation.apply(SpectralConvolution.applyWithSkip(xr, modes, Transform.AUTO, swr, sbr, null, wr), null, act);
            ref.backward(gy);
            Var xf = Var.leaf(x.copy()), swf = Var.leaf(sw.copy()), sbf = Var.leaf(sb.copy());
            Var[] wf = leaves(w);
            Var fused = SpectralConvolution.applyWithSkip(xf, modes, Transform.AUTO, swf, sbf, PointwiseActivation.fused(act), wf);
            fused.backward(gy);
            assertClose(act + " value", ref.value(), fused.value(), 1e-15);
            assertClose(act + " grad x", xr.grad(), xf.grad(), 1e-14);
            assertClose(act + " grad skip weight", swr.grad(), swf.grad(), 1e-14);
            assertClose(act + " grad skip bias", sbr.grad(), sbf.grad(), 1e-14); // summed while the derivative is applied
            assertClose(act + " grad w0", wr[0].grad(), wf[0].grad(), 1e-14);
            if (act == FnoConfig.Activation.RELU) continue; // kink
            Tensor[] inputs = {x, sw, sb, w[0], w[1]};
            GradCheck.assertGradients("fused " + act, v -> SpectralConvolution.applyWithSkip(v[0], modes, Transform.AUTO, v[1], v[2],
                    PointwiseActivation.fused(act), v[3], v[4]), 1e-8, inputs);
        }
    }

    @Test
    void bitIdenticalForOneAndTwoThreads() {
        int prev = Parallel.threads();
        try {
            for (Transform t : new Transform[] {Transform.FFT, Transform.DFT_GEMM}) {
                int[] modes = {4, 5};
                Tensor x = Tensor.randn(1, 3, 4, 16, 12);
                Tensor[] w = weights(2, 4, 4, modes);
                Tensor gy = Tensor.randn(3, 3, 4, 16, 12);
                Tensor[][] results = new Tensor[2][];
                for (int threads = 1; threads <= 2; threads++) {
                    Parallel.setThreads(threads);
                    Var xv = Var.leaf(x.copy());
                    Var[] wv = leaves(w);
                    Var sw = Var.leaf(Tensor.randn(4, 4, 4)), sb = Var.leaf(Tensor.randn(5, 4));
                    Var y = SpectralConvolution.applyWithSkip(xv, modes, t, sw, sb, PointwiseActivation.fused(FnoConfig.Activation.GELU), wv);
                    y.backward(gy);
                    results[threads - 1] = new Tensor[] {y.value(), xv.grad(), wv[0].grad(), wv[1].grad(), sw.grad(), sb.grad()};
                }
                for (int i = 0; i < 6; i++) assertEquals(results[0][i], results[1][i], t + " output " + i);
            }
        } finally {
            Parallel.setThreads(prev);
        }
    }

    /** Value and gradients of a Fourier layer with a skip path, at the given thread count and per-item threshold. */
    private static Tensor[] fourierLayer(int threads, long perItemMinElements, int batch, int in, int out, int[] sizes,
                                         int[] modes, Transform t, boolean withBias, boolean withActivation) {
        int prevThreads = Parallel.threads();
        long prevMin = SpectralConvolution.perItemMinElements;
        try {
            Parallel.setThreads(threads);
            SpectralConvolution.perItemMinElements = perItemMinElements;
            Var x = Var.leaf(Tensor.randn(50, xShape(batch, in, sizes))), sw = Var.leaf(Tensor.randn(52, out, in));
            Var sb = withBias ? Var.leaf(Tensor.randn(53, out)) : null;
            Var[] w = leaves(weights(54, in, out, modes));
            Var y = SpectralConvolution.applyWithSkip(x, modes, t, sw, sb,
                    withActivation ? PointwiseActivation.fused(FnoConfig.Activation.GELU) : null, w);
            y.backward(Tensor.randn(51, xShape(batch, out, sizes)));
            return new Tensor[] {y.value(), x.grad(), w[0].grad(), sw.grad(), withBias ? sb.grad() : Tensor.zeros(1)};
        } finally {
            Parallel.setThreads(prevThreads);
            SpectralConvolution.perItemMinElements = prevMin;
        }
    }

    @Test
    void perBatchItemPassesAgreeWithTheWholeArrayOnesAndDoNotDependOnThreads() {
        assertTrue(SpectralConvolution.perBatchItem(20, 32, 85 * 85), "FNO-2D's bench shape runs per item");
        assertFalse(SpectralConvolution.perBatchItem(20, 64, 1024), "FNO-1D's bench shape runs on whole arrays");
        assertFalse(SpectralConvolution.perBatchItem(1, 1 << 12, 1 << 12), "a single item runs on whole arrays");
        int batch = 3, in = 3, out = 2;
        String[] names = {"value", "grad x", "grad w0", "grad skip weight", "grad skip bias"};
        for (int[][] c : CASES)
            for (Transform t : new Transform[] {Transform.FFT, Transform.DFT_GEMM})
                for (boolean withBias : new boolean[] {true, false})
                    for (boolean withActivation : new boolean[] {true, false}) {
                        String what = Arrays.toString(c[0]) + " " + t + (withBias ? " bias" : "") + (withActivation ? " GELU" : "");
                        Tensor[] whole = fourierLayer(1, Long.MAX_VALUE, batch, in, out, c[0], c[1], t, withBias, withActivation);
                        Tensor[] items1 = fourierLayer(1, 0, batch, in, out, c[0], c[1], t, withBias, withActivation);
                        Tensor[] items2 = fourierLayer(2, 0, batch, in, out, c[0], c[1], t, withBias, withActivation);
                        for (int i = 0; i < whole.length; i++) {
                            assertEquals(items1[i], items2[i], what + ", " + names[i] + ": 1 and 2 threads");
                            assertClose(what + ", " + names[i], whole[i], items1[i], 1e-14);
                        }
                    }
        // where every GEMM runs the packed kernel either way, the two ways give the same bits
        for (Transform t : new Transform[] {Transform.FFT, Transform.DFT_GEMM}) {
            int[] sizes = {24, 20}, modes = {4, 5};
            Tensor[] whole = fourierLayer(2, Long.MAX_VALUE, batch, 8, 8, sizes, modes, t, true, true);
            Tensor[] items = fourierLayer(2, 0, batch, 8, 8, sizes, modes, t, true, true);
            for (int i = 0; i < whole.length; i++) assertEquals(whole[i], items[i], t + " " + names[i] + " at packed sizes");
        }
    }

    /** A field with only frequencies below the kept modes, sampled on an (s x s) grid of [0, 1)^2. */
    private static Tensor bandLimited(int channels, int s, int[] modes) {
        Tensor t = Tensor.zeros(1, channels, s, s);
        for (int c = 0; c < channels; c++)
            for (int a = 0; a < s; a++)
                for (int b = 0; b < s; b++) {
                    double x = (double) a / s, y = (double) b / s, v = 0.3 * c;
                    for (int k1 = -modes[0] + 1; k1 < modes[0]; k1++)
                        for (int k2 = 0; k2 < modes[1]; k2++)
                            v += Math.cos(2 * Math.PI * (k1 * x + k2 * y) + 0.7 * k1 + 0.3 * k2 + c) / (1 + k1 * k1 + k2 * k2);
                    t.set(v, 0, c, a, b);
                }
        return t;
    }

    @Test
    void bandLimitedInputGivesTheSameFunctionAtEveryResolution() {
        int[] modes = {4, 4};
        Tensor[] w = weights(9, 2, 3, modes);
        Tensor coarse = SpectralConvolution.apply(Var.constant(bandLimited(2, 16, modes)), modes, Var.constant(w[0]), Var.constant(w[1])).value();
        for (Transform t : new Transform[] {Transform.FFT, Transform.DFT_GEMM}) {
            Tensor fine = SpectralConvolution.apply(Var.constant(bandLimited(2, 32, modes)), modes, t,
                    Var.constant(w[0]), Var.constant(w[1])).value();
            double worst = 0;
            for (int o = 0; o < 3; o++)
                for (int a = 0; a < 16; a++)
                    for (int b = 0; b < 16; b++) worst = Math.max(worst, Math.abs(coarse.get(0, o, a, b) - fine.get(0, o, 2 * a, 2 * b)));
            assertTrue(worst < 1e-12 * Math.max(1, coarse.normInf()), t + ": coarse and fine grids disagree by " + worst);
        }
    }

    @Test
    void costModelPrefersTruncatedDftForFewModesAndFftForMany() {
        assertEquals(Transform.DFT_GEMM, SpectralConvolution.chooseTransform(new int[] {1024}, new int[] {16}));
        assertEquals(Transform.DFT_GEMM, SpectralConvolution.chooseTransform(new int[] {85, 85}, new int[] {12, 12}));
        assertEquals(Transform.FFT, SpectralConvolution.chooseTransform(new int[] {64}, new int[] {33}));
        assertEquals(Transform.FFT, SpectralConvolution.chooseTransform(new int[] {256, 256}, new int[] {100, 100}));
    }

    @Test
    void rejectsBadShapesWithClearMessages() {
        Var x = Var.constant(Tensor.zeros(1, 2, 8));
        Tensor[] w = weights(1, 2, 2, new int[] {3});
        assertThrows(ShapeMismatchException.class, () -> SpectralConvolution.apply(x, new int[] {3}, Var.constant(Tensor.zeros(3, 2, 3, 2))));
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> SpectralConvolution.apply(Var.constant(Tensor.zeros(1, 2, 4)), new int[] {4}, Var.constant(weights(1, 2, 2, new int[] {4})[0])));
        assertTrue(tooMany.getMessage().contains("non-negative modes"), tooMany.getMessage());
        IllegalArgumentException blocks = assertThrows(IllegalArgumentException.class,
                () -> SpectralConvolution.apply(Var.constant(Tensor.zeros(1, 2, 8, 8)), new int[] {3, 3}, Var.constant(w[0])));
        assertTrue(blocks.getMessage().contains("weight blocks"), blocks.getMessage());
        IllegalArgumentException signed = assertThrows(IllegalArgumentException.class,
                () -> SpectralConvolution.apply(Var.constant(Tensor.zeros(1, 2, 5, 8)), new int[] {3, 3}, leavesOf(weights(1, 2, 2, new int[] {3, 3}))));
        assertTrue(signed.getMessage().contains("at least 6"), signed.getMessage());
    }

    private static Var[] leavesOf(Tensor[] w) {
        Var[] v = new Var[w.length];
        for (int i = 0; i < w.length; i++) v[i] = Var.constant(w[i]);
        return v;
    }
}
