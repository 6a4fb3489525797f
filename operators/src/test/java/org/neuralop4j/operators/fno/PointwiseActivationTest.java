package org.neuralop4j.operators.fno;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.numbers.gamma.Erfc;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradCheck;
import org.neuralop4j.core.autodiff.Var;

class PointwiseActivationTest {
    // GELU's accuracy against 50-digit values and an independent erfc is tested in core.nn.GeluTest; here, that the
    // fused op delivers it

    @Test
    void derivativeMatchesDifferenceQuotient() {
        for (double x = -7; x <= 7; x += 0.37) {
            double h = 1e-5, fd = (PointwiseActivation.gelu(x + h) - PointwiseActivation.gelu(x - h)) / (2 * h);
            assertEquals(fd, PointwiseActivation.geluDerivative(x), 1e-9, "x = " + x);
        }
        assertTrue(Double.isNaN(PointwiseActivation.gelu(Double.NaN)));
    }

    @Test
    void fusedOpValuesAndGradientsForEveryActivation() {
        Tensor a = Tensor.randn(1, 2, 3, 37).scaleInPlace(2.5), b = Tensor.randn(2, 2, 3, 37);
        for (FnoConfig.Activation act : FnoConfig.Activation.values()) {
            Tensor y = PointwiseActivation.apply(Var.constant(a), Var.constant(b), act).value();
            for (int i = 0; i < a.size(); i++) {
                double v = a.data()[i] + b.data()[i];
                double expected = act == FnoConfig.Activation.GELU ? 0.5 * v * Erfc.value(-v / Math.sqrt(2))
                        : act == FnoConfig.Activation.RELU ? Math.max(v, 0)
                        : act == FnoConfig.Activation.TANH ? Math.tanh(v) : v / (1 + Math.exp(-v));
                assertEquals(expected, y.data()[i], 1e-15 * Math.max(1, Math.abs(expected)), act + " at " + i);
            }
            if (act == FnoConfig.Activation.RELU) continue; // kink: finite differences are unreliable near 0
            GradCheck.assertGradients(act.name(), v -> PointwiseActivation.apply(v[0], v[1], act), 1e-8, a, b);
            GradCheck.assertGradients(act.name() + " unary", v -> PointwiseActivation.apply(v[0], null, act), 1e-8, a);
        }
    }

    @Test
    void bitIdenticalForOneAndTwoThreads() {
        int prev = Parallel.threads();
        try {
            Tensor a = Tensor.randn(3, 50_000), g = Tensor.randn(4, 50_000);
            Tensor[][] r = new Tensor[2][];
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                Var x = Var.leaf(a.copy());
                Var y = PointwiseActivation.apply(x, null, FnoConfig.Activation.GELU);
                y.backward(g);
                r[t - 1] = new Tensor[] {y.value(), x.grad()};
            }
            assertEquals(r[0][0], r[1][0]);
            assertEquals(r[0][1], r[1][1]);
            assertTrue(r[0][0].isFinite());
        } finally {
            Parallel.setThreads(prev);
        }
    }
}
