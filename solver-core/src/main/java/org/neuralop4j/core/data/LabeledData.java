package org.neuralop4j.core.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neuralop4j.core.FormatException;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.io.NpyArray;
import org.neuralop4j.core.io.Npz;

/**
 * A supervised data set: {@code inputs} and {@code targets} share their first (batch) axis, sample {@code i} being
 * {@code (inputs[i], targets[i])}. Fields are channels-first, {@code (N, C, x[, y[, z]])}, when they come from the
 * loaders in {@link PublicData}; {@link #load} keeps whatever layout the file has.
 *
 * @param inputs    model inputs, shape {@code (N, ...)}
 * @param targets   labels, shape {@code (N, ...)}
 * @param auxiliary other numeric arrays of the file that are not per-sample (grids, sensor locations, constants)
 * @param info      string metadata (e.g. a JSON description of how the data were made)
 */
public record LabeledData(Tensor inputs, Tensor targets, Map<String, Tensor> auxiliary, Map<String, String> info) {

    /** Checks that inputs and targets have the same number of samples; maps are copied and made read-only. */
    public LabeledData {
        if (inputs == null || targets == null) throw new IllegalArgumentException("inputs and targets must not be null");
        if (inputs.rank() < 1) throw new ShapeMismatchException("inputs", "(N, ...)", inputs.shape());
        if (targets.rank() < 1 || targets.dim(0) != inputs.dim(0))
            throw new ShapeMismatchException("targets", "(" + inputs.dim(0) + ", ...) like inputs", targets.shape());
        auxiliary = Collections.unmodifiableMap(new LinkedHashMap<>(auxiliary == null ? Map.of() : auxiliary));
        info = Collections.unmodifiableMap(new LinkedHashMap<>(info == null ? Map.of() : info));
    }

    /** Inputs and targets only. */
    public LabeledData(Tensor inputs, Tensor targets) {
        this(inputs, targets, Map.of(), Map.of());
    }

    /** @return number of samples N */
    public int size() { return inputs.dim(0); }

    /** Samples {@code [from, to)} as a new data set (copies; auxiliary and info are shared). */
    public LabeledData slice(int from, int to) {
        if (from < 0 || to > size() || from > to)
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") out of range for " + size() + " samples");
        return new LabeledData(inputs.slice(from, to), targets.slice(from, to), auxiliary, info);
    }

    /** The samples at {@code indices}, in that order (for shuffled mini-batches). */
    public LabeledData gather(int[] indices) {
        return new LabeledData(inputs.gather(indices), targets.gather(indices), auxiliary, info);
    }

    /**
     * Loads a data set from an {@code .npz} archive: arrays {@code inputName} and {@code targetName} become inputs
     * and targets (converted to float64, shapes as stored); every other numeric array goes to {@link #auxiliary()},
     * every string array with one element to {@link #info()}.
     *
     * @throws FormatException if the archive is invalid, an array is missing, a string where numbers are needed, or
     *                         the two arrays disagree on the number of samples
     */
    public static LabeledData load(Path npz, String inputName, String targetName) throws IOException {
        Map<String, NpyArray> arrays = Npz.read(npz);
        Tensor in = numeric(npz, arrays, inputName);
        Tensor out = numeric(npz, arrays, targetName);
        if (in.rank() < 1 || out.rank() < 1 || in.dim(0) != out.dim(0))
            throw new FormatException(npz, "'" + inputName + "' " + Arrays.toString(in.shape()) + " and '" + targetName + "' "
                    + Arrays.toString(out.shape()) + " must have the same number of samples along axis 0");
        Map<String, Tensor> aux = new LinkedHashMap<>();
        Map<String, String> info = new LinkedHashMap<>();
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            if (e.getKey().equals(inputName) || e.getKey().equals(targetName)) continue;
            NpyArray a = e.getValue();
            if (a.dtype().isNumeric()) aux.put(e.getKey(), a.toTensor());
            else if (a.size() == 1) info.put(e.getKey(), a.asString());
        }
        return new LabeledData(in, out, aux, info);
    }

    /**
     * Writes this data set as an {@code .npz} archive (atomically) that {@link #load} and {@code numpy.load} read:
     * inputs and targets as float64 arrays named {@code inputName}/{@code targetName}, auxiliary tensors as float64
     * arrays, info entries as 0-d unicode arrays.
     *
     * @throws IllegalArgumentException if two arrays would get the same name
     */
    public void save(Path npz, String inputName, String targetName, boolean compress) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        put(arrays, inputName, NpyArray.of(inputs));
        put(arrays, targetName, NpyArray.of(targets));
        for (Map.Entry<String, Tensor> e : auxiliary.entrySet()) put(arrays, e.getKey(), NpyArray.of(e.getValue()));
        for (Map.Entry<String, String> e : info.entrySet()) put(arrays, e.getKey(), NpyArray.ofString(e.getValue()));
        Npz.write(npz, arrays, compress);
    }

    private static void put(Map<String, NpyArray> arrays, String name, NpyArray a) {
        if (arrays.put(name, a) != null) throw new IllegalArgumentException("two arrays are named '" + name + "'");
    }

    static Tensor numeric(Path file, Map<String, NpyArray> arrays, String name) throws FormatException {
        NpyArray a = arrays.get(name);
        if (a == null) throw new FormatException(file, "no array named '" + name + "' (the archive has " + arrays.keySet() + ")");
        if (!a.dtype().isNumeric()) throw new FormatException(file, "array '" + name + "' is " + a.descr() + ", expected numbers");
        return a.toTensor();
    }
}
