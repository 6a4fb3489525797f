package org.neuralop4j.validation.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.Metrics;
import org.neuralop4j.core.nn.Model;
import org.neuralop4j.operators.OperatorModel;
import org.neuralop4j.operators.OperatorModels;
import org.neuralop4j.operators.deeponet.DeepONet;
import org.neuralop4j.operators.deeponet.DeepONetTraining;
import org.neuralop4j.operators.fno.Fno;
import org.neuralop4j.operators.fno.FnoData;
import org.neuralop4j.operators.fno.FnoFiles;
import org.neuralop4j.operators.fno.FnoTraining;
import org.neuralop4j.operators.gno.GraphKernelNetwork;
import org.neuralop4j.operators.lno.LowRankNeuralOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neuralop4j evaluate --model DIR|FILE --data FILE.npz}: test errors of a saved model, dispatching on the model
 * type recorded in the file ({@code fno}, {@code deeponet}, {@code gno}, {@code lno}, {@code nkn}).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Mean per-sample relative L2 (and for the FNO H1) errors of a saved model on an .npz data set.",
                "The model type is read from the file; FNO data may have any resolution the model supports (zero-shot super-resolution)."})
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR|FILE", description = "Model directory (with model.safetensors) or file.")
    Path model;
    @Option(names = "--data", required = true, paramLabel = "FILE.npz", description = "Data set.")
    Path data;
    @Option(names = "--x-key", description = "FNO: input array name (default: x; in a file from `neuralop4j generate`, a).")
    String xKey;
    @Option(names = "--y-key", description = "FNO: target array name (default: y; in a file from `neuralop4j generate`, u).")
    String yKey;
    @Option(names = "--channels-first", description = "FNO: arrays already have a channel axis (N, C, X...).")
    boolean channelsFirst;
    @Option(names = "--missing-axes", defaultValue = "auto", paramLabel = "auto|leading|trailing",
            description = "FNO, an input with fewer spatial axes than the target (an initial condition): the target axes it lacks are "
                    + "the leading ones (time first, as in the public Burgers16 set) or the trailing ones (time last, as `generate navier-stokes` "
                    + "writes); auto reads it from the shapes, and from `generate` files takes trailing (default: ${DEFAULT-VALUE}).")
    FnoData.MissingAxes missingAxes;
    @Option(names = "--batch", defaultValue = "50", description = "FNO: prediction batch size (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;
    @Option(names = "--nodes", defaultValue = "0", description = "GNO/LNO on grid data: a random subset of this many nodes (0 = all).")
    int nodes;
    @Option(names = "--seed", defaultValue = "1", description = "GNO/LNO: seed of the node subset (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--dims", defaultValue = "0", description = "NKN grid data: spatial axes (0: all after the sample axis).")
    int dims;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path file = Files.isDirectory(model) ? model.resolve(FnoFiles.MODEL_FILE) : model;
        PrintWriter out = spec.commandLine().getOut();
        if ("fno".equals(OperatorModels.modelType(file))) {
            Fno m = FnoFiles.load(model);
            LabeledData d = FnoCliData.load(data, xKey, yKey, channelsFirst, missingAxes, spec.commandLine().getErr());
            Map<String, Double> r = FnoTraining.evaluate(m, d, batch);
            if (json) {
                out.printf(Locale.ROOT, "{\"model\": \"fno\", \"samples\": %d, \"relative_l2\": %s, \"relative_h1\": %s}%n",
                        d.size(), r.get("relative_l2"), r.get("relative_h1"));
            } else {
                out.printf(Locale.ROOT, "samples: %d%nrelative L2: %.6f%nrelative H1: %.6f%n", d.size(), r.get("relative_l2"), r.get("relative_h1"));
            }
            out.flush();
            return 0;
        }
        OperatorModel m = OperatorModels.load(file);
        LabeledData d;
        double err;
        long t0 = System.nanoTime();
        if (m instanceof DeepONet) {
            d = OperatorData.deepONet(data);
            err = DeepONetTraining.relativeL2((DeepONet) m, d.inputs(), d.auxiliary().get("x"), d.targets());
        } else {
            d = m instanceof GraphKernelNetwork || m instanceof LowRankNeuralOperator ? OperatorData.points(data, nodes, seed) : OperatorData.grid(data, dims);
            if (!(m instanceof Model)) throw new IllegalArgumentException("model type '" + m.modelType() + "' cannot be evaluated here");
            err = Metrics.relativeL2(((Model) m).predict(d.inputs()), d.targets());
        }
        if (json) out.printf(Locale.ROOT, "{\"model\": \"%s\", \"samples\": %d, \"relative_l2\": %s}%n", m.modelType(), d.size(), err);
        else out.printf(Locale.ROOT, "%s: relative L2 %.6g over %d samples (%.2f s)%n", m.modelType(), err, d.size(), (System.nanoTime() - t0) * 1e-9);
        out.flush();
        return 0;
    }
}
