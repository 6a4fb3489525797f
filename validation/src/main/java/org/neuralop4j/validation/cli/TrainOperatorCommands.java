package org.neuralop4j.validation.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.Metrics;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.core.nn.Model;
import org.neuralop4j.core.nn.Module;
import org.neuralop4j.core.optim.Adam;
import org.neuralop4j.core.train.Loss;
import org.neuralop4j.core.train.Trainer;
import org.neuralop4j.core.train.TrainingHistory;
import org.neuralop4j.operators.IoScaling;
import org.neuralop4j.operators.OperatorModel;
import org.neuralop4j.operators.OperatorModels;
import org.neuralop4j.operators.deeponet.DeepONet;
import org.neuralop4j.operators.deeponet.DeepONetConfig;
import org.neuralop4j.operators.deeponet.DeepONetTraining;
import org.neuralop4j.operators.gno.GnoConfig;
import org.neuralop4j.operators.gno.GraphKernelNetwork;
import org.neuralop4j.operators.gno.RadiusGraph;
import org.neuralop4j.operators.lno.LnoConfig;
import org.neuralop4j.operators.lno.LowRankNeuralOperator;
import org.neuralop4j.operators.nkn.NknConfig;
import org.neuralop4j.operators.nkn.NonlocalKernelNetwork;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code train deeponet|gno|nkn|lno} subcommands. */
final class TrainOperatorCommands {
    private TrainOperatorCommands() {}

    /** Options every operator command shares. */
    abstract static class Common implements Callable<Integer> {
        @Option(names = "--data", required = true, paramLabel = "TRAIN.npz", description = "Training data.")
        Path data;

        @Option(names = "--test", paramLabel = "TEST.npz", description = "Test data (evaluated every epoch and at the end).")
        Path test;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "train-out", description = "Output directory: model.safetensors, checkpoints, metrics (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
        double lr;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of initialisation and shuffling (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--quiet", description = "No progress output.")
        boolean quiet;

        @Option(names = "--overwrite", description = "Start over even if --out already holds a run (its files are replaced).")
        boolean overwrite;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() { return spec.commandLine().getOut(); }

        /** Refuses to start over in a directory holding an earlier run unless asked to (see {@link RunDirectory}). */
        void requireNoEarlierRun(boolean resuming) { RunDirectory.requireNoEarlierRun(out, resuming, overwrite); }

        /** With {@code --overwrite} and not continuing a run: removes the earlier run, right before training starts. */
        void replaceEarlierRun(boolean resuming) throws IOException { RunDirectory.replaceEarlierRun(out, resuming, overwrite); }

        /** Writes the final model and prints where. */
        void saveModel(OperatorModel m) throws IOException {
            Files.createDirectories(out);
            Path f = out.resolve("model.safetensors");
            OperatorModels.save(f, m);
            out().println("model: " + f);
        }
    }

    /** Mini-batch training through the library's {@link Trainer} (checkpoints, metrics, resume). */
    abstract static class Epochs extends Common {
        @Option(names = "--epochs", defaultValue = "100", description = "Epochs (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--batch-size", defaultValue = "16", description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Continue a run from a checkpoint written by an earlier run with the same settings.")
        Path resume;

        @Option(names = "--input-scaling", paramLabel = "std|none", defaultValue = "std",
                description = {"Standardisation of the input function, stored with the model: std (minus its mean over the training set, "
                        + "divided by its standard deviation) or none (default: ${DEFAULT-VALUE}). Point coordinates are never changed."})
        String inputScaling;

        @Option(names = "--output-scale", paramLabel = "rms|none|C", defaultValue = "rms",
                description = {"Factor on the network's output, stored with the model: rms (the root mean square of the training targets, "
                        + "so that the output layer starts at their scale), none (1), or a positive number (default: ${DEFAULT-VALUE}).",
                        "Without it, targets far from 1 (Darcy solutions are about 5e-3) take many epochs just to reach their scale."})
        String outputScale;

        /**
         * The scaling {@code --input-scaling} and {@code --output-scale} ask for on these training data (reported on
         * stdout). {@code leading} features of the last input axis (point coordinates) are not part of the input
         * function; 0 when the input is channels first.
         */
        IoScaling scaling(LabeledData train, int leading) {
            IoScaling input = switch (inputScaling.toLowerCase(java.util.Locale.ROOT)) {
                case "std" -> IoScaling.standardising(train.inputs(), leading);
                case "none" -> IoScaling.NONE;
                default -> throw new IllegalArgumentException("--input-scaling must be std or none, got '" + inputScaling + "'");
            };
            double factor;
            switch (outputScale.toLowerCase(java.util.Locale.ROOT)) {
                case "none" -> factor = 1.0;
                case "rms" -> factor = IoScaling.rootMeanSquare(train.targets());
                default -> {
                    try {
                        factor = Double.parseDouble(outputScale);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--output-scale must be rms, none or a positive number, got '" + outputScale + "'");
                    }
                }
            }
            if (!(factor > 0) || Double.isInfinite(factor))
                throw new IllegalArgumentException("--output-scale " + outputScale + " gives " + factor + "; it must be positive and finite"
                        + (outputScale.equalsIgnoreCase("rms") ? " (give a number or none)" : ""));
            IoScaling s = input.withOutputScale(factor);
            out().printf(java.util.Locale.ROOT, "input: minus %.6g, divided by %.6g; output scale %.6g%s%n", s.inputShift(), s.inputScale(),
                    factor, outputScale.equalsIgnoreCase("rms") ? " (root mean square of the training targets)" : "");
            return s;
        }

        <M extends Module & Model & OperatorModel> Integer train(M model, LabeledData train, LabeledData test) throws IOException {
            Trainer.Builder b = Trainer.builder(model).loss(Loss.relativeL2()).optimizer(new Adam(model.parameters(), lr))
                    .epochs(epochs).batchSize(batchSize).seed(seed).outputDir(out).quiet(quiet);
            if (test != null) b.validation(test.inputs(), test.targets()).metric("test_rel_l2", Loss.relativeL2());
            Trainer trainer = b.build();
            replaceEarlierRun(resume != null);
            TrainingHistory h = resume == null ? trainer.fit(train.inputs(), train.targets()) : trainer.resume(resume, train.inputs(), train.targets());
            saveModel(model);
            out().printf("train loss %.6g%n", h.last().trainLoss());
            if (test != null)
                out().printf("test relative L2 %.6g (%d samples)%n", Metrics.relativeL2(model.predict(test.inputs()), test.targets()), test.size());
            out().flush();
            return 0;
        }
    }

    @Command(name = "deeponet", mixinStandardHelpOptions = true,
            description = {"Train a DeepONet (Lu et al. 2021) on aligned data: v (N, m) sensor values, x (M, d) query points, y (N, M).",
                    "Defaults are DeepXDE's antiderivative example: branch [m,40,40], trunk [d,40,40], ReLU, Glorot normal, MSE, full batch, Adam 1e-3, 10000 iterations."})
    static final class DeepONetCommand extends Common {
        @Option(names = "--iterations", defaultValue = "10000", description = {"Full-batch Adam steps (default: ${DEFAULT-VALUE}, DeepXDE's example).",
                "On the exact antiderivative data of 'generate antiderivative' (150 / 1000 samples) 10000 steps leave the network "
                + "unconverged (test relative L2 about 0.016); 30000 reach 0.0048."})
        int iterations;

        @Option(names = "--hidden", split = ",", defaultValue = "40,40", description = "Hidden and output widths of branch and trunk (default: ${DEFAULT-VALUE}).")
        int[] hidden;

        @Option(names = "--activation", defaultValue = "relu", description = "Activation (default: ${DEFAULT-VALUE}).")
        String activation;

        @Option(names = "--trunk-features", defaultValue = "0", description = "Fourier features sin/cos(2 pi k x), k=1..K, for the trunk (default: ${DEFAULT-VALUE}).")
        int trunkFeatures;

        @Override
        public Integer call() throws Exception {
            requireNoEarlierRun(false);
            LabeledData train = OperatorData.deepONet(data);
            LabeledData testData = test == null ? null : OperatorData.deepONet(test);
            int m = train.inputs().dim(1), d = train.auxiliary().get("x").dim(1);
            int[] branch = new int[hidden.length + 1], trunk = new int[hidden.length + 1];
            branch[0] = m;
            trunk[0] = d;
            System.arraycopy(hidden, 0, branch, 1, hidden.length);
            System.arraycopy(hidden, 0, trunk, 1, hidden.length);
            DeepONet net = new DeepONet(new DeepONetConfig(branch, trunk, Activation.parse(activation), 1, trunkFeatures, seed));
            int every = Math.max(1, iterations / 10);
            PrintWriter err = spec.commandLine().getErr();
            replaceEarlierRun(false);
            DeepONetTraining.Result r = testData == null
                    ? new DeepONetTraining.Result(iterations, DeepONetTraining.fit(net, train.inputs(), train.auxiliary().get("x"), train.targets(), iterations, lr,
                            it -> { if (!quiet && (it + 1) % every == 0) { err.printf("iteration %d/%d%n", it + 1, iterations); err.flush(); } }),
                            DeepONetTraining.relativeL2(net, train.inputs(), train.auxiliary().get("x"), train.targets()), Double.NaN, Double.NaN)
                    : DeepONetTraining.trainAndEvaluate(net, train, testData, iterations, lr,
                            it -> { if (!quiet && (it + 1) % every == 0) { err.printf("iteration %d/%d%n", it + 1, iterations); err.flush(); } });
            saveModel(net);
            out().printf("train loss (MSE) %.6g, train relative L2 %.6g%n", r.trainLoss(), r.trainRelativeL2());
            if (testData != null) out().printf("test relative L2 %.6g (%d samples), training %.1f s%n", r.testRelativeL2(), testData.size(), r.seconds());
            out().flush();
            return 0;
        }
    }

    @Command(name = "gno", mixinStandardHelpOptions = true,
            description = {"Train a graph kernel network (Li et al. 2020) on point data (points, x, y) or on grid fields (x, y, or a file from `neuralop4j generate`) at the grid nodes."})
    static final class GnoCommand extends Epochs {
        @Option(names = "--nodes", defaultValue = "0", description = "Use a random subset of this many nodes (0 = all) (default: ${DEFAULT-VALUE}).")
        int nodes;

        @Option(names = "--width", defaultValue = "16") int width;
        @Option(names = "--kernel-width", defaultValue = "32") int kernelWidth;
        @Option(names = "--depth", defaultValue = "4") int depth;
        @Option(names = "--radius", defaultValue = "0.2") double radius;
        @Option(names = "--projection-width", defaultValue = "32") int projectionWidth;
        @Option(names = "--activation", defaultValue = "relu") String activation;

        @Override
        public Integer call() throws Exception {
            requireNoEarlierRun(resume != null);
            LabeledData train = OperatorData.points(data, nodes, seed);
            LabeledData testData = test == null ? null : OperatorData.points(test, nodes, seed + 1);
            int d = train.auxiliary().get("points").dim(1);
            GnoConfig c = new GnoConfig(d, train.inputs().dim(2) - d, train.targets().dim(2), width, kernelWidth, depth, radius,
                    projectionWidth, Activation.parse(activation), seed).withScaling(scaling(train, d));
            requireMemoryFor(c, train);
            return train(new GraphKernelNetwork(c), train, testData);
        }

        /**
         * Refuses, before any work, a run whose per-edge tensors alone would not fit in the heap: on all 841 nodes of a
         * 29 x 29 grid with the default radius and width, a batch of 16 needs several gigabytes, and the JVM would
         * otherwise fail with an OutOfMemoryError in the middle of the first step.
         */
        private void requireMemoryFor(GnoConfig c, LabeledData train) {
            Tensor points = train.auxiliary().get("points");
            int batch = Math.min(batchSize, train.size());
            long edges = RadiusGraph.build(points, c.radius()).edges();
            long need = c.edgeBytesPerStep(batch, edges), heap = Runtime.getRuntime().maxMemory();
            if (need > 0.8 * heap)
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "a training step needs at least %.1f GB for the %,d edges of the radius-%s graph on %,d nodes at batch %d, "
                                + "and the heap is %.1f GB: use --nodes, a smaller --radius or --batch-size, or more heap "
                                + "(NEURALOP4J_JAVA_OPTS=-Xmx...)", need / 1e9, edges, c.radius(), points.dim(0), batch, heap / 1e9));
        }
    }

    @Command(name = "lno", mixinStandardHelpOptions = true,
            description = {"Train a low-rank neural operator (Kovachki et al. 2023) on point data or grid fields (x, y, or a file from `neuralop4j generate`) at the grid nodes."})
    static final class LnoCommand extends Epochs {
        @Option(names = "--nodes", defaultValue = "0", description = "Use a random subset of this many nodes (0 = all) (default: ${DEFAULT-VALUE}).")
        int nodes;

        @Option(names = "--width", defaultValue = "32") int width;
        @Option(names = "--rank", defaultValue = "4") int rank;
        @Option(names = "--kernel-width", defaultValue = "64") int kernelWidth;
        @Option(names = "--depth", defaultValue = "4") int depth;
        @Option(names = "--projection-width", defaultValue = "64") int projectionWidth;
        @Option(names = "--activation", defaultValue = "gelu") String activation;

        @Override
        public Integer call() throws Exception {
            requireNoEarlierRun(resume != null);
            LabeledData train = OperatorData.points(data, nodes, seed);
            LabeledData testData = test == null ? null : OperatorData.points(test, nodes, seed + 1);
            int d = train.auxiliary().get("points").dim(1);
            LnoConfig c = new LnoConfig(d, train.inputs().dim(2) - d, train.targets().dim(2), width, rank, kernelWidth, depth,
                    projectionWidth, Activation.parse(activation), seed).withScaling(scaling(train, d));
            return train(new LowRankNeuralOperator(c), train, testData);
        }
    }

    @Command(name = "nkn", mixinStandardHelpOptions = true,
            description = {"Train a nonlocal kernel network (You et al. 2022) on grid fields x, y: (N, s..) or (N, C, s..), or a file from `neuralop4j generate`."})
    static final class NknCommand extends Epochs {
        @Option(names = "--dims", defaultValue = "0", description = "Spatial axes (0: every axis after the sample axis) (default: ${DEFAULT-VALUE}).")
        int dims;

        @Option(names = "--modes", split = ",", defaultValue = "8", description = "Kept modes per axis (one value for all axes) (default: ${DEFAULT-VALUE}).")
        int[] modes;

        @Option(names = "--width", defaultValue = "16") int width;
        @Option(names = "--layers", defaultValue = "4") int layers;
        @Option(names = "--horizon", defaultValue = "1.0") double horizon;
        @Option(names = "--reaction-width", defaultValue = "16") int reactionWidth;
        @Option(names = "--fractional", description = "Add a fractional-Laplacian term with learnable order.") boolean fractional;
        @Option(names = "--projection-width", defaultValue = "64") int projectionWidth;
        @Option(names = "--activation", defaultValue = "gelu") String activation;
        @Option(names = "--init-from", paramLabel = "MODEL", description = "Shallow-to-deep: start from a trained NKN model file (its parameters and scaling, this --layers).")
        Path initFrom;

        @Override
        public Integer call() throws Exception {
            requireNoEarlierRun(resume != null);
            LabeledData train = OperatorData.grid(data, dims);
            LabeledData testData = test == null ? null : OperatorData.grid(test, dims);
            int d = train.inputs().rank() - 2;
            int[] m = new int[d];
            for (int j = 0; j < d; j++) m[j] = modes[Math.min(j, modes.length - 1)];
            NonlocalKernelNetwork net;
            if (initFrom != null) {
                net = OperatorModels.load(initFrom, NonlocalKernelNetwork.class).deepen(layers);
            } else {
                net = new NonlocalKernelNetwork(new NknConfig(train.inputs().dim(1), train.targets().dim(1), width, m, layers, horizon, reactionWidth,
                        fractional, true, projectionWidth, Activation.parse(activation), seed, scaling(train, 0)));
            }
            return train(net, train, testData);
        }
    }
}
