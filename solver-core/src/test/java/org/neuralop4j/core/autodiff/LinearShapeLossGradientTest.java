package org.neuralop4j.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;

/** Gradient checks and reference values for matmul, linear, channelLinear, shape ops and losses. */
class LinearShapeLossGradientTest {
    static final double TOL = 1e-6;

    static Tensor rnd(long seed, int... shape) { return Tensor.randn(seed, shape); }

    @Test
    void matmulAllTransposesAndBatching() {
        for (boolean ta : new boolean[] {false, true})
            for (boolean tb : new boolean[] {false, true}) {
                String s = " transA=" + ta + " transB=" + tb;
                Tensor a2 = rnd(1, ta ? new int[] {4, 3} : new int[] {3, 4});
                Tensor b2 = rnd(2, tb ? new int[] {5, 4} : new int[] {4, 5});
                Tensor a3 = rnd(3, ta ? new int[] {2, 4, 3} : new int[] {2, 3, 4});
                Tensor b3 = rnd(4, tb ? new int[] {2, 5, 4} : new int[] {2, 4, 5});
                GradCheck.assertGradients("2-D" + s, v -> LinearOps.matmul(v[0], v[1], ta, tb), TOL, a2, b2);
                GradCheck.assertGradients("batched" + s, v -> LinearOps.matmul(v[0], v[1], ta, tb), TOL, a3, b3);
                GradCheck.assertGradients("shared right" + s, v -> LinearOps.matmul(v[0], v[1], ta, tb), TOL, a3, b2);
                // values against Tensor.matmul on explicitly transposed copies
                Tensor ref = (ta ? a3.permute(0, 2, 1) : a3).matmul(tb ? b2.transpose() : b2);
                Tensor got = LinearOps.matmul(Var.constant(a3), Var.constant(b2), ta, tb).value();
                assertEquals(0.0, ref.maxAbsDiff(got), 1e-13, s);
            }
        Tensor a = rnd(5, 3, 3);
        GradCheck.assertGradients("A A", v -> LinearOps.matmul(v[0], v[0]), TOL, a);
        GradCheck.assertGradients("A^T A", v -> LinearOps.matmul(v[0], v[0], true, false), TOL, a);
        assertThrows(ShapeMismatchException.class, () -> LinearOps.matmul(Var.constant(rnd(1, 2, 3)), Var.constant(rnd(1, 4, 2))));
    }

    @Test
    void channelSumsAddInTheirDocumentedOrderForAnyThreadCount() {
        int prev = org.neuralop4j.core.Parallel.threads();
        try {
            for (int points : new int[] {1, 3, 4, 7, 1001}) {
                int batch = 3, channels = 5;
                double[] g = rnd(points, batch, channels, points).data();
                double[] expected = new double[channels];
                for (int c = 0; c < channels; c++)
                    for (int b = 0; b < batch; b++) {
                        int off = (b * channels + c) * points, p = 0;
                        double[] part = new double[4];
                        for (; p + 4 <= points; p += 4) for (int j = 0; j < 4; j++) part[j] += g[off + p + j];
                        double acc = (part[0] + part[1]) + (part[2] + part[3]);
                        for (; p < points; p++) acc += g[off + p];
                        expected[c] += acc;
                        double plain = 0; // and the plain sum, to a rounding error
                        for (int q = 0; q < points; q++) plain += g[off + q];
                        assertEquals(plain, acc, 1e-13 * points);
                    }
                for (int threads = 1; threads <= 2; threads++) {
                    org.neuralop4j.core.Parallel.setThreads(threads);
                    assertArrayEquals(expected, LinearOps.channelSums(g, batch, channels, points), 0.0, points + " points, " + threads + " threads");
                }
            }
        } finally {
            org.neuralop4j.core.Parallel.setThreads(prev);
        }
    }

    @Test
    void productWithChannelSumsGivesTheBitsOfTimesInPlaceThenChannelSums() {
        int prev = org.neuralop4j.core.Parallel.threads();
        try {
            for (int points : new int[] {1, 3, 4, 7, 1001})
                for (int threads = 1; threads <= 2; threads++) {
                    org.neuralop4j.core.Parallel.setThreads(threads);
                    int batch = 3, channels = 5;
                    double[] g = rnd(points, batch, channels, points).data(), d = rnd(points + 1, batch, channels, points).data();
                    double[] expectedProduct = FusedActivation.timesInPlace(g, d.clone());
                    double[] expectedSums = LinearOps.channelSums(expectedProduct, batch, channels, points);
                    double[] product = d.clone();
                    double[] sums = FusedActivation.timesInPlaceWithChannelSums(g, product, batch, channels, points);
                    String what = points + " points, " + threads + " threads";
                    assertArrayEquals(expectedProduct, product, 0.0, what);
                    assertArrayEquals(expectedSums, sums, 0.0, what);
                    for (int i = 0; i < g.length; i++) assertEquals(g[i] * d[i], product[i], 0.0, what);
                }
        } finally {
            org.neuralop4j.core.Parallel.setThreads(prev);
        }
        assertThrows(IllegalArgumentException.class,
                () -> FusedActivation.timesInPlaceWithChannelSums(new double[12], new double[12], 2, 2, 4));
    }

    @Test
    void linearLayer() {
        Tensor x = rnd(6, 2, 3, 4), w = rnd(7, 5, 4), b = rnd(8, 5);
        GradCheck.assertGradients("linear", v -> LinearOps.linear(v[0], v[1], v[2]), TOL, x, w, b);
        GradCheck.assertGradients("linear no bias", v -> LinearOps.linear(v[0], v[1], null), TOL, x, w);
        Tensor y = LinearOps.linear(Var.constant(x), Var.constant(w), Var.constant(b)).value();
        assertArrayEquals(new int[] {2, 3, 5}, y.shape());
        double ref = b.get(2);
        for (int i = 0; i < 4; i++) ref += w.get(2, i) * x.get(1, 2, i);
        assertEquals(ref, y.get(1, 2, 2), 1e-14);
    }

    @Test
    void channelLinear() {
        for (int[] shape : new int[][] {{2, 3, 5}, {2, 3, 4, 3}, {1, 3, 2, 2, 2}}) {
            Tensor x = rnd(9, shape), w = rnd(10, 4, 3), b = rnd(11, 4);
            GradCheck.assertGradients("channelLinear", v -> LinearOps.channelLinear(v[0], v[1], v[2]), TOL, x, w, b);
            GradCheck.assertGradients("channelLinear no bias", v -> LinearOps.channelLinear(v[0], v[1], null), TOL, x, w);
            // reference: move channels last, apply linear, move back
            int r = shape.length;
            int[] toLast = new int[r], back = new int[r];
            toLast[0] = 0;
            for (int i = 1; i < r - 1; i++) toLast[i] = i + 1;
            toLast[r - 1] = 1;
            for (int i = 0; i < r; i++) back[toLast[i]] = i;
            Tensor ref = LinearOps.linear(Var.constant(x.permute(toLast)), Var.constant(w), Var.constant(b)).value().permute(back);
            Tensor got = LinearOps.channelLinear(Var.constant(x), Var.constant(w), Var.constant(b)).value();
            assertEquals(0.0, ref.maxAbsDiff(got), 1e-13);
        }
        assertThrows(ShapeMismatchException.class,
                () -> LinearOps.channelLinear(Var.constant(rnd(1, 2, 5, 4)), Var.constant(rnd(1, 4, 3)), null));
    }

    /** tanh as a fused activation: value in place, derivative 1 - tanh^2 kept. */
    static final FusedActivation TANH = (v, d, i0, i1) -> {
        for (int i = i0; i < i1; i++) {
            double y = Math.tanh(v[i]);
            if (d != null) d[i] = 1 - y * y;
            v[i] = y;
        }
    };

    @Test
    void channelLinearWithFusedActivationEqualsTheComposition() {
        Tensor x = rnd(12, 2, 3, 40), w = rnd(13, 4, 3), b = rnd(14, 4), g = rnd(15, 2, 4, 40);
        Var xr = Var.leaf(x.copy()), wr = Var.leaf(w.copy()), br = Var.leaf(b.copy());
        Var ref = Ops.tanh(LinearOps.channelLinear(xr, wr, br));
        ref.backward(g);
        Var xf = Var.leaf(x.copy()), wf = Var.leaf(w.copy()), bf = Var.leaf(b.copy());
        Var fused = LinearOps.channelLinear(xf, wf, bf, TANH);
        fused.backward(g);
        assertEquals(0.0, ref.value().maxAbsDiff(fused.value()), 1e-15);
        assertEquals(0.0, xr.grad().maxAbsDiff(xf.grad()), 1e-14);
        assertEquals(0.0, wr.grad().maxAbsDiff(wf.grad()), 1e-13);
        assertEquals(0.0, br.grad().maxAbsDiff(bf.grad()), 1e-13);
        GradCheck.assertGradients("channelLinear + tanh", v -> LinearOps.channelLinear(v[0], v[1], v[2], TANH), TOL, x, w, b);
        // without a graph the derivative is not kept, and the value is the same
        Tensor noGraph;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            noGraph = LinearOps.channelLinear(Var.leaf(x.copy()), Var.leaf(w.copy()), Var.leaf(b.copy()), TANH).value();
        }
        assertEquals(ref.value(), noGraph);
    }

    @Test
    void shapeOps() {
        Tensor x = rnd(12, 2, 3, 4);
        GradCheck.assertGradients("reshape", v -> Ops.mul(ShapeOps.reshape(v[0], 6, -1), ShapeOps.reshape(v[0], 6, 4)), TOL, x);
        GradCheck.assertGradients("permute", v -> ShapeOps.permute(v[0], 2, 0, 1), TOL, x);
        GradCheck.assertGradients("concat", v -> ShapeOps.concat(1, v[0], v[1], v[0]), TOL, x, rnd(13, 2, 2, 4));
        GradCheck.assertGradients("concat last", v -> ShapeOps.concat(-1, v[0], v[1]), TOL, x, rnd(14, 2, 3, 1));
        for (int axis = 0; axis < 3; axis++) {
            int ax = axis;
            GradCheck.assertGradients("slice axis " + axis, v -> ShapeOps.slice(v[0], ax, 1, 2), TOL, x);
        }
        GradCheck.assertGradients("gather with repeats", v -> ShapeOps.gather(v[0], new int[] {1, 0, 1}), TOL, x);
        GradCheck.assertGradients("pad", v -> ShapeOps.pad(v[0], new int[] {1, 0}, new int[] {2, 3}), TOL, x);
        GradCheck.assertGradients("crop", v -> ShapeOps.crop(v[0], new int[] {1, 1}, new int[] {0, 2}), TOL, x);
        Tensor p = ShapeOps.pad(Var.constant(x), new int[] {1}, new int[] {2}).value();
        assertArrayEquals(new int[] {2, 3, 7}, p.shape());
        assertEquals(0.0, p.get(1, 2, 0), 0.0);
        assertEquals(x.get(1, 2, 3), p.get(1, 2, 4), 0.0);
        assertEquals(0.0, p.get(1, 2, 6), 0.0);
        Tensor back = ShapeOps.crop(Var.constant(p), new int[] {1}, new int[] {2}).value();
        assertEquals(x, back);
        Tensor g = ShapeOps.gather(Var.constant(x), new int[] {1, 1, 0}).value();
        assertEquals(x.select(1), g.select(0));
        assertThrows(ShapeMismatchException.class, () -> ShapeOps.crop(Var.constant(x), new int[] {3}, new int[] {2}));
    }

    @Test
    void losses() {
        Tensor p = rnd(20, 3, 2, 6), t = rnd(21, 3, 2, 6);
        GradCheck.assertGradients("mse", v -> Losses.mse(v[0], v[1]), TOL, p, t);
        GradCheck.assertGradients("relL2", v -> Losses.relativeL2(v[0], v[1]), TOL, p, t);
        GradCheck.assertGradients("relL3", v -> Losses.relativeLp(v[0], v[1], 3), TOL, p, t);
        GradCheck.assertGradients("relL1.5", v -> Losses.relativeLp(v[0], v[1], 1.5), TOL, p, t);
        GradCheck.assertGradients("relH1 1-D", v -> Losses.relativeH1(v[0], v[1]), TOL, p, t);
        Tensor p2 = rnd(22, 2, 2, 5, 4), t2 = rnd(23, 2, 2, 5, 4);
        GradCheck.assertGradients("relH1 2-D", v -> Losses.relativeH1(v[0], v[1], 2.0, 0.5), TOL, p2, t2);
        GradCheck.assertGradients("relH1 pred only", v -> Losses.relativeH1(v[0], Var.constant(t2)), TOL, p2);
    }

    @Test
    void lossValues() {
        Tensor t = Tensor.matrix(new double[][] {{3, 4}, {1, 0}});
        Tensor p = Tensor.matrix(new double[][] {{3, 5}, {0, 0}});
        assertEquals((0 + 1 + 1 + 0) / 4.0, Losses.mse(Var.constant(p), Var.constant(t)).value().item(), 1e-15);
        // sample 0: ||(0,1)|| / ||(3,4)|| = 1/5; sample 1: 1/1
        assertEquals((0.2 + 1.0) / 2, Losses.relativeL2(Var.constant(p), Var.constant(t)).value().item(), 1e-15);
        assertEquals((1.0 / 7 + 1.0) / 2, Losses.relativeLp(Var.constant(p), Var.constant(t), 1).value().item(), 1e-15);
        // H1 of sin(2 pi x) on [0,1): discrete derivative is sin(2 pi h)/h * cos(2 pi x), so for u = 0 the relative
        // H1 error is exactly 1 and for u = 2v it is 1 as well; for u = v + c (constant) only the L2 part changes
        int n = 16;
        Tensor v = Tensor.zeros(1, 1, n), u = Tensor.zeros(1, 1, n);
        for (int i = 0; i < n; i++) {
            v.set(Math.sin(2 * Math.PI * i / n), 0, 0, i);
            u.set(v.get(0, 0, i) + 0.1, 0, 0, i);
        }
        double k = Math.sin(2 * Math.PI / n) * n; // discrete derivative amplitude
        double vNorm2 = n / 2.0 * (1 + k * k), eNorm2 = n * 0.01;
        assertEquals(Math.sqrt(eNorm2 / vNorm2), Losses.relativeH1(Var.constant(u), Var.constant(v)).value().item(), 1e-13);
        assertEquals(1.0, Losses.relativeH1(Var.constant(Tensor.zeros(1, 1, n)), Var.constant(v)).value().item(), 1e-14);
    }

    @Test
    void channelLinearAllocatesOnlyOutputAndGradients() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int threads = org.neuralop4j.core.Parallel.threads();
        org.neuralop4j.core.Parallel.setThreads(1); // every allocation happens on this thread
        try {
            int b = 4, cin = 8, cout = 16, n = 32 * 32;
            Var x = Var.leaf(rnd(30, b, cin, 32, 32)), w = Var.leaf(rnd(31, cout, cin)), bias = Var.leaf(rnd(32, cout));
            Tensor seed = rnd(33, b, cout, 32, 32);
            // steady state: the least allocated over several calls after a warm-up (until the JIT has compiled the
            // kernels, interpreted Vector API code boxes its vectors; a structural allocation shows in every call)
            for (int i = 0; i < 20; i++) LinearOps.channelLinear(x, w, bias).backward(seed);
            long tid = Thread.currentThread().getId(), allocated = Long.MAX_VALUE;
            for (int i = 0; i < 30; i++) {
                x.zeroGrad();
                w.zeroGrad();
                bias.zeroGrad();
                long before = bean.getThreadAllocatedBytes(tid);
                Var y = LinearOps.channelLinear(x, w, bias);
                y.backward(seed);
                allocated = Math.min(allocated, bean.getThreadAllocatedBytes(tid) - before);
            }
            // output + dx + dW + dbias, plus the first-accumulation copy of the seed made by Var.backward
            long arrays = 8L * (b * cout * n + b * cin * n + cout * cin + cout + b * cout * n);
            assertTrue(allocated < arrays + 16_384, "channelLinear allocated " + allocated + " bytes, arrays need " + arrays);
        } finally {
            org.neuralop4j.core.Parallel.setThreads(threads);
        }
    }
}
