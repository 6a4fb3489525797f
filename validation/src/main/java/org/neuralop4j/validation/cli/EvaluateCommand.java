package org.neuralop4j.validation.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.Metrics;
import org.neuralop4j.core.nn.Model;
import org.neuralop4j.operators.OperatorModel;
import org.neuralop4j.operators.OperatorModels;
import org.neuralop4j.operators.deeponet.DeepONet;
import org.neuralop4j.operators.deeponet.DeepONetTraining;
import org.neuralop4j.operators.gno.GraphKernelNetwork;
import org.neuralop4j.operators.lno.LowRankNeuralOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code neuralop4j evaluate --model M --data D}: relative L2 of a saved operator on a data set, dispatching on the model type. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model (any type) on a data set: mean per-sample relative L2 error.")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL.safetensors") Path model;
    @Option(names = "--data", required = true, paramLabel = "DATA.npz") Path data;
    @Option(names = "--nodes", defaultValue = "0", description = "GNO/LNO on grid data: a random subset of this many nodes (0 = all).") int nodes;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the node subset (default: ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--dims", defaultValue = "0", description = "Grid data: spatial axes (0: all after the sample axis).") int dims;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OperatorModel m = OperatorModels.load(model);
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
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: relative L2 %.6g over %d samples (%.2f s)%n", m.modelType(), err, d.size(), (System.nanoTime() - t0) * 1e-9);
        out.flush();
        return 0;
    }
}
