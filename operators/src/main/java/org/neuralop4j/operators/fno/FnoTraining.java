package org.neuralop4j.operators.fno;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.Metrics;
import org.neuralop4j.core.io.AtomicFiles;
import org.neuralop4j.core.optim.Adam;
import org.neuralop4j.core.optim.LrSchedule;
import org.neuralop4j.core.train.EpochMetrics;
import org.neuralop4j.core.train.Loss;
import org.neuralop4j.core.train.Trainer;
import org.neuralop4j.core.train.TrainingCallback;
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

        /** @return a copy with number of epochs */
        public Options withEpochs(int e) { return new Options(e, batchSize, learningRate, weightDecay, stepSize, gamma, seed, normalizeInput, normalizeOutput, outputDir, resumeFrom, quiet, progress); }
        /** @return a copy with samples per batch */
        public Options withBatchSize(int b) { return new Options(epochs, b, learningRate, weightDecay, stepSize, gamma, seed, normalizeInput, normalizeOutput, outputDir, resumeFrom, quiet, progress); }
        /** @return a copy with initial Adam learning rate */
        public Options withLearningRate(double lr) { return new Options(epochs, batchSize, lr, weightDecay, stepSize, gamma, seed, normalizeInput, normalizeOutput, outputDir, resumeFrom, quiet, progress); }
        /** @return a copy with L2 weight decay added to the gradient (PyTorch Adam semantics) */
        public Options withWeightDecay(double wd) { return new Options(epochs, batchSize, learningRate, wd, stepSize, gamma, seed, normalizeInput, normalizeOutput, outputDir, resumeFrom, quiet, progress); }
        /** @return a copy with multiply the rate by {@code g} every {@code step} epochs */
        public Options withSchedule(int step, double g) { return new Options(epochs, batchSize, learningRate, weightDecay, step, g, seed, normalizeInput, normalizeOutput, outputDir, resumeFrom, quiet, progress); }
        /** @return a copy with seed of the initialisation and the shuffling */
        public Options withSeed(long s) { return new Options(epochs, batchSize, learningRate, weightDecay, stepSize, gamma, s, normalizeInput, normalizeOutput, outputDir, resumeFrom, quiet, progress); }
        /** @return a copy with fit channel-wise normalisers on the training inputs / targets */
        public Options withNormalization(boolean in, boolean out) { return new Options(epochs, batchSize, learningRate, weightDecay, stepSize, gamma, seed, in, out, outputDir, resumeFrom, quiet, progress); }
        /** @return a copy with directory for metrics, checkpoints and the model file ({@code null}: none) */
        public Options withOutputDir(Path dir) { return new Options(epochs, batchSize, learningRate, weightDecay, stepSize, gamma, seed, normalizeInput, normalizeOutput, dir, resumeFrom, quiet, progress); }
        /** @return a copy with continue from this Trainer checkpoint ({@code null}: fresh run) */
        public Options withResume(Path checkpoint) { return new Options(epochs, batchSize, learningRate, weightDecay, stepSize, gamma, seed, normalizeInput, normalizeOutput, outputDir, checkpoint, quiet, progress); }
        /** @return a copy with progress lines to {@code out} ({@code null}: quiet) */
        public Options withProgress(PrintStream out) { return new Options(epochs, batchSize, learningRate, weightDecay, stepSize, gamma, seed, normalizeInput, normalizeOutput, outputDir, resumeFrom, out == null, out); }
    }

    /**
     * A trained model, its per-epoch history and its final test metrics.
     * @param seconds          wall-clock time of this call (data not included; a resumed run counts only its own part)
     * @param resumedFromEpoch epochs restored from a checkpoint ({@code 0} for a fresh run)
     */
    public record Result(Fno model, TrainingHistory history, Map<String, Double> testMetrics, double seconds,
                         int resumedFromEpoch) {
        /** @return the summed wall-clock time of every epoch, restored ones included (a resumed run's whole training time) */
        public double trainingSeconds() {
            double s = 0;
            for (EpochMetrics m : history.epochs()) s += m.seconds();
            return s;
        }
    }

    /** The file in a run directory that describes the run its checkpoints belong to ({@link #trainResumable}). */
    public static final String RUN_FILE = "run.json";

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
        int[] ranNow = {0}; // epochs trained by this call; the rest of the history was restored from the checkpoint
        b.callback(new TrainingCallback() {
            @Override
            public void onEpochEnd(EpochMetrics m, TrainingHistory h) { ranNow[0]++; }
        });
        Trainer trainer = b.build();
        TrainingHistory history = o.resumeFrom() != null ? trainer.resume(o.resumeFrom(), train.inputs(), train.targets())
                : trainer.fit(train.inputs(), train.targets());
        if (o.outputDir() != null) {
            FnoFiles.save(model, o.outputDir().resolve(FnoFiles.MODEL_FILE));
            Files.writeString(o.outputDir().resolve("config.json"), config.toJsonNode().toPrettyString());
        }
        Map<String, Double> metrics = test == null ? new LinkedHashMap<>() : evaluate(model, test, 50);
        return new Result(model, history, metrics, (System.nanoTime() - t0) / 1e9,
                history.epochs().size() - ranNow[0]);
    }

    /**
     * {@link #train} for runs too long to finish in one sitting: the Trainer's checkpoints go to {@code runDir}
     * (after every epoch), and when {@code runDir} already holds a checkpoint of the same run, training continues
     * from its last completed epoch instead of starting over. The result is then bit-identical to an uninterrupted
     * run (see {@link Trainer#resume}). "The same run" means the same architecture, training settings, seed and
     * data (SHA-256 of the training and test tensors), as recorded in {@value #RUN_FILE} when the directory is
     * first used; a directory that holds a different run is left untouched and refused. The check cannot see a
     * change of this library's code between the two sittings: resume with the version that started the run.
     * @param runDir created if needed; {@code o.outputDir()} and {@code o.resumeFrom()} are replaced by it
     * @throws IllegalStateException when {@code runDir} holds checkpoints of a different run, or checkpoints without
     *                               {@value #RUN_FILE}
     */
    public static Result trainResumable(FnoConfig config, LabeledData train, LabeledData test, Options o, Path runDir)
            throws IOException {
        Files.createDirectories(runDir);
        String description = runDescription(config, train, test, o);
        Path descriptionFile = runDir.resolve(RUN_FILE), last = runDir.resolve(Trainer.LAST);
        if (Files.exists(descriptionFile)) {
            if (!Files.readString(descriptionFile, StandardCharsets.UTF_8).equals(description))
                throw new IllegalStateException(runDir + " holds the checkpoints of a different run (its " + RUN_FILE
                        + " names other settings or data): delete that directory or use another one");
        } else if (Files.exists(last)) {
            throw new IllegalStateException(runDir + " holds a checkpoint but no " + RUN_FILE
                    + ", so it cannot be matched to this run: delete that directory or use another one");
        } else {
            byte[] bytes = description.getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(descriptionFile, out -> out.write(bytes));
        }
        return train(config, train, test, o.withOutputDir(runDir).withResume(Files.exists(last) ? last : null));
    }

    /** What identifies a run: architecture, every setting that changes the arithmetic, and digests of the data. */
    static String runDescription(FnoConfig config, LabeledData train, LabeledData test, Options o) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.set("config", config.toJsonNode());
        n.put("epochs", o.epochs());
        n.put("batch_size", o.batchSize());
        n.put("learning_rate", o.learningRate());
        n.put("weight_decay", o.weightDecay());
        n.put("step_size", o.stepSize());
        n.put("gamma", o.gamma());
        n.put("seed", o.seed());
        n.put("normalize_input", o.normalizeInput());
        n.put("normalize_output", o.normalizeOutput());
        n.put("train_samples", train.size());
        n.put("train_sha256", sha256(train.inputs(), train.targets()));
        if (test != null) {
            n.put("test_samples", test.size());
            n.put("test_sha256", sha256(test.inputs(), test.targets()));
        }
        return n.toPrettyString() + "\n";
    }

    /** SHA-256 of the shapes and the raw IEEE bits of the tensors, in order. */
    static String sha256(Tensor... tensors) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        for (Tensor t : tensors) {
            for (int d : t.shape()) buf.putInt(d);
            for (double v : t.data()) {
                if (buf.remaining() < Long.BYTES) {
                    md.update(buf.flip());
                    buf.clear();
                }
                buf.putLong(Double.doubleToRawLongBits(v));
            }
            md.update(buf.flip());
            buf.clear();
        }
        return HexFormat.of().formatHex(md.digest());
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
