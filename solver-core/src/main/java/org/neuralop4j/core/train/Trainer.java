package org.neuralop4j.core.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.FormatException;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradMode;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.io.AtomicFiles;
import org.neuralop4j.core.nn.Model;
import org.neuralop4j.core.nn.Module;
import org.neuralop4j.core.nn.Parameter;
import org.neuralop4j.core.optim.GradClip;
import org.neuralop4j.core.optim.LrSchedule;
import org.neuralop4j.core.optim.Optimizer;

/**
 * Mini-batch training of a {@link Model} whose parameters belong to a {@link Module}.
 *
 * <p>Each epoch {@code e} (0-based): the learning rate is set to {@code schedule.lr(baseLr, e)}; the training
 * samples (axis 0 of the input and target tensors) are shuffled with a permutation that depends only on
 * {@code (seed, e)}; for each batch of {@code batchSize} samples (the last one may be smaller) the loss is computed,
 * checked to be finite, back-propagated, every gradient is checked to be finite, optionally clipped by global
 * norm, and the optimizer steps. Then the validation metrics are evaluated on the held-out set in batches under
 * {@link GradMode#noGrad()}, metrics are written as {@code metrics.csv}/{@code metrics.json}, checkpoints are
 * written ({@code checkpoint-last.safetensors} every {@code checkpointEvery} epochs and at the end;
 * {@code checkpoint-best.safetensors} whenever the first validation metric, or the training loss without a
 * validation set, improves), and the callbacks run.
 *
 * <p>Because shuffling depends only on the seed and the epoch, and checkpoints hold the exact model and optimizer
 * state, {@link #resume} continues a run bit for bit: a run interrupted after epoch {@code k} and resumed with the
 * same settings ends with the same parameters as an uninterrupted one.
 *
 * <p>A NaN or infinite loss or gradient stops the run with a {@link TrainingDivergedException} naming the epoch and
 * batch, before the optimizer step; checkpoint files are replaced atomically and only at epoch ends, so the last
 * good checkpoint stays intact.
 */
public final class Trainer {
    /** File names inside the output directory. */
    public static final String LAST = "checkpoint-last.safetensors", BEST = "checkpoint-best.safetensors",
            METRICS_CSV = "metrics.csv", METRICS_JSON = "metrics.json";

    private final Model model;
    private final Module module;
    private final Loss loss;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final double baseLr;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final Tensor valInputs, valTargets;
    private final LinkedHashMap<String, Loss> metrics;
    private final List<TrainingCallback> callbacks;
    private final Path outputDir;
    private final int checkpointEvery;
    private final boolean saveBest;
    private final double clipNorm;
    private final boolean quiet;
    private final PrintStream progressOut;
    private final Boolean consoleProgress;

    private Trainer(Builder b) {
        this.model = b.model;
        this.module = b.module;
        this.loss = b.loss;
        this.optimizer = b.optimizer;
        this.schedule = b.schedule;
        this.baseLr = b.baseLr;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.valInputs = b.valInputs;
        this.valTargets = b.valTargets;
        this.metrics = new LinkedHashMap<>(b.metrics);
        if (valInputs != null && metrics.isEmpty()) metrics.put("loss", loss);
        this.callbacks = new ArrayList<>(b.callbacks);
        this.outputDir = b.outputDir;
        this.checkpointEvery = b.checkpointEvery;
        this.saveBest = b.saveBest;
        this.clipNorm = b.clipNorm;
        this.quiet = b.quiet;
        this.progressOut = b.progressOut;
        this.consoleProgress = b.consoleProgress;
    }

    /** A builder for a module that is its own single-input model (e.g. an FNO or an {@code MLP}). */
    public static <M extends Module & Model> Builder builder(M module) { return new Builder(module, module); }

    /**
     * A builder for a model function whose trainable parameters are those of {@code owner} (for models whose
     * forward pass takes a differently packed input, e.g. {@code x -> deepOnet.forward(split(x))}).
     */
    public static Builder builder(Model model, Module owner) { return new Builder(model, owner); }

    /**
     * Trains from the current parameter values for epochs {@code 1..epochs}.
     * @param inputs  training inputs, sample axis first
     * @param targets training targets, sample axis first, same number of samples
     * @return the metrics of every epoch
     * @throws TrainingDivergedException on a non-finite loss or gradient
     * @throws UncheckedIOException when metrics or checkpoints cannot be written
     */
    public TrainingHistory fit(Tensor inputs, Tensor targets) { return run(inputs, targets, 0, new TrainingHistory()); }

    /**
     * Restores model, optimizer, epoch count and metrics history from {@code checkpoint} and trains the remaining
     * epochs. With the same data, seed, batch size, schedule and optimizer settings the result is bit-identical to
     * an uninterrupted run.
     * @return the full history, restored epochs included
     * @throws FormatException when the file is not a training checkpoint
     * @throws IllegalArgumentException when its state does not fit this model or optimizer
     */
    public TrainingHistory resume(Path checkpoint, Tensor inputs, Tensor targets) throws IOException {
        Checkpoint c = Checkpoint.read(checkpoint);
        String optName = c.metadata().get("optimizer");
        if (optName != null && !optName.equals(optimizer.getClass().getName()))
            throw new IllegalArgumentException(checkpoint + " holds the state of a " + optName + " but this trainer uses a "
                    + optimizer.getClass().getName());
        if (c.epoch() > epochs)
            throw new IllegalArgumentException(checkpoint + " has " + c.epoch() + " completed epochs, more than the " + epochs + " configured");
        module.loadStateDict(c.model());
        optimizer.loadStateDict(c.optimizer());
        return run(inputs, targets, c.epoch(), c.history());
    }

    /**
     * Evaluates every validation metric (or the training loss when none were given) on {@code (inputs, targets)}
     * in batches of {@code batchSize}, under {@link GradMode#noGrad()}. Each value is the sample-weighted mean of the
     * batch values, which equals the metric over the whole set for the batch-averaged losses of {@link Loss}.
     */
    public LinkedHashMap<String, Double> evaluate(Tensor inputs, Tensor targets) {
        checkSamples("inputs", inputs, "targets", targets);
        LinkedHashMap<String, Loss> ms = metrics.isEmpty() ? new LinkedHashMap<>(Map.of("loss", loss)) : metrics;
        int n = inputs.dim(0);
        double[] sums = new double[ms.size()];
        try (GradMode.Scope s = GradMode.noGrad()) {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                Var pred = model.forward(Var.constant(inputs.slice(from, to)));
                Var target = Var.constant(targets.slice(from, to));
                int k = 0;
                for (Loss m : ms.values()) sums[k++] += m.apply(pred, target).value().item() * (to - from);
            }
        }
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        int k = 0;
        for (String name : ms.keySet()) out.put(name, sums[k++] / n);
        return out;
    }

    /**
     * The shuffling order of {@code epoch}: a Fisher-Yates permutation of {@code 0..n-1} drawn from a stream
     * seeded by {@code (seed, epoch)} only.
     */
    public static int[] permutation(long seed, int epoch, int n) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 0x9E3779B97F4A7C15L * (epoch + 1L));
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private TrainingHistory run(Tensor inputs, Tensor targets, int startEpoch, TrainingHistory history) {
        checkSamples("inputs", inputs, "targets", targets);
        if (valInputs != null) checkSamples("validation inputs", valInputs, "validation targets", valTargets);
        int n = inputs.dim(0);
        int batches = (n + batchSize - 1) / batchSize;
        List<Parameter> params = module.parameters();
        LinkedHashMap<String, Parameter> named = module.namedParameters();
        ProgressBar progress = progressOut == null
                ? ProgressBar.stderr(quiet, epochs)
                : new ProgressBar(progressOut, consoleProgress != null ? consoleProgress : System.console() != null, quiet, epochs);
        progress.startRun(startEpoch);
        double best = bestSoFar(history);
        try {
            if (outputDir != null) Files.createDirectories(outputDir);
            for (int e = startEpoch; e < epochs; e++) {
                long t0 = System.nanoTime();
                double lr = schedule.lr(baseLr, e);
                optimizer.setLearningRate(lr);
                progress.startEpoch();
                int[] perm = permutation(seed, e, n);
                double lossSum = 0;
                for (int b = 0; b < batches; b++) {
                    int[] idx = Arrays.copyOfRange(perm, b * batchSize, Math.min(n, (b + 1) * batchSize));
                    double value = trainStep(inputs.gather(idx), targets.gather(idx), params, named, e + 1, b + 1);
                    lossSum += value * idx.length;
                    BatchInfo info = new BatchInfo(e + 1, b + 1, batches, value, lr);
                    progress.batch(info);
                    for (TrainingCallback c : callbacks) c.onBatchEnd(info);
                }
                LinkedHashMap<String, Double> val = valInputs == null ? new LinkedHashMap<>() : evaluate(valInputs, valTargets);
                EpochMetrics m = new EpochMetrics(e + 1, lossSum / n, val, lr, (System.nanoTime() - t0) * 1e-9);
                history.add(m);
                if (outputDir != null) {
                    writeText(outputDir.resolve(METRICS_CSV), history.toCsv());
                    writeText(outputDir.resolve(METRICS_JSON), history.toJson());
                    if ((e + 1) % checkpointEvery == 0 || e + 1 == epochs) writeCheckpoint(outputDir.resolve(LAST), e + 1, history);
                    double score = primary(m);
                    if (saveBest && score < best) writeCheckpoint(outputDir.resolve(BEST), e + 1, history);
                }
                best = Math.min(best, primary(m));
                progress.epoch(m);
                for (TrainingCallback c : callbacks) c.onEpochEnd(m, history);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write training output in " + outputDir + ": " + ex.getMessage(), ex);
        }
        return history;
    }

    /** One optimizer step on a batch; returns the batch loss. */
    private double trainStep(Tensor xb, Tensor yb, List<Parameter> params, Map<String, Parameter> named, int epoch, int batch) {
        optimizer.zeroGrad();
        for (Parameter p : params) p.zeroGrad();
        Var l = loss.apply(model.forward(Var.constant(xb)), Var.constant(yb));
        if (l.value().size() != 1) throw new ShapeMismatchException("loss", "a scalar", l.value().shape());
        double value = l.value().item();
        if (!Double.isFinite(value))
            throw new TrainingDivergedException(epoch, batch, "training diverged: loss is " + value + " at epoch " + epoch
                    + ", batch " + batch + lastGood());
        l.backward();
        for (Map.Entry<String, Parameter> e : named.entrySet()) {
            Tensor g = e.getValue().grad();
            if (g != null && !g.isFinite())
                throw new TrainingDivergedException(epoch, batch, "training diverged: gradient of parameter '" + e.getKey()
                        + "' contains NaN or infinity at epoch " + epoch + ", batch " + batch + " (loss " + value + ")" + lastGood());
        }
        if (clipNorm > 0) GradClip.clipGlobalNorm(params, clipNorm);
        optimizer.step();
        return value;
    }

    private String lastGood() {
        if (outputDir == null) return "; no checkpoints are written (no output directory)";
        Path last = outputDir.resolve(LAST);
        return Files.exists(last) ? "; the last good checkpoint is " + last : "; no checkpoint was written yet";
    }

    private double primary(EpochMetrics m) {
        return m.validation().isEmpty() ? m.trainLoss() : m.validation().values().iterator().next();
    }

    private double bestSoFar(TrainingHistory h) {
        double best = Double.POSITIVE_INFINITY;
        for (EpochMetrics m : h.epochs()) best = Math.min(best, primary(m));
        return best;
    }

    private void writeCheckpoint(Path file, int epoch, TrainingHistory history) throws IOException {
        LinkedHashMap<String, String> meta = new LinkedHashMap<>();
        meta.put("optimizer", optimizer.getClass().getName());
        meta.put("seed", Long.toString(seed));
        meta.put("batch_size", Integer.toString(batchSize));
        meta.put("epochs", Integer.toString(epochs));
        Checkpoint.write(file, module.stateDict(), optimizer.stateDict(), epoch, history, meta);
    }

    private static void writeText(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    private static void checkSamples(String xName, Tensor x, String yName, Tensor y) {
        if (x.rank() < 1 || x.dim(0) == 0) throw new ShapeMismatchException(xName, "(N >= 1, ...)", x.shape());
        if (y.rank() < 1 || y.dim(0) != x.dim(0))
            throw new ShapeMismatchException(yName, "(" + x.dim(0) + ", ...) to match " + xName, y.shape());
    }

    /** Configures a {@link Trainer}; {@link #loss}, {@link #optimizer} and {@link #epochs} are required. */
    public static final class Builder {
        private final Model model;
        private final Module module;
        private Loss loss;
        private Optimizer optimizer;
        private LrSchedule schedule = LrSchedule.constant();
        private double baseLr = Double.NaN;
        private int epochs;
        private int batchSize = 32;
        private long seed;
        private Tensor valInputs, valTargets;
        private final LinkedHashMap<String, Loss> metrics = new LinkedHashMap<>();
        private final List<TrainingCallback> callbacks = new ArrayList<>();
        private Path outputDir;
        private int checkpointEvery = 1;
        private boolean saveBest = true;
        private double clipNorm;
        private boolean quiet;
        private PrintStream progressOut;
        private Boolean consoleProgress;

        private Builder(Model model, Module module) {
            if (model == null || module == null) throw new IllegalArgumentException("model and its module must not be null");
            this.model = model;
            this.module = module;
        }

        /** The training loss (required). */
        public Builder loss(Loss loss) {
            this.loss = loss;
            return this;
        }

        /**
         * The optimizer (required); it must update exactly the module's parameters. Its current learning rate is the
         * schedule's base rate unless {@link #baseLearningRate} is set.
         */
        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** Learning-rate schedule, evaluated at the start of every epoch (default constant). */
        public Builder schedule(LrSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** Base learning rate of the schedule (default: the optimizer's rate when the trainer is built). */
        public Builder baseLearningRate(double lr) {
            this.baseLr = Checks.positive("baseLearningRate", lr);
            return this;
        }

        /** Total number of epochs (required, >= 1). */
        public Builder epochs(int epochs) {
            this.epochs = Checks.positive("epochs", epochs);
            return this;
        }

        /** Samples per batch (default 32). */
        public Builder batchSize(int batchSize) {
            this.batchSize = Checks.positive("batchSize", batchSize);
            return this;
        }

        /** Seed of the shuffling (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** A held-out set evaluated after every epoch. */
        public Builder validation(Tensor inputs, Tensor targets) {
            checkSamples("validation inputs", inputs, "validation targets", targets);
            this.valInputs = inputs;
            this.valTargets = targets;
            return this;
        }

        /** A named validation metric; the first one added selects the best checkpoint (default: the training loss, named "loss"). */
        public Builder metric(String name, Loss metric) {
            if (name == null || name.isBlank() || name.contains(",")) throw new IllegalArgumentException("metric name must be non-blank without commas, got '" + name + "'");
            if (metrics.put(name, metric) != null) throw new IllegalArgumentException("metric '" + name + "' given twice");
            return this;
        }

        /** Adds a callback. */
        public Builder callback(TrainingCallback callback) {
            callbacks.add(callback);
            return this;
        }

        /** Directory for metrics and checkpoints (created if needed); none by default. */
        public Builder outputDir(Path dir) {
            this.outputDir = dir;
            return this;
        }

        /** Write {@code checkpoint-last} every {@code k} epochs (and after the last); default 1. */
        public Builder checkpointEvery(int k) {
            this.checkpointEvery = Checks.positive("checkpointEvery", k);
            return this;
        }

        /** Whether to keep {@code checkpoint-best} (default true). */
        public Builder saveBest(boolean saveBest) {
            this.saveBest = saveBest;
            return this;
        }

        /** Clip gradients to this global 2-norm before each step (0, the default, disables clipping). */
        public Builder clipGradNorm(double maxNorm) {
            this.clipNorm = Checks.nonNegative("clipGradNorm", maxNorm);
            return this;
        }

        /** Suppress the progress output. */
        public Builder quiet(boolean quiet) {
            this.quiet = quiet;
            return this;
        }

        /** Print progress to {@code out} instead of stderr, in console mode ({@code \r}) or line mode. */
        public Builder progress(PrintStream out, boolean console) {
            this.progressOut = out;
            this.consoleProgress = console;
            return this;
        }

        /** @return the trainer */
        public Trainer build() {
            if (loss == null) throw new IllegalStateException("Trainer needs a loss");
            if (optimizer == null) throw new IllegalStateException("Trainer needs an optimizer");
            if (epochs <= 0) throw new IllegalStateException("Trainer needs epochs >= 1");
            if (valInputs == null && !metrics.isEmpty()) throw new IllegalStateException("validation metrics given without a validation set");
            Set<Parameter> own = new HashSet<>(module.parameters());
            Set<Parameter> opt = new HashSet<>(optimizer.parameters());
            if (!own.equals(opt))
                throw new IllegalArgumentException("the optimizer must update exactly the module's " + own.size()
                        + " parameters, but it holds " + opt.size() + " (some differ)");
            if (Double.isNaN(baseLr)) baseLr = optimizer.learningRate();
            return new Trainer(this);
        }
    }
}
