package org.neuralop4j.validation.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.PublicData;
import org.neuralop4j.core.data.Split;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.operators.deeponet.DeepONetTraining;
import org.neuralop4j.operators.fno.FnoConfig;
import org.neuralop4j.operators.gno.GnoConfig;
import org.neuralop4j.operators.gno.GnoDarcyExperiment;
import org.neuralop4j.operators.gno.GnoFnoComparison;
import org.neuralop4j.operators.gno.GraphKernelNetwork;
import org.neuralop4j.operators.nkn.NknDepthStudy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Accuracy studies of the operator families on public and generated data sets ({@code bench deeponet-antiderivative|gno-darcy|nkn-depth}). */
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
            description = {"Graph kernel network vs the Fourier neural operator on the same Darcy fields: both trained on the same fields "
                    + "for the same epochs and batches (the GNO on --samplings fresh subsets of m random nodes per batch), scored on the same test fields and node subsets; "
                    + "the GNO's error on m, 2m and all nodes (mesh independence); kernel-integral throughput.",
                    "Default data: generated Darcy at s = 29 (the same fields as 'generate darcy --resolution 29' with --seed 1 for "
                    + "training and --seed 2 for testing). Exits 1 when GNO error / FNO error exceeds --max-ratio."})
    static final class GnoDarcy implements Callable<Integer> {
        @Option(names = "--train", defaultValue = "100", description = "Training fields (default: ${DEFAULT-VALUE}).") int ntrain;
        @Option(names = "--test-samples", defaultValue = "50", description = "Test fields when generating (default: ${DEFAULT-VALUE}).") int ntest;
        @Option(names = "--resolution", defaultValue = "29", description = "Grid points per axis when generating (default: ${DEFAULT-VALUE}).") int resolution;
        @Option(names = "--data", paramLabel = "TRAIN.npz", description = "Darcy training fields (N,1,s,s) instead of generating them.") java.nio.file.Path data;
        @Option(names = "--test", paramLabel = "TEST.npz", description = "Darcy test fields (with --data).") java.nio.file.Path testFile;
        @Option(names = "--darcy16", description = "Use the public Darcy16 set (neuraloperator) instead of generating fields.") boolean darcy16;
        @Option(names = "--input-name", defaultValue = "a") String inputName;
        @Option(names = "--target-name", defaultValue = "u") String targetName;
        @Option(names = "--nodes", defaultValue = "200", description = "m: random nodes per GNO training batch (default: ${DEFAULT-VALUE}).") int m;
        @Option(names = "--epochs", defaultValue = "12", description = "Epochs of both models (default: ${DEFAULT-VALUE}).") int epochs;
        @Option(names = "--batch-size", defaultValue = "2", description = "Fields per step of both models (default: ${DEFAULT-VALUE}).") int batchSize;
        @Option(names = "--lr", defaultValue = "3e-3", description = "Initial Adam rate of both models, halved every epochs/4 epochs (default: ${DEFAULT-VALUE}).") double lr;
        @Option(names = "--samplings", defaultValue = "2", description = "GNO steps per batch, each on a fresh subset of m nodes (default: ${DEFAULT-VALUE}).") int samplings;
        @Option(names = "--radius", defaultValue = "0.25", description = "GNO neighbourhood radius (default: ${DEFAULT-VALUE}).") double radius;
        @Option(names = "--edge-distance", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Give the GNO kernel |x_i - x_j| besides (x_i, x_j, a_i, a_j) (default: ${DEFAULT-VALUE}).") boolean edgeDistance;
        @Option(names = "--kernel-form", defaultValue = "MATRIX", description = "GNO kernel per edge: MATRIX (w x w, the paper's) or DIAGONAL (default: ${DEFAULT-VALUE}).")
        GnoConfig.KernelForm kernelForm;
        @Option(names = "--width", defaultValue = "32", description = "GNO width (default: ${DEFAULT-VALUE}).") int width;
        @Option(names = "--kernel-width", defaultValue = "64", description = "GNO kernel-MLP width (default: ${DEFAULT-VALUE}).") int kernelWidth;
        @Option(names = "--depth", defaultValue = "4", description = "GNO kernel-integral iterations (default: ${DEFAULT-VALUE}).") int depth;
        @Option(names = "--fno-width", defaultValue = "32", description = "FNO width (default: ${DEFAULT-VALUE}).") int fnoWidth;
        @Option(names = "--fno-modes", defaultValue = "12", description = "FNO modes per axis (default: ${DEFAULT-VALUE}).") int modes;
        @Option(names = "--fno-layers", defaultValue = "4", description = "FNO Fourier layers (default: ${DEFAULT-VALUE}).") int fnoLayers;
        @Option(names = "--max-ratio", defaultValue = "2", description = "Bound on GNO error / FNO error, on m nodes and on all nodes (default: ${DEFAULT-VALUE}).") double maxRatio;
        @Option(names = "--seed", defaultValue = "1") long seed;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            double[] tp = GnoDarcyExperiment.kernelIntegralThroughput(1000, 0.06, 16, 4, 3, seed);
            out.printf("kernel integral (width 16, %.0f edges): forward %.3g edges/s, backward %.3g edges/s%n", tp[0], tp[1], tp[2]);
            out.flush();
            LabeledData train, test;
            String source;
            if (darcy16) {
                train = PublicData.darcy16(Split.TRAIN);
                test = PublicData.darcy16(Split.TEST);
                source = "public Darcy16";
            } else {
                if (data != null) {
                    if (testFile == null) throw new IllegalArgumentException("--data needs --test");
                    // statistics of the fields actually trained on, as for generated fields
                    LabeledData all = LabeledData.load(data, inputName, targetName);
                    LabeledData[] std = GnoFnoComparison.standardizeInputs(all.slice(0, Math.min(ntrain, all.size())),
                            LabeledData.load(testFile, inputName, targetName));
                    train = std[0];
                    test = std[1];
                    source = data + ", " + testFile;
                } else {
                    LabeledData[] gen = GnoFnoComparison.generatedDarcy(resolution, ntrain, ntest);
                    train = gen[0];
                    test = gen[1];
                    source = "generated Darcy s = " + resolution + " (seeds 1, 2)";
                }
            }
            train = train.slice(0, Math.min(ntrain, train.size()));
            int s = train.inputs().dim(2), all = s * s;
            if (m > all) throw new IllegalArgumentException("--nodes " + m + " exceeds the " + all + " grid nodes");
            if (2 * modes > s) throw new IllegalArgumentException("--fno-modes " + modes + " needs at least " + 2 * modes + " points per axis; the grid has " + s);
            out.printf("data: %s, %d training and %d test fields, %d x %d grid; both models: %d epochs, batch %d, Adam %.3g halved every %d epochs%n",
                    source, train.size(), test.size(), s, s, epochs, batchSize, lr, Math.max(1, epochs / 4));
            out.flush();
            GraphKernelNetwork net = new GraphKernelNetwork(new GnoConfig(2, 1, 1, width, kernelWidth, depth, radius, 32, Activation.RELU, seed,
                    kernelForm, edgeDistance));
            FnoConfig fnoConfig = FnoConfig.builder().width(fnoWidth).modes(modes, modes).layers(fnoLayers).build();
            GnoFnoComparison.Result r = GnoFnoComparison.run(net, fnoConfig, train, test, new GnoFnoComparison.Budget(m, epochs, batchSize, lr, seed + 6, samplings));
            GnoDarcyExperiment.Result g = r.gno();
            out.printf("gno (width %d, %s kernel %d%s, depth %d, r = %.3g, %d x %d nodes per batch): test rel L2 on %d nodes %.4f, on %d nodes %.4f (ratio %.3f), all %d nodes %.4f, training %.1f s%n",
                    width, kernelForm.name().toLowerCase(java.util.Locale.ROOT), kernelWidth, edgeDistance ? " with |x-y|" : "", depth, radius, samplings, m, m, g.testErrorM(), Math.min(all, 2 * m), g.testError2M(), g.testError2M() / g.testErrorM(),
                    all, g.testErrorAll(), g.trainSeconds());
            out.printf("fno (width %d, %d x %d modes, %d layers, %d parameters): test rel L2 on the same %d-node subsets %.4f, all %d nodes %.4f, training %.1f s%n",
                    fnoWidth, modes, modes, fnoLayers, r.fnoParameters(), m, r.fnoErrorM(), all, r.fnoErrorAll(), r.fnoSeconds());
            boolean ok = r.worstRatio() <= maxRatio;
            out.printf("gno / fno: %.2f on %d nodes, %.2f on all nodes (bound %.3g): %s%n", r.ratioM(), m, r.ratioAll(), maxRatio,
                    ok ? "within the bound" : "exceeds the bound");
            out.flush();
            return ok ? 0 : 1;
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
            List<NknDepthStudy.Row> rows = NknDepthStudy.run(NknDepthStudy.config(width, seed), NknDepthStudy.DEPTHS, steps, 3e-3, train, test, true);
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
