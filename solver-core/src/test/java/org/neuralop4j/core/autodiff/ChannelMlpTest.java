package org.neuralop4j.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.linalg.Gemm;
import org.neuralop4j.core.nn.Gelu;

/** The fused two-layer channel MLP: the bits of the two nodes it replaces, gradients, fallbacks, shape errors. */
class ChannelMlpTest {
    /** GELU in place with its derivative, as an FNO uses it. */
    static final FusedActivation GELU = (v, d, from, to) -> {
        if (d == null) Gelu.values(v, v, from, to);
        else Gelu.valuesAndDerivatives(v, d, from, to);
    };

    /** tanh, to show nothing depends on GELU. */
    static final FusedActivation TANH = (v, d, from, to) -> {
        for (int i = from; i < to; i++) {
            double t = Math.tanh(v[i]);
            if (d != null) d[i] = 1 - t * t;
            v[i] = t;
        }
    };

    static Tensor rnd(long seed, int... shape) { return Tensor.randn(seed, shape); }

    /** Value and every gradient of {@code f} on leaves made from {@code inputs} (null entries stay null). */
    static double[][] valueAndGradients(java.util.function.Function<Var[], Var> f, Tensor cotangent, Tensor... inputs) {
        Var[] v = new Var[inputs.length];
        for (int i = 0; i < v.length; i++) v[i] = inputs[i] == null ? null : Var.leaf(inputs[i]);
        Var y = f.apply(v);
        y.backward(cotangent);
        double[][] out = new double[inputs.length + 1][];
        out[0] = y.value().data().clone();
        for (int i = 0; i < v.length; i++) out[i + 1] = v[i] == null ? null : v[i].grad().data().clone();
        return out;
    }

    @Test
    void givesTheBitsOfTheTwoChannelLinearNodesForOneToThreeOutputsOnEitherGemmBackend() {
        int prev = Parallel.threads();
        Gemm.Backend prevBackend = Gemm.backend();
        try {
            for (Gemm.Backend backend : Gemm.Backend.values()) {
                if (backend == Gemm.Backend.SIMD && !Gemm.simdAvailable()) continue;
                Gemm.setBackend(backend);
                for (int out = 1; out <= ChannelMlp.MAX_FUSED_OUT; out++)
                    for (boolean biases : new boolean[] {true, false})
                        for (FusedActivation act : new FusedActivation[] {GELU, TANH})
                            assertBitsOfTheTwoNodes(backend + ", " + out + " outputs, biases " + biases + ", ", out, biases, act);
            }
        } finally {
            Parallel.setThreads(prev);
            Gemm.setBackend(prevBackend);
        }
    }

    /** 3 items, 5 -> 16 -> out channels on a 9 x 61 grid: 549 points, a partial block of 512. */
    private static void assertBitsOfTheTwoNodes(String what, int out, boolean biases, FusedActivation act) {
        Tensor x = rnd(1, 3, 5, 9, 61), w1 = rnd(2, 16, 5), b1 = biases ? rnd(3, 16) : null;
        Tensor w2 = rnd(4, out, 16), b2 = biases ? rnd(5, out) : null, g = rnd(6, 3, out, 9, 61);
        double[][] twoNodes = valueAndGradients(v -> LinearOps.channelLinear(
                LinearOps.channelLinear(v[0], v[1], v[2], act), v[3], v[4]), g, x, w1, b1, w2, b2);
        String[] names = {"value", "dx", "dW1", "db1", "dW2", "db2"};
        for (int threads = 1; threads <= 2; threads++) {
            Parallel.setThreads(threads);
            double[][] fused = valueAndGradients(v -> ChannelMlp.apply(v[0], v[1], v[2], act, v[3], v[4]), g, x, w1, b1, w2, b2);
            for (int i = 0; i < names.length; i++)
                if (twoNodes[i] == null) assertEquals(null, fused[i], what + threads + " threads, " + names[i]);
                else assertArrayEquals(twoNodes[i], fused[i], 0.0, what + threads + " threads, " + names[i]);
        }
    }

    @Test
    void outputIsTheDocumentedSumAndGradientsPassTheFiniteDifferenceCheck() {
        Tensor x = rnd(11, 2, 3, 5, 4), w1 = rnd(12, 6, 3), b1 = rnd(13, 6), w2 = rnd(14, 2, 6), b2 = rnd(15, 2);
        // value against a direct evaluation of W2 tanh(W1 x + b1) + b2
        double[] y = ChannelMlp.apply(Var.constant(x), Var.constant(w1), Var.constant(b1), TANH, Var.constant(w2),
                Var.constant(b2)).value().data();
        double[] xd = x.data();
        for (int b = 0; b < 2; b++)
            for (int o = 0; o < 2; o++)
                for (int p = 0; p < 20; p++) {
                    double sum = b2.data()[o];
                    for (int k = 0; k < 6; k++) {
                        double z = b1.data()[k];
                        for (int i = 0; i < 3; i++) z += w1.data()[k * 3 + i] * xd[(b * 3 + i) * 20 + p];
                        sum += w2.data()[o * 6 + k] * Math.tanh(z);
                    }
                    assertEquals(sum, y[(b * 2 + o) * 20 + p], 1e-13, "y[" + b + ", " + o + ", " + p + "]");
                }
        GradCheck.assertGradients("channel MLP", v -> ChannelMlp.apply(v[0], v[1], v[2], TANH, v[3], v[4]), 1e-6,
                x, w1, b1, w2, b2);
        GradCheck.assertGradients("channel MLP, GELU, no biases, one output",
                v -> ChannelMlp.apply(v[0], v[1], null, GELU, v[2], null), 1e-6, x, w1, rnd(16, 1, 6));
    }

    @Test
    void moreOutputsOrNoActivationAreTheTwoNodes() {
        Tensor x = rnd(21, 2, 3, 40), w1 = rnd(22, 8, 3), b1 = rnd(23, 8), g4 = rnd(24, 2, 4, 40), g2 = rnd(25, 2, 2, 40);
        Tensor w2wide = rnd(26, 4, 8), b2wide = rnd(27, 4), w2 = rnd(28, 2, 8), b2 = rnd(29, 2);
        double[][] expected = valueAndGradients(v -> LinearOps.channelLinear(LinearOps.channelLinear(v[0], v[1], v[2], GELU),
                v[3], v[4]), g4, x, w1, b1, w2wide, b2wide);
        double[][] got = valueAndGradients(v -> ChannelMlp.apply(v[0], v[1], v[2], GELU, v[3], v[4]), g4, x, w1, b1, w2wide, b2wide);
        for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], got[i], 0.0, "4 outputs, entry " + i);
        expected = valueAndGradients(v -> LinearOps.channelLinear(LinearOps.channelLinear(v[0], v[1], v[2]), v[3], v[4]),
                g2, x, w1, b1, w2, b2);
        got = valueAndGradients(v -> ChannelMlp.apply(v[0], v[1], v[2], null, v[3], v[4]), g2, x, w1, b1, w2, b2);
        for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], got[i], 0.0, "no activation, entry " + i);
    }

    @Test
    void withoutAGraphKeepsNoDerivativeAndGivesTheSameValue() {
        Tensor x = rnd(31, 2, 3, 600), w1 = rnd(32, 8, 3), w2 = rnd(33, 1, 8), b2 = rnd(34, 1);
        Var recorded = ChannelMlp.apply(Var.leaf(x), Var.leaf(w1), null, GELU, Var.leaf(w2), Var.leaf(b2));
        Var constant = ChannelMlp.apply(Var.constant(x), Var.constant(w1), null, GELU, Var.constant(w2), Var.constant(b2));
        assertTrue(recorded.requiresGrad());
        assertTrue(!constant.requiresGrad());
        assertArrayEquals(recorded.value().data(), constant.value().data(), 0.0);
    }

    @Test
    void shapesThatDoNotChainAreReportedByName() {
        Var x = Var.constant(rnd(41, 2, 3, 10)), w1 = Var.constant(rnd(42, 8, 3)), b1 = Var.constant(rnd(43, 8));
        Var w2 = Var.constant(rnd(44, 1, 8)), b2 = Var.constant(rnd(45, 1));
        assertEquals("x", assertThrows(ShapeMismatchException.class,
                () -> ChannelMlp.apply(Var.constant(rnd(46, 2, 4, 10)), w1, b1, GELU, w2, b2)).argument());
        assertEquals("b1", assertThrows(ShapeMismatchException.class,
                () -> ChannelMlp.apply(x, w1, Var.constant(rnd(47, 7)), GELU, w2, b2)).argument());
        assertEquals("hidden layer", assertThrows(ShapeMismatchException.class,
                () -> ChannelMlp.apply(x, w1, b1, GELU, Var.constant(rnd(48, 1, 7)), b2)).argument());
        assertEquals("b2", assertThrows(ShapeMismatchException.class,
                () -> ChannelMlp.apply(x, w1, b1, GELU, w2, Var.constant(rnd(49, 2)))).argument());
        assertEquals("w2", assertThrows(ShapeMismatchException.class,
                () -> ChannelMlp.apply(x, w1, b1, GELU, Var.constant(rnd(50, 8)), b2)).argument());
    }
}
