package org.neuralop4j.operators.fno;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neuralop4j.core.FormatException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.io.Safetensors;
import org.neuralop4j.core.train.UnitGaussianNormalizer;

/**
 * One-file storage of a trained {@link Fno}: a safetensors file whose metadata holds the configuration
 * ({@code "config"}: {@link FnoConfig#toJson()}) and whose tensors are the parameters under their PyTorch names
 * ({@code fc0.weight}, {@code conv0.weights1}, ...; float64, C order, complex weights with a trailing (re, im)
 * axis — see {@link Fno}) plus, when present, the normalisers under {@code input_normalizer.mean/std/eps} and
 * {@code output_normalizer.mean/std/eps}. The file alone rebuilds the model; PyTorch reads it with
 * {@code safetensors.torch.load_file} and, the other way round, a state dict of the original FNO code exported
 * with complex tensors passed through {@code torch.view_as_real} and the 1x1 convolution weights squeezed to
 * {@code (width, width)} loads here and computes the same outputs.
 */
public final class FnoFiles {
    /** Metadata key holding the configuration JSON. */
    public static final String CONFIG_KEY = "config";
    /** Metadata key marking the file as an FNO model; value {@code "fno"}. */
    public static final String MODEL_KEY = "neuralop4j.model";
    /** File name used inside a model directory. */
    public static final String MODEL_FILE = "model.safetensors";

    private FnoFiles() {}

    /** Writes the model atomically to {@code file} (a directory gets {@value #MODEL_FILE} inside). */
    public static Path save(Fno model, Path file) throws IOException {
        Path target = Files.isDirectory(file) ? file.resolve(MODEL_FILE) : file;
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.stateDict());
        putNormalizer(tensors, "input_normalizer.", model.inputNormalizer());
        putNormalizer(tensors, "output_normalizer.", model.outputNormalizer());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(MODEL_KEY, "fno");
        meta.put(CONFIG_KEY, model.config().toJson());
        Safetensors.write(target, tensors, meta);
        return target;
    }

    private static void putNormalizer(Map<String, Tensor> tensors, String prefix, UnitGaussianNormalizer n) {
        if (n == null) return;
        for (Map.Entry<String, Tensor> e : n.stateDict().entrySet()) tensors.put(prefix + e.getKey(), e.getValue());
    }

    /**
     * Reads a model written by {@link #save} (or exported from PyTorch in that layout).
     * @param file a safetensors file, or a directory containing {@value #MODEL_FILE}
     * @throws FormatException when the file is not an FNO model, its config is invalid or a tensor is missing,
     *                         unexpected or wrongly shaped
     */
    public static Fno load(Path file) throws IOException {
        Path source = Files.isDirectory(file) ? file.resolve(MODEL_FILE) : file;
        Safetensors.Content c = Safetensors.read(source);
        String json = c.metadata().get(CONFIG_KEY);
        if (json == null) throw new FormatException(source, "no '" + CONFIG_KEY + "' metadata: not an FNO model file");
        FnoConfig config;
        try {
            config = FnoConfig.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new FormatException(source, e.getMessage(), e);
        }
        Map<String, Tensor> params = new LinkedHashMap<>(), in = new LinkedHashMap<>(), out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("input_normalizer.")) in.put(k.substring("input_normalizer.".length()), e.getValue());
            else if (k.startsWith("output_normalizer.")) out.put(k.substring("output_normalizer.".length()), e.getValue());
            else params.put(k, e.getValue());
        }
        Fno model = new Fno(config, 0);
        try {
            model.loadStateDict(params);
            model.setNormalizers(in.isEmpty() ? null : UnitGaussianNormalizer.fromStateDict(in),
                    out.isEmpty() ? null : UnitGaussianNormalizer.fromStateDict(out));
        } catch (IllegalArgumentException e) {
            throw new FormatException(source, e.getMessage(), e);
        }
        return model;
    }
}
