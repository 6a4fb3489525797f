package org.neuralop4j.operators;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.neuralop4j.core.FormatException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.io.Safetensors;
import org.neuralop4j.operators.deeponet.DeepONet;
import org.neuralop4j.operators.gno.GraphKernelNetwork;
import org.neuralop4j.operators.lno.LowRankNeuralOperator;
import org.neuralop4j.operators.nkn.NonlocalKernelNetwork;

/**
 * Checkpoints of operator models: one safetensors file holding the weights (float64) with
 * {@code __metadata__ = {"neuralop4j.model": <type>, "config": <JSON>}} (the keys of the FNO's model files), so the file alone rebuilds the model and Python's
 * {@code safetensors} reads the weights. Writing is atomic (temp file + rename).
 *
 * <p>{@link #load} dispatches on the model type through a registry; the types of this module are registered
 * statically, others (e.g. the FNO) can {@link #register} theirs.
 */
public final class OperatorModels {
    /** Metadata keys of a checkpoint. */
    public static final String MODEL_KEY = "neuralop4j.model", CONFIG_KEY = "config";

    /** Rebuilds a model from its configuration JSON and its weights. */
    @FunctionalInterface
    public interface Loader {
        OperatorModel build(String configJson, Map<String, Tensor> weights);
    }

    private static final Map<String, Loader> LOADERS = new ConcurrentHashMap<>();

    static {
        register(DeepONet.TYPE, DeepONet::fromState);
        register(GraphKernelNetwork.TYPE, GraphKernelNetwork::fromState);
        register(NonlocalKernelNetwork.TYPE, NonlocalKernelNetwork::fromState);
        register(LowRankNeuralOperator.TYPE, LowRankNeuralOperator::fromState);
    }

    private OperatorModels() {}

    /** Registers (or replaces) the loader of a model type. */
    public static void register(String type, Loader loader) {
        if (type == null || type.isBlank() || loader == null) throw new IllegalArgumentException("register needs a model type and a loader");
        LOADERS.put(type, loader);
    }

    /** Writes {@code model} to {@code file} atomically. */
    public static void save(Path file, OperatorModel model) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(MODEL_KEY, model.modelType());
        meta.put(CONFIG_KEY, model.configJson());
        Safetensors.write(file, model.stateDict(), meta);
    }

    /** @return the model type recorded in a checkpoint */
    public static String modelType(Path file) throws IOException {
        return require(file, Safetensors.read(file).metadata(), MODEL_KEY);
    }

    /**
     * Rebuilds the model stored in {@code file}.
     * @throws FormatException if the metadata is missing, names an unknown type, or the weights do not fit the configuration
     */
    public static OperatorModel load(Path file) throws IOException {
        Safetensors.Content c = Safetensors.read(file);
        String type = require(file, c.metadata(), MODEL_KEY);
        String config = require(file, c.metadata(), CONFIG_KEY);
        Loader loader = LOADERS.get(type);
        if (loader == null) throw new FormatException(file, "unknown model type '" + type + "' (known: " + new TreeSet<>(LOADERS.keySet()) + ")");
        try {
            return loader.build(config, c.tensors());
        } catch (IllegalArgumentException e) {
            throw new FormatException(file, "cannot rebuild the " + type + " model: " + e.getMessage());
        }
    }

    /** Loads and checks the type. */
    public static <T extends OperatorModel> T load(Path file, Class<T> type) throws IOException {
        OperatorModel m = load(file);
        if (!type.isInstance(m)) throw new FormatException(file, "holds a '" + m.modelType() + "' model, not a " + type.getSimpleName());
        return type.cast(m);
    }

    private static String require(Path file, Map<String, String> meta, String key) throws FormatException {
        String v = meta.get(key);
        if (v == null) throw new FormatException(file, "not an operator checkpoint: metadata has no '" + key + "' entry");
        return v;
    }
}
