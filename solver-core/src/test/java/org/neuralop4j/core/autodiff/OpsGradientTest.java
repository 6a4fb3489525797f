package org.neuralop4j.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;

/** Finite-difference gradient checks (h = 1e-5) of every elementwise, broadcasting and reduction op. */
class OpsGradientTest {
    static final double TOL = 1e-6;

    static Tensor rnd(long seed, int... shape) { return Tensor.randn(seed, shape); }

    static Tensor positive(long seed, int... shape) { return Tensor.rand(seed, 0.5, 2.0, shape); }

    @Test
    void binaryOpsSameShape() {
        Tensor a = rnd(1, 3, 4), b = rnd(2, 3, 4), bp = positive(3, 3, 4);
        GradCheck.assertGradients("add", v -> Ops.add(v[0], v[1]), TOL, a, b);
        GradCheck.assertGradients("sub", v -> Ops.sub(v[0], v[1]), TOL, a, b);
        GradCheck.assertGradients("mul", v -> Ops.mul(v[0], v[1]), TOL, a, b);
        GradCheck.assertGradients("div", v -> Ops.div(v[0], v[1]), TOL, a, bp);
    }

    @Test
    void binaryOpsBroadcast() {
        int[][][] cases = {
            {{2, 3, 4}, {4}}, {{2, 3, 4}, {3, 1}}, {{2, 1, 4}, {1, 3, 1}}, {{2, 3, 4}, {}}, {{3}, {2, 3}},
            {{2, 3, 5, 4}, {3, 1, 1}}, {{1}, {2, 2}}, {{4, 1}, {1, 5}}};
        long seed = 10;
        for (int[][] c : cases) {
            Tensor a = rnd(seed++, c[0]), b = rnd(seed++, c[1]), bp = positive(seed++, c[1]);
            String s = java.util.Arrays.toString(c[0]) + " with " + java.util.Arrays.toString(c[1]);
            GradCheck.assertGradients("add " + s, v -> Ops.add(v[0], v[1]), TOL, a, b);
            GradCheck.assertGradients("add reversed " + s, v -> Ops.add(v[1], v[0]), TOL, a, b);
            GradCheck.assertGradients("sub " + s, v -> Ops.sub(v[0], v[1]), TOL, a, b);
            GradCheck.assertGradients("sub reversed " + s, v -> Ops.sub(v[1], v[0]), TOL, a, b);
            GradCheck.assertGradients("mul " + s, v -> Ops.mul(v[0], v[1]), TOL, a, b);
            GradCheck.assertGradients("div " + s, v -> Ops.div(v[0], v[1]), TOL, a, bp);
            GradCheck.assertGradients("div reversed " + s, v -> Ops.div(v[1], v[0]), TOL, positive(seed++, c[0]), b);
        }
    }

    @Test
    void broadcastValuesMatchExplicitLoop() {
        Tensor a = rnd(5, 2, 3, 4), b = rnd(6, 3, 1);
        Tensor out = Ops.mul(Var.constant(a), Var.constant(b)).value();
        assertArrayEquals(new int[] {2, 3, 4}, out.shape());
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++) assertEquals(a.get(i, j, k) * b.get(j, 0), out.get(i, j, k), 0.0);
        assertThrows(ShapeMismatchException.class, () -> Ops.add(Var.constant(rnd(1, 2, 3)), Var.constant(rnd(1, 4))));
    }

    @Test
    void sameVarTwiceAndSharedConsumers() {
        Tensor x = rnd(7, 5);
        GradCheck.assertGradients("x*x", v -> Ops.mul(v[0], v[0]), TOL, x);
        GradCheck.assertGradients("x-x+x/x", v -> Ops.add(Ops.sub(v[0], v[0]), Ops.div(v[0], v[0])), TOL, positive(8, 5));
        // y feeds three consumers: gradients from every path must accumulate
        GradCheck.assertGradients("diamond", v -> {
            Var y = Ops.tanh(v[0]);
            return Ops.add(Ops.mul(y, v[1]), Ops.add(Ops.exp(y), Ops.square(y)));
        }, TOL, x, rnd(9, 5));
        // exact check: d/dx (x*x + 3x) = 2x + 3
        Var leaf = Var.leaf(x.copy());
        Ops.sum(Ops.add(Ops.mul(leaf, leaf), Ops.scale(leaf, 3))).backward();
        for (int i = 0; i < 5; i++) assertEquals(2 * x.data()[i] + 3, leaf.grad().data()[i], 1e-15);
    }

    @Test
    void unaryOpsAndActivations() {
        Tensor x = rnd(11, 3, 7), p = positive(12, 3, 7);
        GradCheck.assertGradients("scale", v -> Ops.scale(v[0], -2.5), TOL, x);
        GradCheck.assertGradients("addScalar", v -> Ops.addScalar(v[0], 1.5), TOL, x);
        GradCheck.assertGradients("neg", v -> Ops.neg(v[0]), TOL, x);
        GradCheck.assertGradients("square", v -> Ops.square(v[0]), TOL, x);
        GradCheck.assertGradients("exp", v -> Ops.exp(v[0]), TOL, x);
        GradCheck.assertGradients("log", v -> Ops.log(v[0]), TOL, p);
        GradCheck.assertGradients("sqrt", v -> Ops.sqrt(v[0]), TOL, p);
        GradCheck.assertGradients("pow 2.7", v -> Ops.pow(v[0], 2.7), TOL, p);
        GradCheck.assertGradients("pow -1.5", v -> Ops.pow(v[0], -1.5), TOL, p);
        GradCheck.assertGradients("gelu", v -> Ops.gelu(v[0]), TOL, x);
        GradCheck.assertGradients("tanh", v -> Ops.tanh(v[0]), TOL, x);
        GradCheck.assertGradients("silu", v -> Ops.silu(v[0]), TOL, x);
        GradCheck.assertGradients("sigmoid", v -> Ops.sigmoid(v[0]), TOL, x);
        // relu is not differentiable at 0: check away from the kink
        Tensor away = x.map(t -> Math.abs(t) < 0.01 ? 0.5 : t);
        GradCheck.assertGradients("relu", v -> Ops.relu(v[0]), TOL, away);
    }

    @Test
    void activationValues() {
        Tensor x = Tensor.vector(-3, -1, 0, 0.5, 2, 40, -40);
        double[] gelu = Ops.gelu(Var.constant(x)).value().data();
        // reference: x * Phi(x), Phi from scipy.stats.norm.cdf
        assertEquals(-3 * 0.0013498980316301, gelu[0], 1e-15);
        assertEquals(-0.15865525393145707, gelu[1], 1e-15);
        assertEquals(0.0, gelu[2], 0.0);
        assertEquals(0.5 * 0.6914624612740131, gelu[3], 1e-15);
        assertEquals(2 * 0.9772498680518208, gelu[4], 1e-14);
        double[] sig = Ops.sigmoid(Var.constant(x)).value().data();
        assertEquals(0.5, sig[2], 0.0);
        assertTrue(Double.isFinite(sig[6]) && sig[6] > 0 && sig[5] == 1.0);
        double[] silu = Ops.silu(Var.constant(x)).value().data();
        assertEquals(2 / (1 + Math.exp(-2)), silu[4], 1e-15);
        // derivatives at the special points: GELU'(0) = 1/2, GELU'(+-40) = 1, 0; SiLU'(0) = 1/2
        Var leaf = Var.leaf(Tensor.vector(0.0, 1e-200, 40, -40));
        Ops.gelu(leaf).backward(Tensor.ones(4));
        assertArrayEquals(new double[] {0.5, 0.5, 1.0, 0.0}, leaf.grad().data(), 1e-15);
        leaf.zeroGrad();
        Ops.silu(leaf).backward(Tensor.ones(4));
        assertArrayEquals(new double[] {0.5, 0.5, 1.0, 0.0}, leaf.grad().data(), 1e-15);
        double[] relu = Ops.relu(Var.constant(x)).value().data();
        assertArrayEquals(new double[] {0, 0, 0, 0.5, 2, 40, 0}, relu, 0.0);
    }

    @Test
    void reductions() {
        Tensor x = rnd(13, 2, 3, 4);
        GradCheck.assertGradients("sum", v -> Ops.sum(v[0]), TOL, x);
        GradCheck.assertGradients("mean", v -> Ops.mean(v[0]), TOL, x);
        for (boolean keep : new boolean[] {false, true}) {
            GradCheck.assertGradients("sum axis 1 keep=" + keep, v -> Ops.sum(v[0], keep, 1), TOL, x);
            GradCheck.assertGradients("sum axes 0,2 keep=" + keep, v -> Ops.sum(v[0], keep, 0, -1), TOL, x);
            GradCheck.assertGradients("mean axes 1,2 keep=" + keep, v -> Ops.mean(v[0], keep, 1, 2), TOL, x);
        }
        Var s = Ops.sum(Var.constant(x), false, 0, 2);
        assertArrayEquals(new int[] {3}, s.value().shape());
        assertArrayEquals(new int[] {1, 3, 1}, Ops.mean(Var.constant(x), true, 0, 2).value().shape());
        for (int j = 0; j < 3; j++) {
            double ref = 0;
            for (int i = 0; i < 2; i++) for (int k = 0; k < 4; k++) ref += x.get(i, j, k);
            assertEquals(ref, s.value().get(j), 1e-13);
        }
        assertEquals(x.sum() / 24, Ops.mean(Var.constant(x)).value().item(), 1e-15);
        assertArrayEquals(new int[0], Ops.sum(Var.constant(x)).value().shape());
    }

    @Test
    void noGradRecordsNothing() {
        Var x = Var.leaf(rnd(14, 4));
        Var y;
        try (GradMode.Scope s = GradMode.noGrad()) {
            y = Ops.sum(Ops.mul(Ops.exp(x), x));
            assertTrue(!GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
        assertTrue(!y.requiresGrad());
        assertTrue(y.isLeaf());
        Var yy = y;
        assertThrows(IllegalStateException.class, yy::backward);
        assertNull(x.grad());
        // constants alone record nothing either
        assertTrue(!Ops.add(Var.constant(rnd(1, 2)), Var.constant(rnd(2, 2))).requiresGrad());
    }

    @Test
    void intermediateGradientsAreReleasedAndLeavesAccumulate() {
        Var x = Var.leaf(rnd(15, 3));
        Var h = Ops.tanh(x);
        Var h2 = Ops.square(h);
        Var loss = Ops.sum(h2);
        loss.backward();
        assertNull(h.grad());
        assertNull(h2.grad());
        assertNull(loss.grad());
        Tensor first = x.grad().copy();
        Ops.sum(Ops.square(Ops.tanh(x))).backward();
        for (int i = 0; i < 3; i++) assertEquals(2 * first.data()[i], x.grad().data()[i], 1e-15);
        x.zeroGrad();
        assertNull(x.grad());
    }
}
