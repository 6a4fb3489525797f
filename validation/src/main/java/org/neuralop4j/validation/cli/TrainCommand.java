package org.neuralop4j.validation.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.train.EpochMetrics;
import org.neuralop4j.core.train.Trainer;
import org.neuralop4j.core.train.TrainingHistory;
import org.neuralop4j.operators.fno.FnoConfig;
import org.neuralop4j.operators.fno.FnoData;
import org.neuralop4j.operators.fno.FnoTraining;
import org.neuralop4j.operators.fno.SpectralConvolution;
import org.neuralop4j.validation.plot.Plots;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code neuralop4j train MODEL ...}: trains an operator on a data set; one subcommand per model family. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a neural operator on an .npz data set.",
        subcommands = {TrainCommand.Fno.class, TrainOperatorCommands.DeepONetCommand.class, TrainOperatorCommands.GnoCommand.class,
                TrainOperatorCommands.NknCommand.class, TrainOperatorCommands.LnoCommand.class})
public final class TrainCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code neuralop4j train fno --data FILE.npz [--test FILE.npz] [...]}. */
    @Command(name = "fno", mixinStandardHelpOptions = true,
            description = {"Train a Fourier Neural Operator (Li et al. 2021, arXiv:2010.08895).",
                    "Data: an .npz with inputs 'x' and targets 'y', shaped (N, X...) (or (N, C, X...) with --channels-first), "
                            + "or a file from `neuralop4j generate` (inputs 'a', targets 'u', channels first: read as such); "
                            + "an input with fewer spatial axes than the target (an initial condition) is repeated along the axes it lacks (--missing-axes).",
                    "Writes to --out: model.safetensors (weights + config, loadable alone), config.json, metrics.csv/json, "
                            + "checkpoint-last/best.safetensors, plots/training_curve.png and plots/sample_*.png; "
                            + "a directory that already holds a run is continued with --resume or replaced with --overwrite, never silently."})
    static final class Fno implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data", required = true, paramLabel = "FILE.npz", description = "Training set.")
        Path data;
        @Option(names = "--test", paramLabel = "FILE.npz", description = "Test set, evaluated after every epoch.")
        Path test;
        @Option(names = "--x-key", description = "Input array name (default: x; in a file from `neuralop4j generate`, a).")
        String xKey;
        @Option(names = "--y-key", description = "Target array name (default: y; in a file from `neuralop4j generate`, u).")
        String yKey;
        @Option(names = "--channels-first", description = "Arrays already have a channel axis (N, C, X...).")
        boolean channelsFirst;
        @Option(names = "--missing-axes", defaultValue = "auto", paramLabel = "auto|leading|trailing",
                description = "An input with fewer spatial axes than the target (an initial condition): the target axes it lacks are "
                        + "the leading ones (time first, as in the public Burgers16 set) or the trailing ones (time last, as `generate navier-stokes` "
                        + "writes); auto reads it from the shapes, and from `generate` files takes trailing (default: ${DEFAULT-VALUE}).")
        FnoData.MissingAxes missingAxes;
        @Option(names = "--width", defaultValue = "32", description = "Channels in the Fourier layers (default: ${DEFAULT-VALUE}).")
        int width;
        @Option(names = "--modes", defaultValue = "12", split = ",", paramLabel = "M[,M..]",
                description = "Kept modes, one value for every axis or one per axis (default: ${DEFAULT-VALUE}).")
        int[] modes;
        @Option(names = "--layers", defaultValue = "4", description = "Fourier layers (default: ${DEFAULT-VALUE}).")
        int layers;
        @Option(names = "--padding", defaultValue = "0", description = "Zero padding as a fraction of each axis, for non-periodic problems (default: ${DEFAULT-VALUE}).")
        double padding;
        @Option(names = "--activation", defaultValue = "gelu", description = "gelu, relu, tanh or silu (default: ${DEFAULT-VALUE}).")
        String activation;
        @Option(names = "--projection-width", defaultValue = "128", description = "Hidden width of the projection (default: ${DEFAULT-VALUE}).")
        int projectionWidth;
        @Option(names = "--epochs", defaultValue = "500", description = "Epochs (default: ${DEFAULT-VALUE}).")
        int epochs;
        @Option(names = "--batch", defaultValue = "20", description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batch;
        @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
        double lr;
        @Option(names = "--weight-decay", defaultValue = "1e-4", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
        double weightDecay;
        @Option(names = "--step", defaultValue = "100", description = "Multiply the learning rate by --gamma every this many epochs (default: ${DEFAULT-VALUE}).")
        int step;
        @Option(names = "--gamma", defaultValue = "0.5", description = "Learning-rate factor per step (default: ${DEFAULT-VALUE}).")
        double gamma;
        @Option(names = "--normalize-input", description = "Normalise inputs channel-wise (always done for outputs).")
        boolean normalizeInput;
        @Option(names = "--seed", defaultValue = "0", description = "Seed of initialisation and shuffling (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--transform", defaultValue = "auto", description = "Spectral transform: auto, fft or dft_gemm (default: ${DEFAULT-VALUE}).")
        String transform;
        @Option(names = "--out", paramLabel = "DIR", defaultValue = "fno-out", description = "Output directory (default: ${DEFAULT-VALUE}).")
        Path out;
        @Option(names = "--resume", description = "Continue from DIR/checkpoint-last.safetensors (same settings).")
        boolean resume;
        @Option(names = "--overwrite", description = "Start over even if --out already holds a run (its files are replaced).")
        boolean overwrite;
        @Option(names = "--quiet", description = "No progress bar.")
        boolean quiet;

        @Override
        public Integer call() throws IOException {
            RunDirectory.requireNoEarlierRun(out, resume, overwrite);
            LabeledData train = FnoCliData.load(data, xKey, yKey, channelsFirst, missingAxes, spec.commandLine().getErr());
            LabeledData testSet = test == null ? null : FnoCliData.load(test, xKey, yKey, channelsFirst, missingAxes, spec.commandLine().getErr());
            int d = train.targets().rank() - 2;
            int[] m = modes.length == 1 ? filled(d, modes[0]) : modes;
            if (m.length != d) throw new IllegalArgumentException("--modes has " + m.length + " values but the data have " + d + " spatial axes");
            FnoConfig config = FnoConfig.builder().inChannels(train.inputs().dim(1)).outChannels(train.targets().dim(1))
                    .width(width).modes(m).layers(layers).padding(padding)
                    .activation(FnoConfig.Activation.valueOf(activation.toUpperCase(Locale.ROOT)))
                    .projectionWidth(projectionWidth).transform(SpectralConvolution.Transform.valueOf(transform.toUpperCase(Locale.ROOT)))
                    .build();
            Path resumeFrom = null;
            if (resume) {
                resumeFrom = out.resolve(Trainer.LAST);
                if (!Files.exists(resumeFrom)) throw new IllegalArgumentException("--resume: no checkpoint at " + resumeFrom);
            }
            FnoTraining.Options o = FnoTraining.Options.defaults().withEpochs(epochs).withBatchSize(batch).withLearningRate(lr)
                    .withWeightDecay(weightDecay).withSchedule(step, gamma).withSeed(seed).withNormalization(normalizeInput, true)
                    .withOutputDir(out).withResume(resumeFrom).withProgress(quiet ? null : System.err);
            RunDirectory.replaceEarlierRun(out, resume, overwrite);
            FnoTraining.Result r = FnoTraining.train(config, train, testSet, o);
            spec.commandLine().getOut().printf(Locale.ROOT, "FNO-%dD: %d parameters, %d epochs in %.1f s%n", d, r.model().numParameters(),
                    r.history().size(), r.seconds());
            spec.commandLine().getOut().printf(Locale.ROOT, "final train loss (relative L2): %.6f%n", r.history().last().trainLoss());
            for (Map.Entry<String, Double> e : r.testMetrics().entrySet())
                if (!e.getKey().equals("samples")) spec.commandLine().getOut().printf(Locale.ROOT, "test %s: %.6f%n", e.getKey(), e.getValue());
            writePlots(r, testSet, out.resolve("plots"));
            spec.commandLine().getOut().println("model: " + out.resolve("model.safetensors"));
            return 0;
        }

        private static int[] filled(int d, int v) {
            int[] a = new int[d];
            java.util.Arrays.fill(a, v);
            return a;
        }
    }

    /** Training curve and, for the first three test samples, prediction vs truth vs error. */
    static void writePlots(FnoTraining.Result r, LabeledData test, Path dir) throws IOException {
        Files.createDirectories(dir);
        TrainingHistory h = r.history();
        Map<String, double[]> curves = new LinkedHashMap<>();
        double[] train = new double[h.size()];
        double[] val = test == null ? null : new double[h.size()];
        for (int i = 0; i < h.size(); i++) {
            EpochMetrics e = h.epochs().get(i);
            train[i] = e.trainLoss();
            if (val != null) val[i] = e.validation().getOrDefault("relative_l2", Double.NaN);
        }
        curves.put("train relative L2", train);
        if (val != null) curves.put("test relative L2", val);
        Plots.trainingCurves(dir.resolve("training_curve.png"), "FNO training", curves);
        if (test == null) return;
        int n = Math.min(3, test.size());
        Tensor pred = FnoTraining.predict(r.model(), test.inputs().slice(0, n), n);
        int d = test.targets().rank() - 2;
        for (int i = 0; i < n; i++) {
            Tensor p = pred.select(i).select(0), t = test.targets().select(i).select(0);
            Path file = dir.resolve("sample_" + i + ".png");
            if (d == 1) {
                double[] x = Tensor.linspace(0, 1, t.dim(0)).data();
                Plots.predictionPanels1d(file, "test sample " + i, x, p.data(), t.data());
            } else if (d == 2) {
                Plots.predictionTruthError2d(file, "test sample " + i, p, t);
            } else {
                // the middle of the last axis: for Navier-Stokes as `generate` writes it, the vorticity field at the
                // middle time; a slice along the first axis would show a stretched (y, t) plane
                int mid = t.dim(2) / 2;
                Plots.predictionTruthError2d(file, "test sample " + i + " (index " + mid + " of " + t.dim(2) + " on the last axis)",
                        lastAxisAt(p, mid), lastAxisAt(t, mid));
            }
        }
    }

    /** The 2-D field {@code f[:, :, k]} of a 3-D field. */
    private static Tensor lastAxisAt(Tensor f, int k) {
        return f.slice(2, k, k + 1).reshape(f.dim(0), f.dim(1));
    }
}
