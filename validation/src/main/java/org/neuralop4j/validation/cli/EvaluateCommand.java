package org.neuralop4j.validation.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.operators.fno.Fno;
import org.neuralop4j.operators.fno.FnoFiles;
import org.neuralop4j.operators.fno.FnoTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code neuralop4j evaluate --model DIR --data FILE.npz [--json]}: test errors of a saved model. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Mean per-sample relative L2 and H1 errors of a saved model on an .npz data set (arrays 'x', 'y').",
                "The data may have any resolution the model supports (zero-shot super-resolution)."})
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR|FILE", description = "Model directory (with model.safetensors) or file.")
    Path model;
    @Option(names = "--data", required = true, paramLabel = "FILE.npz", description = "Data set.")
    Path data;
    @Option(names = "--x-key", defaultValue = "x", description = "Input array name (default: ${DEFAULT-VALUE}).")
    String xKey;
    @Option(names = "--y-key", defaultValue = "y", description = "Target array name (default: ${DEFAULT-VALUE}).")
    String yKey;
    @Option(names = "--channels-first", description = "Arrays already have a channel axis (N, C, X...).")
    boolean channelsFirst;
    @Option(names = "--batch", defaultValue = "50", description = "Prediction batch size (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Fno m = FnoFiles.load(model);
        LabeledData d = FnoCliData.load(data, xKey, yKey, channelsFirst);
        Map<String, Double> r = FnoTraining.evaluate(m, d, batch);
        if (json) {
            System.out.printf(Locale.ROOT, "{\"model\": \"fno\", \"samples\": %d, \"relative_l2\": %s, \"relative_h1\": %s}%n",
                    d.size(), r.get("relative_l2"), r.get("relative_h1"));
        } else {
            System.out.printf(Locale.ROOT, "samples: %d%nrelative L2: %.6f%nrelative H1: %.6f%n", d.size(), r.get("relative_l2"), r.get("relative_h1"));
        }
        return 0;
    }
}
