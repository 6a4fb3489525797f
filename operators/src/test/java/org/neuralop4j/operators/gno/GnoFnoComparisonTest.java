package org.neuralop4j.operators.gno;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.Metrics;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.operators.fno.FnoConfig;
import org.neuralop4j.operators.fno.FnoTraining;

class GnoFnoComparisonTest {
    private static final GnoConfig TINY_GNO = new GnoConfig(2, 1, 1, 4, 6, 2, 0.3, 5, Activation.RELU, 2);
    private static final FnoConfig TINY_FNO = FnoConfig.builder().width(4).modes(2, 2).layers(2).projectionWidth(8).build();

    private static LabeledData fields(long seed, int n, int s) {
        Tensor a = Tensor.randn(seed, n, 1, s, s), u = Tensor.rand(seed + 1, 0.5, 1.5, n, 1, s, s);
        return new LabeledData(a, u);
    }

    @Test
    void comparisonTrainsBothModelsOnTheSameBudgetAndReportsTheirQuotients() throws Exception {
        int s = 9;
        LabeledData train = fields(1, 6, s), test = fields(2, 3, s);
        GnoFnoComparison.Budget b = new GnoFnoComparison.Budget(30, 2, 3, 1e-3, 5);
        GnoFnoComparison.Result r = GnoFnoComparison.run(new GraphKernelNetwork(TINY_GNO), TINY_FNO, train, test, b);

        // the GNO part is exactly GnoDarcyExperiment.run with the same budget
        GnoDarcyExperiment.Result g = GnoDarcyExperiment.run(new GraphKernelNetwork(TINY_GNO), train, test, 30, 2, 3, 1e-3, 5);
        assertEquals(g.testErrorM(), r.gno().testErrorM(), 0);
        assertEquals(g.testErrorAll(), r.gno().testErrorAll(), 0);
        // the FNO part is an FNO trained with the same epochs, batch and rate, scored on the same nodes and the full grid
        FnoTraining.Options o = GnoFnoComparison.fnoOptions(b);
        assertEquals(2, o.epochs());
        assertEquals(3, o.batchSize());
        assertEquals(1e-3, o.learningRate());
        Tensor pred = FnoTraining.predict(FnoTraining.train(TINY_FNO, train, null, o).model(), test.inputs(), 10);
        assertEquals(Metrics.relativeL2(pred, test.targets()), r.fnoErrorAll(), 1e-14);
        assertEquals(GnoDarcyExperiment.evaluatePredictions(pred, test.targets(), 30, GnoDarcyExperiment.mNodeEvaluationSeed(5)), r.fnoErrorM(), 1e-14);

        assertEquals(r.gno().testErrorM() / r.fnoErrorM(), r.ratioM(), 0);
        assertEquals(r.gno().testErrorAll() / r.fnoErrorAll(), r.ratioAll(), 0);
        assertEquals(Math.max(r.ratioM(), r.ratioAll()), r.worstRatio(), 0);
        assertTrue(Double.isFinite(r.worstRatio()) && r.worstRatio() > 0, "ratio " + r.worstRatio());
        assertThrows(IllegalArgumentException.class, () -> new GnoFnoComparison.Budget(0, 1, 1, 1e-3, 0));
        assertThrows(IllegalArgumentException.class, () -> new GnoFnoComparison.Budget(10, 1, 1, 1e-3, 0, 0));
        assertEquals(1, b.nodeSamplings());

        // node samplings reach the GNO's training only; the FNO's options do not depend on them
        GnoFnoComparison.Budget twice = new GnoFnoComparison.Budget(30, 2, 3, 1e-3, 5, 2);
        assertEquals(GnoFnoComparison.fnoOptions(b), GnoFnoComparison.fnoOptions(twice));
        GnoFnoComparison.Result r2 = GnoFnoComparison.run(new GraphKernelNetwork(TINY_GNO), TINY_FNO, train, test, twice);
        GnoDarcyExperiment.Result g2 = GnoDarcyExperiment.run(new GraphKernelNetwork(TINY_GNO), train, test, 30, 2, 2, 3, 1e-3, 5);
        assertEquals(g2.testErrorAll(), r2.gno().testErrorAll(), 0);
        assertEquals(r.fnoErrorAll(), r2.fnoErrorAll(), 0);
    }
}
