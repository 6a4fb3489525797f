package org.neuralop4j.operators.gno;

import java.io.IOException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.Metrics;
import org.neuralop4j.operators.fno.FnoConfig;
import org.neuralop4j.operators.fno.FnoTraining;

/**
 * The graph kernel network against the Fourier neural operator on the same Darcy fields (Li et al., GKN,
 * arXiv:2003.03485; FNO, arXiv:2010.08895): both are trained on the same {@code N} training fields for the same
 * number of epochs with the same batch size, the GNO on fresh random subsets of {@code m} grid nodes
 * ({@link Budget#nodeSamplings} steps per batch, {@link GnoDarcyExperiment#run}), the FNO on the full grid with its usual recipe ({@link FnoTraining}: Adam with
 * weight decay 1e-4, the learning rate halved every {@code epochs / 4} epochs like the GNO's, normalised input and output).
 * Both are then scored on the same test fields and, for the {@code m}-node error, on the same random node subsets
 * ({@link GnoDarcyExperiment#evaluatePredictions} draws the subsets {@link GnoDarcyExperiment#evaluate} draws).
 */
public final class GnoFnoComparison {
    private GnoFnoComparison() {}

    /**
     * The training budget both models get.
     *
     * @param nodes        {@code m}: nodes per GNO training batch and per field in the {@code m}-node evaluation
     * @param epochs       passes over the training fields
     * @param batchSize    fields per optimiser step
     * @param learningRate initial Adam rate of both models
     * @param seed         seed of the node sampling, the FNO's initialisation and its shuffling
     * @param nodeSamplings GNO optimiser steps per batch of fields, each on a fresh subset of {@code m} nodes (the FNO
     *                     takes one step per batch on every grid node; with {@code nodeSamplings * m} about the number of
     *                     grid nodes, both see about as many node values of each field per epoch)
     */
    public record Budget(int nodes, int epochs, int batchSize, double learningRate, long seed, int nodeSamplings) {
        /** Validates. */
        public Budget {
            if (nodes < 1 || epochs < 1 || batchSize < 1 || nodeSamplings < 1)
                throw new IllegalArgumentException("nodes, epochs, batch size and node samplings must be positive: " + nodes + ", " + epochs + ", "
                        + batchSize + ", " + nodeSamplings);
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }

        /** One node sampling (one GNO step) per batch. */
        public Budget(int nodes, int epochs, int batchSize, double learningRate, long seed) { this(nodes, epochs, batchSize, learningRate, seed, 1); }
    }

    /**
     * @param gno          the graph network's errors on {@code m}, {@code 2m} and all nodes, and its training time
     * @param fnoErrorM    the FNO's mean relative L2 on the same {@code m}-node subsets of the test fields
     * @param fnoErrorAll  the FNO's mean relative L2 on every grid node
     * @param fnoSeconds   wall time of the FNO's training
     * @param fnoParameters number of FNO parameters
     */
    public record Result(GnoDarcyExperiment.Result gno, double fnoErrorM, double fnoErrorAll, double fnoSeconds, long fnoParameters) {
        /** @return GNO error / FNO error on the same {@code m}-node subsets */
        public double ratioM() { return gno.testErrorM() / fnoErrorM; }

        /** @return GNO error / FNO error on every grid node */
        public double ratioAll() { return gno.testErrorAll() / fnoErrorAll; }

        /** @return the larger of the two ratios: the one a bound is checked against */
        public double worstRatio() { return Math.max(ratioM(), ratioAll()); }
    }

    /** The FNO's training options for a budget: its usual recipe, with the GNO's epochs, batch size, rate and schedule. */
    public static FnoTraining.Options fnoOptions(Budget b) {
        return FnoTraining.Options.defaults().withEpochs(b.epochs()).withBatchSize(b.batchSize()).withLearningRate(b.learningRate())
                .withSchedule(Math.max(1, b.epochs() / 4), 0.5).withNormalization(true, true).withSeed(b.seed());
    }

    /**
     * Trains {@code gno} (modified: its parameters are fitted) and a fresh FNO of {@code fnoConfig} on {@code train}
     * and scores both on {@code test}. Fields are {@code (N, 1, s, s)} on the vertex grid {@code (i, j)/(s-1)}.
     */
    public static Result run(GraphKernelNetwork gno, FnoConfig fnoConfig, LabeledData train, LabeledData test, Budget b) throws IOException {
        GnoDarcyExperiment.Result g = GnoDarcyExperiment.run(gno, train, test, b.nodes(), b.nodeSamplings(), b.epochs(), b.batchSize(), b.learningRate(), b.seed());
        FnoTraining.Result f = FnoTraining.train(fnoConfig, train, null, fnoOptions(b));
        Tensor pred = FnoTraining.predict(f.model(), test.inputs(), 10);
        double fnoM = GnoDarcyExperiment.evaluatePredictions(pred, test.targets(), b.nodes(), GnoDarcyExperiment.mNodeEvaluationSeed(b.seed()));
        return new Result(g, fnoM, Metrics.relativeL2(pred, test.targets()), f.seconds(), f.model().numParameters());
    }

    /** The default comparison of {@code bench gno-darcy}: 100 training and 50 test fields of generated Darcy at s = 29. */
    public static final int DEFAULT_TRAIN = 100, DEFAULT_TEST = 50, DEFAULT_RESOLUTION = 29;

    /**
     * The default graph network: matrix kernels from {@code (x_i, x_j, a_i, a_j, |x_i - x_j|)}, width 32, kernel MLP
     * 64, depth 4, radius 0.25, ReLU.
     */
    public static GnoConfig defaultGno(long seed) {
        return new GnoConfig(2, 1, 1, 32, 64, 4, 0.25, 32, org.neuralop4j.core.nn.Activation.RELU, seed, GnoConfig.KernelForm.MATRIX, true);
    }

    /** The default FNO: width 32, 12 x 12 modes, 4 layers. */
    public static FnoConfig defaultFno() {
        return FnoConfig.builder().width(32).modes(12, 12).layers(4).build();
    }

    /** The default budget: 200 nodes, 12 epochs, batch 2, Adam 3e-3, two node samplings per batch; seeds from {@code seed + 6}. */
    public static Budget defaultBudget(long seed) {
        return new Budget(200, 12, 2, 3e-3, seed + 6, 2);
    }

    /**
     * Generated Darcy fields for the comparison ({@code DarcyDataset.fno(resolution)}, training seed 1, test seed 2, the
     * fields of {@code generate darcy --resolution s --seed 1|2}), the coefficient standardised with the training
     * fields' mean and standard deviation (it takes only the values 3 and 12).
     * @return {@code {train, test}}
     */
    public static LabeledData[] generatedDarcy(int resolution, int ntrain, int ntest) {
        org.neuralop4j.core.pde.data.DarcyDataset gen = org.neuralop4j.core.pde.data.DarcyDataset.fno(resolution);
        java.util.Map<String, Tensor> tr = gen.generate(ntrain, 1, org.neuralop4j.core.pde.data.ProgressListener.NONE);
        java.util.Map<String, Tensor> te = gen.generate(ntest, 2, org.neuralop4j.core.pde.data.ProgressListener.NONE);
        return standardizeInputs(new LabeledData(tr.get("a"), tr.get("u")), new LabeledData(te.get("a"), te.get("u")));
    }

    /** Standardises both sets' inputs with the training inputs' mean and standard deviation. */
    public static LabeledData[] standardizeInputs(LabeledData train, LabeledData test) {
        double mean = train.inputs().mean(), std = Math.sqrt(train.inputs().add(-mean).map(v -> v * v).mean());
        return new LabeledData[] {new LabeledData(train.inputs().add(-mean).scale(1 / std), train.targets()),
                new LabeledData(test.inputs().add(-mean).scale(1 / std), test.targets())};
    }
}
