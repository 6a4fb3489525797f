package org.neuralop4j.operators.lno;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradCheck;
import org.neuralop4j.core.autodiff.Losses;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.operators.OperatorModels;
import org.neuralop4j.operators.ParameterGradients;

class LowRankNeuralOperatorTest {
    private static final LnoConfig SMALL = new LnoConfig(2, 1, 1, 3, 2, 4, 2, 5, Activation.TANH, 5);

    @Test
    void lowRankIntegralEqualsTheDoubleSumWithTheSeparableKernel() {
        int batch = 2, n = 7, r = 3, w = 2;
        Tensor phi = Tensor.randn(1, batch, n, r * w), psi = Tensor.randn(2, batch, n, r * w), v = Tensor.randn(3, batch, n, w);
        Tensor got = LowRankNeuralOperator.lowRankIntegral(Var.constant(phi), Var.constant(psi), Var.constant(v), r).value();
        for (int b = 0; b < batch; b++)
            for (int x = 0; x < n; x++)
                for (int o = 0; o < w; o++) {
                    double s = 0;
                    for (int y = 0; y < n; y++)
                        for (int c = 0; c < w; c++) {
                            double kappa = 0; // kappa(x, y)[o, c] = sum_j phi_j(x)[o] psi_j(y)[c]
                            for (int j = 0; j < r; j++) kappa += phi.get(b, x, j * w + o) * psi.get(b, y, j * w + c);
                            s += kappa * v.get(b, y, c);
                        }
                    assertEquals(s / n, got.get(b, x, o), 1e-13);
                }
        GradCheck.assertGradients("low-rank integral", in -> LowRankNeuralOperator.lowRankIntegral(in[0], in[1], in[2], r), 1e-8, phi, psi, v);
    }

    @Test
    void parameterGradients() {
        LowRankNeuralOperator net = new LowRankNeuralOperator(SMALL);
        Tensor x = Tensor.rand(4, 0, 1, 2, 6, 3), y = Tensor.randn(5, 2, 6, 1);
        ParameterGradients.assertGradients(net, () -> Losses.mse(net.forward(Var.constant(x)), Var.constant(y)), 1e-7);
    }

    @Test
    void duplicatingEverySamplePointLeavesTheOutputUnchanged() {
        LowRankNeuralOperator net = new LowRankNeuralOperator(SMALL);
        Tensor x = Tensor.rand(6, 0, 1, 1, 9, 3);
        Tensor twice = Tensor.concat(1, x, x);
        Tensor a = net.predict(x), b = net.predict(twice);
        for (int i = 0; i < 9; i++) assertEquals(a.get(0, i, 0), b.get(0, i + 9, 0), 1e-13);
    }

    @Test
    void checkpointRoundTripGivesIdenticalOutputs(@TempDir Path dir) throws Exception {
        LowRankNeuralOperator net = new LowRankNeuralOperator(SMALL);
        Path f = dir.resolve("lno.safetensors");
        OperatorModels.save(f, net);
        LowRankNeuralOperator back = OperatorModels.load(f, LowRankNeuralOperator.class);
        Tensor x = Tensor.rand(7, 0, 1, 2, 5, 3);
        assertEquals(net.predict(x), back.predict(x));
        assertTrue(back.predict(x).isFinite());
    }
}
