package org.neuralop4j.operators.fno;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.Metrics;
import org.neuralop4j.core.optim.Adam;
import org.neuralop4j.core.optim.LrSchedule;
import org.neuralop4j.core.train.Loss;
import org.neuralop4j.core.train.Trainer;
import org.neuralop4j.core.train.TrainingHistory;
import org.neuralop4j.core.train.UnitGaussianNormalizer;

/**
 * Fits an {@link Fno} to a supervised data set the way the original FNO experiments do: Adam with L2 weight decay,
 * a step learning-rate schedule, the relative L2 loss measured in physical units (the model decodes its output
 * with a channel-wise normaliser fitted on the training targets, and encodes its input likewise when asked), mini
 * batches shuffled from a seed. Uses the library's {@link Trainer} (progress, metrics files, checkpoints, resume).
 */
public final class FnoTraining {
    private FnoTraining() {}

    /** Training settings; {@link #defaults()} are the FNO paper's (Adam 1e-3, weight decay 1e-4, halve every 100 epochs). */
    public record Options(int epochs, int batchSize, double learningRate, double weightDecay, int stepSize, double gamma,
                          long seed, boolean normalizeInput, boolean normalizeOutput, Path outputDir, Path resumeFrom,
                          boolean quiet, PrintStream progress) {
        /** @return 500 epochs, batch 20, lr 1e-3, weight decay 1e-4, halving every 100 epochs, seed 0, normalised output */
        public static Options defaults() {
            return new Options(500, 20, 1e-3, 1e-4, 100, 0.5, 0, false, true, null, null, true, null);
        }

        public Options withEpochs(int e) { return new Options(e, batchSize, learningRate, weightDecay, stepSize, gamma, seed, normalizeInput, normalizeOutput, outputDir, resumeFrom, quiet, progress); }
        public Options withBatchSize(int b) { return new Options(epochs, b, learningRate, weightDecay, stepSize, gamma, seed, normalizeInput, normalizeOutput, outputDir, resumeFrom, quiet, progress); }
        public Options withLearningRate(double lr) { return new Options(epochs, batchSize, lr, weightDecay, stepSize, gamma, seed, normalizeInput, normalizeOutput, outputDir, resumeFrom, quiet, progress); }
        public Options withWeightDecay(double wd) { return new Options(epochs, batchSize, learningRate, wd, stepSize, gamma, seed, normalizeInput, normalizeOutput, outputDir, resumeFrom, quiet, progress); }
        public Options withSchedule(int step, double g) { return new Options(epochs, batchSize, learningRate, weightDecay, step, g, seed, normalizeInput, normalizeOutput, outputDir, resumeFrom, quiet, progress); }
        public Options withSeed(long s) { return new Options(epochs, batchSize, learningRate, weightDecay, stepSize, gamma, s, normalizeInput, normalizeOutput, outputDir, resumeFrom, quiet, progress); }
        public Options withNormalization(boolean in, boolean out) { return new Options(epochs, batchSize, learningRate, weightDecay, stepSize, gamma, seed, in, out, outputDir, resumeFrom, quiet, progress); }
        public Options withOutputDir(Path dir) { return new Options(epochs, batchSize, learningRate, weightDecay, stepSize, gamma, seed, normalizeInput, normalizeOutput, dir, resumeFrom, quiet, progress); }
        public Options withResume(Path checkpoint) { return new Options(epochs, batchSize, learningRate, weightDecay, stepSize, gamma, seed, normalizeInput, normalizeOutput, outputDir, checkpoint, quiet, progress); }
        public Options withProgress(PrintStream out) { return new Options(epochs, batchSize, learningRate, weightDecay, stepSize, gamma, seed, normalizeInput, normalizeOutput, outputDir, resumeFrom, out == null, out); }
    }

    /** A trained model, its per-epoch history and its final test metrics. */
    public record Result(Fno model, TrainingHistory history, Map<String, Double> testMetrics, double seconds) {}

    /**
     * Trains a fresh model (initialised from {@code options.seed()}) on {@code train}, validating on {@code test}
     * after every epoch ({@code relative_l2}); with an output directory, writes the Trainer's files and the final
     * model as {@value FnoFiles#MODEL_FILE}.
     */
    public static Result train(FnoConfig config, LabeledData train, LabeledData test, Options o) throws IOException {
        long t0 = System.nanoTime();
        Fno model = new Fno(config, o.seed());
        model.setNormalizers(o.normalizeInput() ? UnitGaussianNormalizer.fit(train.inputs(), UnitGaussianNormalizer.Mode.CHANNEL_WISE) : null,
                o.normalizeOutput() ? UnitGaussianNormalizer.fit(train.targets(), UnitGaussianNormalizer.Mode.CHANNEL_WISE) : null);
        Adam adam = new Adam(model.parameters(), o.learningRate(), 0.9, 0.999, 1e-8, o.weightDecay());
        Trainer.Builder b = Trainer.builder(model).loss(Loss.relativeL2()).optimizer(adam)
                .schedule(LrSchedule.step(o.stepSize(), o.gamma())).epochs(o.epochs()).batchSize(o.batchSize()).seed(o.seed())
                .quiet(o.quiet());
        if (o.progress() != null) b.progress(o.progress(), false);
        if (test != null) b.validation(test.inputs(), test.targets()).metric("relative_l2", Loss.relativeL2());
        if (o.outputDir() != null) {
            Files.createDirectories(o.outputDir());
            b.outputDir(o.outputDir());
        }
        Trainer trainer = b.build();
        TrainingHistory history = o.resumeFrom() != null ? trainer.resume(o.resumeFrom(), train.inputs(), train.targets())
                : trainer.fit(train.inputs(), train.targets());
        if (o.outputDir() != null) {
            FnoFiles.save(model, o.outputDir().resolve(FnoFiles.MODEL_FILE));
            Files.writeString(o.outputDir().resolve("config.json"), config.toJsonNode().toPrettyString());
        }
        Map<String, Double> metrics = test == null ? new LinkedHashMap<>() : evaluate(model, test, 50);
        return new Result(model, history, metrics, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Mean per-sample relative L2 and H1 errors of the model on a data set, predicted in batches.
     * @return {@code relative_l2}, {@code relative_h1}, {@code samples}
     */
    public static Map<String, Double> evaluate(Fno model, LabeledData data, int batchSize) {
        Tensor pred = predict(model, data.inputs(), batchSize);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("relative_l2", Metrics.relativeL2(pred, data.targets()));
        m.put("relative_h1", Metrics.relativeH1(pred, data.targets(), model.config().dimensions()));
        m.put("samples", (double) data.size());
        return m;
    }

    /** Predictions for every sample, {@code batchSize} at a time (no graph). */
    public static Tensor predict(Fno model, Tensor inputs, int batchSize) {
        int n = inputs.dim(0);
        Tensor[] parts = new Tensor[(n + batchSize - 1) / batchSize];
        for (int i = 0, p = 0; i < n; i += batchSize, p++) parts[p] = model.predict(inputs.slice(i, Math.min(n, i + batchSize)));
        return Tensor.concat(0, parts);
    }
}
