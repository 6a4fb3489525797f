package org.neuralop4j.inverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradCheck;

class ListaTest {
    @Test
    void softThresholdOpHasCorrectGradients() {
        // values kept away from the kinks |u| = theta so central differences are valid
        Tensor u = Tensor.of(new double[] {1.3, -0.2, 0.05, -2.0, 0.7, -0.9}, 2, 3);
        GradCheck.assertGradients("soft threshold", in -> Lista.softThreshold(in[0], in[1]), 1e-7, u, Tensor.scalar(0.4));
    }

    @Test
    void untrainedListaIsIstaAndTrainingBeatsIsta() {
        int m = 20, n = 40, layers = 6;
        MatrixOperator b = MatrixOperator.gaussian(m, n, 11);
        Lista lista = new Lista(b, layers, 0.05);
        Tensor[] train = Lista.sparseDataSet(b, 400, 3, 1);
        Tensor[] test = Lista.sparseDataSet(b, 200, 3, 2);
        // untrained: exactly `layers` ISTA steps (real data, so imaginary parts stay zero)
        double[] y0 = test[1].select(0).data();
        double l = b.normEstimate(300, 1) * (1 + 1e-9);
        double[] ista = ComplexArrays.realPart(new Ista(b, 0.05, null, l).ista(ComplexArrays.fromReal(y0), layers));
        assertArrayEquals(ista, lista.apply(y0), 1e-12);
        double before = lista.meanSquaredError(test[0], test[1]);
        double[] losses = lista.train(train[0], train[1], 300, 64, 1e-3, 5);
        double after = lista.meanSquaredError(test[0], test[1]);
        assertTrue(after < 0.5 * before, "test MSE " + before + " -> " + after);
        assertTrue(losses[losses.length - 1] < losses[0]);
    }
}
