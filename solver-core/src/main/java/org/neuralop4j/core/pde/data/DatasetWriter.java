package org.neuralop4j.core.pde.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.io.NpyArray;
import org.neuralop4j.core.io.Npz;

/**
 * Writes generated data sets as {@code .npz} archives (float64 arrays, channels-first) plus a {@code meta} entry: a
 * 0-d unicode array holding JSON with the generator name, its parameters, the seed, the sample count, the array
 * descriptions and the library version. Nothing time- or machine-dependent is recorded, and the archive's entry
 * timestamps are fixed, so the same generator, seed and sample count give the same bytes on any thread count.
 * Files are written atomically (a temporary file renamed over the target).
 */
public final class DatasetWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetWriter() {}

    /** @return the library version from the jar manifest, or {@code "development"} when run from classes */
    public static String libraryVersion() {
        String v = DatasetWriter.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    /** @return the metadata JSON for a generated set */
    public static String metadata(DatasetGenerator generator, int n, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generator", generator.name());
        m.put("library", "neuralop4j");
        m.put("version", libraryVersion());
        m.put("seed", seed);
        m.put("samples", n);
        m.put("parameters", generator.parameters());
        m.put("arrays", generator.arrays());
        m.put("sample_stream", "xoroshiro128++ seeded from SplitMix64(seed, sample index); sample i does not depend on N or threads");
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode metadata", e);
        }
    }

    /**
     * Generates {@code n} samples and writes them to {@code file}.
     * @param compress deflate the entries ({@code numpy.savez_compressed}) or store them ({@code numpy.savez})
     * @return the generated arrays
     */
    public static Map<String, Tensor> generateAndWrite(Path file, DatasetGenerator generator, int n, long seed,
                                                       boolean compress, ProgressListener progress) throws IOException {
        if (file == null) throw new IllegalArgumentException("output file must not be null");
        Map<String, Tensor> arrays = generator.generate(n, seed, progress);
        write(file, arrays, metadata(generator, n, seed), compress);
        return arrays;
    }

    /** Writes {@code arrays} as float64 entries plus the {@code meta} JSON string. */
    public static void write(Path file, Map<String, Tensor> arrays, String metaJson, boolean compress) throws IOException {
        Map<String, NpyArray> entries = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) entries.put(e.getKey(), NpyArray.of(e.getValue()));
        entries.put("meta", NpyArray.ofString(metaJson));
        Npz.write(file, entries, compress);
    }
}
