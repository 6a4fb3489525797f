package org.neuralop4j.operators.deeponet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradCheck;
import org.neuralop4j.core.autodiff.GradMode;
import org.neuralop4j.core.autodiff.Losses;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.data.PublicData;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.operators.OperatorModels;
import org.neuralop4j.operators.ParameterGradients;

class DeepONetTest {
    private static DeepONet small(int outputs, int features) {
        return new DeepONet(new DeepONetConfig(new int[] {5, 4, 6}, new int[] {2, 3, 6}, Activation.TANH, outputs, features, 7));
    }

    private static Tensor rand(long seed, int... shape) { return Tensor.randn(seed, shape); }

    @Test
    void cartesianMatchesTheDefiningSumForSeveralOutputs() {
        DeepONet net = small(2, 1);
        net.outputBias().copyFrom(Tensor.vector(0.3, -0.7));
        Tensor v = rand(1, 3, 5), x = rand(2, 4, 2);
        Tensor out = net.predict(v, x);
        assertArrayEquals(new int[] {3, 4, 2}, out.shape());
        Tensor b, t;
        try (GradMode.Scope s = GradMode.noGrad()) {
            b = net.branch(Var.constant(v)).value();
            t = net.trunk(Var.constant(x)).value();
        }
        for (int n = 0; n < 3; n++)
            for (int j = 0; j < 4; j++)
                for (int o = 0; o < 2; o++) {
                    double s = o == 0 ? 0.3 : -0.7;
                    for (int k = 0; k < 3; k++) s += b.get(n, o * 3 + k) * t.get(j, o * 3 + k);
                    assertEquals(s, out.get(n, j, o), 1e-14);
                }
    }

    @Test
    void pointwiseEqualsCartesianWhenAllSamplesShareThePoints() {
        for (int outputs : new int[] {1, 2}) {
            DeepONet net = small(outputs, 0);
            Tensor v = rand(3, 3, 5), x = rand(4, 4, 2);
            Tensor xs = Tensor.stack(x, x, x);
            try (GradMode.Scope s = GradMode.noGrad()) {
                Tensor c = net.cartesian(Var.constant(v), Var.constant(x)).value();
                Tensor p = net.pointwise(Var.constant(v), Var.constant(xs)).value();
                assertTrue(c.maxAbsDiff(p) < 1e-14, "outputs " + outputs);
            }
        }
    }

    @Test
    void gradientsOfInputsAndParameters() {
        for (int outputs : new int[] {1, 2}) {
            DeepONet net = small(outputs, outputs - 1);
            GradCheck.assertGradients("cartesian wrt v", in -> net.cartesian(in[0], Var.constant(rand(5, 4, 2))), 1e-7, rand(6, 3, 5));
            Tensor xs = rand(7, 3, 4, 2);
            if (outputs == 1) // without feature expansion the trunk input is differentiable too
                GradCheck.assertGradients("pointwise wrt v, x", in -> net.pointwise(in[0], in[1]), 1e-7, rand(6, 3, 5), xs);
            Tensor v = rand(8, 3, 5), x = rand(9, 4, 2);
            Tensor y = outputs == 1 ? rand(10, 3, 4) : rand(10, 3, 4, 2);
            ParameterGradients.assertGradients(net, () -> Losses.mse(net.cartesian(Var.constant(v), Var.constant(x)), Var.constant(y)), 1e-7);
            ParameterGradients.assertGradients(net, () -> Ops.sum(Ops.square(net.pointwise(Var.constant(v), Var.constant(xs)))), 1e-7);
        }
    }

    @Test
    void checkpointRoundTripGivesIdenticalOutputs(@TempDir Path dir) throws Exception {
        DeepONet net = small(2, 2);
        Tensor v = rand(11, 3, 5), x = rand(12, 4, 2);
        DeepONetTraining.fit(net, v, x, rand(13, 3, 4, 2), 5, 1e-2, null); // move every weight away from its initial value
        Path f = dir.resolve("deeponet.safetensors");
        OperatorModels.save(f, net);
        assertEquals("deeponet", OperatorModels.modelType(f));
        DeepONet back = OperatorModels.load(f, DeepONet.class);
        assertEquals(net.config(), back.config());
        assertEquals(net.predict(v, x), back.predict(v, x));
    }

    @Test
    void configJsonIsStrict() {
        DeepONetConfig c = DeepONetConfig.deepXdeAntiderivative(100, 3);
        assertEquals(c, DeepONetConfig.fromJson(c.toJson()));
        assertThrows(IllegalArgumentException.class, () -> DeepONetConfig.fromJson(c.toJson().replace("\"outputs\"", "\"outptus\"")));
        assertThrows(IllegalArgumentException.class, () -> new DeepONetConfig(new int[] {5, 4}, new int[] {1, 6}, Activation.RELU, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> small(1, 0).cartesian(Var.constant(rand(1, 3, 4)), Var.constant(rand(1, 4, 2))));
    }

    @Test
    void deepXdeSetupLearnsTheAntiderivativeQuickly() throws Exception {
        assertTrue(PublicData.isAvailable(), "public data sets not found (they ship in data/neural-operators)");
        DeepONetTraining.Result r = DeepONetTraining.deepXdeAntiderivative(400, 1);
        assertTrue(r.testRelativeL2() < 0.06, "test relative L2 after 400 steps: " + r);
        assertTrue(r.trainLoss() < 2e-4, r.toString());
    }
}
