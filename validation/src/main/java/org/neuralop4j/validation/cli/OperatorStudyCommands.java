package org.neuralop4j.validation.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.neuralop4j.core.autodiff.Losses;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.Metrics;
import org.neuralop4j.core.data.PublicData;
import org.neuralop4j.core.data.Split;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.core.optim.Adam;
import org.neuralop4j.operators.deeponet.DeepONetTraining;
import org.neuralop4j.operators.gno.GnoConfig;
import org.neuralop4j.operators.gno.GnoDarcyExperiment;
import org.neuralop4j.operators.gno.GraphKernelNetwork;
import org.neuralop4j.operators.nkn.NknConfig;
import org.neuralop4j.operators.nkn.NknDepthStudy;
import org.neuralop4j.operators.nkn.UnsharedSpectralNetwork;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Accuracy studies of the operator families on the public data sets ({@code bench deeponet-antiderivative|gno-darcy|nkn-depth}). */
final class OperatorStudyCommands {
    private OperatorStudyCommands() {}

    @Command(name = "deeponet-antiderivative", mixinStandardHelpOptions = true,
            description = "DeepXDE's antiderivative example on its public data: test relative L2 (bound 0.02) and training time.")
    static final class DeepONetAntiderivative implements Callable<Integer> {
        @Option(names = "--iterations", defaultValue = "10000") int iterations;
        @Option(names = "--seed", defaultValue = "1") long seed;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            DeepONetTraining.Result r = DeepONetTraining.deepXdeAntiderivative(iterations, seed);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("deeponet antiderivative (DeepXDE setup, %d iterations, seed %d): train MSE %.3g, train rel L2 %.4f, test rel L2 %.4f, %.1f s%n",
                    r.iterations(), seed, r.trainLoss(), r.trainRelativeL2(), r.testRelativeL2(), r.seconds());
            out.flush();
            return r.testRelativeL2() <= 0.02 || iterations < 10000 ? 0 : 1;
        }
    }

    @Command(name = "gno-darcy", mixinStandardHelpOptions = true,
            description = "Graph kernel network on Darcy16 at random nodes: error on m and 2m nodes, vs an FNO-style spectral network on the same fields; kernel-integral throughput.")
    static final class GnoDarcy implements Callable<Integer> {
        @Option(names = "--train", defaultValue = "100") int ntrain;
        @Option(names = "--nodes", defaultValue = "100") int m;
        @Option(names = "--epochs", defaultValue = "12") int epochs;
        @Option(names = "--radius", defaultValue = "0.2") double radius;
        @Option(names = "--batch-size", defaultValue = "10") int batchSize;
        @Option(names = "--data", paramLabel = "TRAIN.npz", description = "Darcy training fields (e.g. from 'generate darcy'); default: the public Darcy16 set.") java.nio.file.Path data;
        @Option(names = "--test", paramLabel = "TEST.npz", description = "Darcy test fields (with --data).") java.nio.file.Path testFile;
        @Option(names = "--input-name", defaultValue = "a") String inputName;
        @Option(names = "--fno-modes", defaultValue = "6") int modes;
        @Option(names = "--target-name", defaultValue = "u") String targetName;
        @Option(names = "--lr", defaultValue = "1e-3") double lr;
        @Option(names = "--seed", defaultValue = "1") long seed;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            double[] tp = GnoDarcyExperiment.kernelIntegralThroughput(1000, 0.06, 16, 4, 3, seed);
            out.printf("kernel integral (width 16, %.0f edges): forward %.3g edges/s, backward %.3g edges/s%n", tp[0], tp[1], tp[2]);
            out.flush();
            LabeledData train, test;
            if (data != null) {
                if (testFile == null) throw new IllegalArgumentException("--data needs --test");
                LabeledData tr = LabeledData.load(data, inputName, targetName), te = LabeledData.load(testFile, inputName, targetName);
                // standardise the coefficient with the training statistics (the generated one takes the values 3 and 12)
                double mean = tr.inputs().mean(), std = Math.sqrt(tr.inputs().add(-mean).map(v -> v * v).mean());
                train = new LabeledData(tr.inputs().add(-mean).scale(1 / std), tr.targets()).slice(0, Math.min(ntrain, tr.size()));
                test = new LabeledData(te.inputs().add(-mean).scale(1 / std), te.targets());
            } else {
                train = PublicData.darcy16(Split.TRAIN).slice(0, ntrain);
                test = PublicData.darcy16(Split.TEST);
            }
            ntrain = train.size();
            int all = train.inputs().sizeOf(2, train.inputs().rank());
            GraphKernelNetwork net = new GraphKernelNetwork(new GnoConfig(2, 1, 1, 16, 32, 4, radius, 32, Activation.RELU, seed));
            GnoDarcyExperiment.Result r = GnoDarcyExperiment.run(net, train, test, m, epochs, batchSize, lr, seed + 6);
            out.printf("gno: test rel L2 on %d nodes %.4f, on %d nodes %.4f (ratio %.3f), all %d nodes %.4f, training %.1f s%n",
                    m, r.testErrorM(), Math.min(all, 2 * m), r.testError2M(), r.testError2M() / r.testErrorM(), all, r.testErrorAll(), r.trainSeconds());
            out.flush();
            NknConfig cfg = new NknConfig(1, 1, 16, new int[] {modes, modes}, 4, 1.0, 16, false, true, 32, Activation.GELU, seed);
            UnsharedSpectralNetwork fno = new UnsharedSpectralNetwork(cfg);
            Adam adam = new Adam(fno.parameters(), lr);
            long t0 = System.nanoTime();
            for (int e = 0; e < epochs; e++) {
                adam.setLearningRate(lr * Math.pow(0.5, e / Math.max(1, epochs / 4)));
                for (int b0 = 0; b0 < ntrain; b0 += batchSize) {
                    LabeledData batch = train.slice(b0, Math.min(ntrain, b0 + batchSize));
                    adam.zeroGrad();
                    Losses.relativeL2(fno.forward(Var.constant(batch.inputs())), Var.constant(batch.targets())).backward();
                    adam.step();
                }
            }
            out.printf("fno-style spectral network (width 16, %d x %d modes, 4 layers), same fields, epochs and batches: test rel L2 %.4f, training %.1f s%n", modes, modes,
                    Metrics.relativeL2(fno.predict(test.inputs()), test.targets()), (System.nanoTime() - t0) * 1e-9);
            out.flush();
            return 0;
        }
    }

    @Command(name = "nkn-depth", mixinStandardHelpOptions = true,
            description = "NKN stability in depth on Burgers16 (initial condition -> final time): shallow-to-deep NKN vs an unshared FNO-style stack at depths 4, 8, 16, 32.")
    static final class NknDepth implements Callable<Integer> {
        @Option(names = "--train", defaultValue = "100") int ntrain;
        @Option(names = "--steps", defaultValue = "50", description = "Adam steps per depth (the baseline gets the cumulative number).") int steps;
        @Option(names = "--width", defaultValue = "16") int width;
        @Option(names = "--seed", defaultValue = "1") long seed;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LabeledData train = NknDepthStudy.burgersFinalTime(Split.TRAIN, ntrain), test = NknDepthStudy.burgersFinalTime(Split.TEST, 200);
            NknConfig cfg = new NknConfig(1, 1, width, new int[] {6}, 4, 1.0, 16, false, true, 32, Activation.GELU, seed);
            List<NknDepthStudy.Row> rows = NknDepthStudy.run(cfg, new int[] {4, 8, 16, 32}, steps, 3e-3, train, test, true);
            PrintWriter out = spec.commandLine().getOut();
            out.println("| depth | NKN (shallow-to-deep) test rel L2 | unshared stack test rel L2 |");
            out.println("|---|---|---|");
            for (NknDepthStudy.Row r : rows)
                out.printf("| %d | %.4f%s | %.4f%s |%n", r.depth(), r.nknTestError(), r.nknFinite() ? "" : " (diverged)",
                        r.baselineTestError(), r.baselineFinite() ? "" : " (diverged)");
            out.flush();
            return 0;
        }
    }
}
