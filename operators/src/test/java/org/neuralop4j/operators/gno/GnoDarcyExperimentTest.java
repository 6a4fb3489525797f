package org.neuralop4j.operators.gno;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.Metrics;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.core.nn.Init;

class GnoDarcyExperimentTest {
    private static final GnoConfig TINY_GNO = new GnoConfig(2, 1, 1, 4, 6, 2, 0.3, 5, Activation.RELU, 2);

    private static LabeledData fields(long seed, int n, int s) {
        Tensor a = Tensor.randn(seed, n, 1, s, s), u = Tensor.rand(seed + 1, 0.5, 1.5, n, 1, s, s);
        return new LabeledData(a, u);
    }

    /** The network learns u / c with c the RMS of the training targets: a change of units (here exact, 2^10) changes nothing but c. */
    @Test
    void errorsDoNotDependOnTheUnitsOfTheTargets() {
        int s = 7;
        LabeledData train = fields(1, 4, s), test = fields(2, 2, s);
        GnoDarcyExperiment.Result r = GnoDarcyExperiment.run(new GraphKernelNetwork(TINY_GNO), train, test, 20, 2, 2, 1e-3, 3);
        GnoDarcyExperiment.Result big = GnoDarcyExperiment.run(new GraphKernelNetwork(TINY_GNO), new LabeledData(train.inputs(), train.targets().scale(1024)),
                new LabeledData(test.inputs(), test.targets().scale(1024)), 20, 2, 2, 1e-3, 3);
        assertEquals(r.testErrorM(), big.testErrorM(), 0);
        assertEquals(r.testError2M(), big.testError2M(), 0);
        assertEquals(r.testErrorAll(), big.testErrorAll(), 0);
        assertEquals(1024 * r.targetScale(), big.targetScale(), 0);
        assertEquals(Math.sqrt(train.targets().map(v -> v * v).mean()), r.targetScale(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> GnoDarcyExperiment.run(new GraphKernelNetwork(TINY_GNO),
                new LabeledData(train.inputs(), Tensor.zeros(train.targets().shape())), test, 20, 1, 2, 1e-3, 3));
    }

    /** One node sampling per batch is the original recipe; more samplings take more steps, each on other nodes. */
    @Test
    void nodeSamplingsPerBatchAddStepsOnFreshSubsets() {
        int s = 7;
        LabeledData train = fields(1, 4, s), test = fields(2, 2, s);
        GnoDarcyExperiment.Result once = GnoDarcyExperiment.run(new GraphKernelNetwork(TINY_GNO), train, test, 20, 2, 2, 1e-3, 3);
        GnoDarcyExperiment.Result explicitOnce = GnoDarcyExperiment.run(new GraphKernelNetwork(TINY_GNO), train, test, 20, 1, 2, 2, 1e-3, 3);
        GnoDarcyExperiment.Result twice = GnoDarcyExperiment.run(new GraphKernelNetwork(TINY_GNO), train, test, 20, 2, 2, 2, 1e-3, 3);
        assertEquals(once.testErrorAll(), explicitOnce.testErrorAll(), 0);
        assertEquals(once.testErrorM(), explicitOnce.testErrorM(), 0);
        assertNotEquals(once.testErrorAll(), twice.testErrorAll());
        // two samplings per batch of two fields over one epoch = four fields with one sampling each, the same stream of node draws
        LabeledData doubled = new LabeledData(Tensor.concat(0, train.inputs().slice(0, 2), train.inputs().slice(0, 2), train.inputs().slice(2, 4),
                train.inputs().slice(2, 4)), Tensor.concat(0, train.targets().slice(0, 2), train.targets().slice(0, 2), train.targets().slice(2, 4),
                train.targets().slice(2, 4)));
        GraphKernelNetwork a = new GraphKernelNetwork(TINY_GNO), b = new GraphKernelNetwork(TINY_GNO);
        GnoDarcyExperiment.run(a, train, test, 20, 2, 1, 2, 1e-3, 3);
        GnoDarcyExperiment.run(b, doubled, test, 20, 1, 1, 2, 1e-3, 3);
        Tensor pts = GnoDarcyExperiment.gridNodes(s), in = GnoDarcyExperiment.atNodes(test.inputs(), allNodes(s * s));
        // the same steps; only the target scale c (an RMS summed in another order over the repeated fields) may differ in the last bit
        double diff = a.predict(pts, in).maxAbsDiff(b.predict(pts, in));
        assertTrue(diff < 1e-12, "max difference " + diff);
        assertThrows(IllegalArgumentException.class, () -> GnoDarcyExperiment.run(new GraphKernelNetwork(TINY_GNO), train, test, 20, 0, 1, 2, 1e-3, 3));
    }

    @Test
    void predictionsScoredOnEveryNodeGiveTheGridError() {
        Tensor p = Tensor.randn(3, 4, 1, 5, 5), y = Tensor.randn(4, 4, 1, 5, 5);
        assertEquals(Metrics.relativeL2(p, y), GnoDarcyExperiment.evaluatePredictions(p, y, 25, 9), 1e-14);
    }

    @Test
    void predictionsScoredOnNodeSubsetsUseOneFreshSubsetPerField() {
        int n = 3, s = 6, m = 7;
        Tensor p = Tensor.randn(5, n, 1, s, s), y = Tensor.randn(6, n, 1, s, s);
        UniformRandomProvider rng = Init.rng(11);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int[] nodes = GnoDarcyExperiment.sampleNodes(rng, s * s, m);
            double num = 0, den = 0;
            for (int k : nodes) {
                double d = p.data()[i * s * s + k] - y.data()[i * s * s + k];
                num += d * d;
                den += y.data()[i * s * s + k] * y.data()[i * s * s + k];
            }
            sum += Math.sqrt(num / den);
        }
        assertEquals(sum / n, GnoDarcyExperiment.evaluatePredictions(p, y, m, 11), 1e-13);
        assertNotEquals(sum / n, GnoDarcyExperiment.evaluatePredictions(p, y, m, 12), "another seed draws other nodes");
        assertThrows(ShapeMismatchException.class, () -> GnoDarcyExperiment.evaluatePredictions(p, y.slice(0, 2), m, 11));
    }

    /**
     * With a zero kernel network the GNO is a point-wise map, so its full-grid prediction restricted to a node subset
     * is its prediction on that subset: then scoring the full-grid prediction must give exactly what {@code evaluate}
     * gives, which holds only if both draw the same nodes.
     */
    @Test
    void gridPredictionsAreScoredOnTheNodesTheGnoEvaluationDraws() {
        GraphKernelNetwork net = new GraphKernelNetwork(TINY_GNO);
        Map<String, Tensor> state = new LinkedHashMap<>(net.stateDict());
        state.replaceAll((name, t) -> name.startsWith("kernel.") ? Tensor.zeros(t.shape()) : t);
        net.loadStateDict(state);
        int s = 7, m = 10;
        LabeledData test = fields(20, 3, s);
        Tensor grid = GnoDarcyExperiment.gridNodes(s);
        Tensor pred = Tensor.zeros(3, 1, s, s);
        for (int i = 0; i < 3; i++) {
            Tensor a = GnoDarcyExperiment.atNodes(test.inputs().slice(i, i + 1), allNodes(s * s));
            System.arraycopy(net.predict(grid, a).data(), 0, pred.data(), i * s * s, s * s);
        }
        long seed = GnoDarcyExperiment.mNodeEvaluationSeed(4);
        assertEquals(GnoDarcyExperiment.evaluate(net, test, m, seed), GnoDarcyExperiment.evaluatePredictions(pred, test.targets(), m, seed), 1e-12);
    }

    private static int[] allNodes(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        return idx;
    }
}
