package org.neuralop4j.operators.fno;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradCheck;
import org.neuralop4j.core.autodiff.Var;

class PointwiseActivationTest {
    /**
     * {x, Phi(x)} from CPython's libm: {@code 0.5 * math.erfc(-x / math.sqrt(2))}, covering the three intervals of
     * Cody's approximation (|x/sqrt 2| below 0.46875, up to 4, beyond) and both tails.
     */
    private static final double[][] PHI = {{0.0, 0.5}, {0.3, 0.6179114221889526}, {-0.6, 0.2742531177500736},
            {0.66, 0.7453730853286639}, {1.0, 0.8413447460685429}, {-1.0, 0.15865525393145707},
            {2.0, 0.9772498680518208}, {-3.0, 0.0013498980316300957}, {5.5, 0.9999999810104375},
            {5.8, 0.999999996684254}, {-6.0, 9.865876450377012e-10}, {-8.5, 9.479534822203355e-18},
            {-12.0, 1.776482112077702e-33}, {30.0, 1.0}, {-40.0, 0.0}};

    @Test
    void normalCdfMatchesLibmWithinTheReferencesConditioning() {
        for (double[] r : PHI) {
            double got = PointwiseActivation.normalCdf(r[0]);
            // the reference evaluates erfc at the rounded argument fl(-x / sqrt 2): its own relative error is about x^2 eps
            double tol = (2e-15 + r[0] * r[0] * 2.3e-16) * r[1];
            assertEquals(r[1], got, tol, () -> "Phi(" + r[0] + ")");
        }
    }

    @Test
    void derivativeMatchesDifferenceQuotient() {
        for (double x = -7; x <= 7; x += 0.37) {
            double h = 1e-5, fd = (PointwiseActivation.gelu(x + h) - PointwiseActivation.gelu(x - h)) / (2 * h);
            assertEquals(fd, PointwiseActivation.geluDerivative(x), 1e-9, "x = " + x);
        }
    }

    @Test
    void fusedOpValuesAndGradientsForEveryActivation() {
        Tensor a = Tensor.randn(1, 2, 3, 37).scaleInPlace(2.5), b = Tensor.randn(2, 2, 3, 37);
        for (FnoConfig.Activation act : FnoConfig.Activation.values()) {
            Tensor y = PointwiseActivation.apply(Var.constant(a), Var.constant(b), act).value();
            for (int i = 0; i < a.size(); i++) {
                double v = a.data()[i] + b.data()[i];
                double expected = act == FnoConfig.Activation.GELU ? v * PointwiseActivation.normalCdf(v)
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
