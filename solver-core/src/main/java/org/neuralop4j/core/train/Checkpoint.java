package org.neuralop4j.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neuralop4j.core.FormatException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.io.Safetensors;
import org.neuralop4j.core.nn.Module;

/**
 * A training checkpoint in one safetensors file: the model's state dict under {@code model.<name>}, the
 * optimizer's state under {@code optimizer.<key>}, and string metadata with the number of completed epochs, the
 * metrics history (JSON), the optimizer class, the seed and batch size. The file is written atomically, so a crash
 * or a diverging run never leaves a half-written checkpoint. Python reads it with {@code safetensors.torch.load_file}.
 *
 * @param model     parameter name to value
 * @param optimizer optimizer state
 * @param epoch     completed epochs
 * @param history   metrics of those epochs
 * @param metadata  all metadata strings as stored
 */
public record Checkpoint(LinkedHashMap<String, Tensor> model, Map<String, Tensor> optimizer, int epoch,
                         TrainingHistory history, Map<String, String> metadata) {
    /** Metadata key that marks a training checkpoint; its value is the format version. */
    public static final String FORMAT_KEY = "neuralop4j.training_checkpoint";
    static final String MODEL_PREFIX = "model.", OPTIMIZER_PREFIX = "optimizer.";

    /** Writes the checkpoint atomically; {@code extra} metadata is stored alongside (may be empty). */
    public static void write(Path file, Map<String, Tensor> model, Map<String, Tensor> optimizer, int epoch,
                             TrainingHistory history, Map<String, String> extra) throws IOException {
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : model.entrySet()) tensors.put(MODEL_PREFIX + e.getKey(), e.getValue());
        for (Map.Entry<String, Tensor> e : optimizer.entrySet()) tensors.put(OPTIMIZER_PREFIX + e.getKey(), e.getValue());
        LinkedHashMap<String, String> meta = new LinkedHashMap<>(extra);
        meta.put(FORMAT_KEY, "1");
        meta.put("epoch", Integer.toString(epoch));
        meta.put("history", history.toJson());
        Safetensors.write(file, tensors, meta);
    }

    /**
     * Reads a checkpoint written by {@link #write}.
     * @throws FormatException when the file is not a neuralop4j training checkpoint
     */
    public static Checkpoint read(Path file) throws IOException {
        Safetensors.Content c = Safetensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!"1".equals(meta.get(FORMAT_KEY)))
            throw new FormatException(file, "not a neuralop4j training checkpoint (metadata '" + FORMAT_KEY + "' is " + meta.get(FORMAT_KEY) + ")");
        int epoch;
        try {
            epoch = Integer.parseInt(meta.getOrDefault("epoch", ""));
        } catch (NumberFormatException e) {
            throw new FormatException(file, "checkpoint metadata 'epoch' is not an integer: '" + meta.get("epoch") + "'");
        }
        if (epoch < 0) throw new FormatException(file, "checkpoint epoch is negative: " + epoch);
        TrainingHistory history = TrainingHistory.fromJson(meta.getOrDefault("history", "[]"), file);
        LinkedHashMap<String, Tensor> model = new LinkedHashMap<>();
        LinkedHashMap<String, Tensor> opt = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            String k = e.getKey();
            if (k.startsWith(MODEL_PREFIX)) model.put(k.substring(MODEL_PREFIX.length()), e.getValue());
            else if (k.startsWith(OPTIMIZER_PREFIX)) opt.put(k.substring(OPTIMIZER_PREFIX.length()), e.getValue());
            else throw new FormatException(file, "unexpected tensor '" + k + "' in a training checkpoint");
        }
        return new Checkpoint(model, opt, epoch, history, meta);
    }

    /** Loads the model weights of a checkpoint file into {@code module} (strict; see {@link Module#loadStateDict}). */
    public static void loadModel(Path file, Module module) throws IOException {
        module.loadStateDict(read(file).model());
    }
}
