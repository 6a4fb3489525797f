package org.neuralop4j.validation.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.neuralop4j.core.FormatException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.io.NpyArray;
import org.neuralop4j.core.io.Npz;
import org.neuralop4j.core.nn.Init;

/**
 * The {@code .npz} layouts the operator commands read.
 * <ul>
 *   <li>DeepONet (DeepXDE's aligned layout): {@code v (N, m)} sensor values, {@code x (M, d)} (or {@code (M)}) query
 *       points shared by all samples, {@code y (N, M)} outputs.</li>
 *   <li>Grid fields (NKN; GNO/LNO on grid nodes): {@code x} and {@code y} as {@code (N, s1[, s2[, s3]])} or, with a
 *       channel axis, {@code (N, C, s1..)}; {@code dims} tells which. Or the {@code a} and {@code u} of a file from
 *       {@code neuralop4j generate} ({@link GeneratedLayout}).</li>
 *   <li>Point clouds (GNO/LNO): {@code points (n, d)}, {@code x (N, n[, C])}, {@code y (N, n[, C])}.</li>
 * </ul>
 */
final class OperatorData {
    private OperatorData() {}

    /** DeepONet data: inputs {@code v}, targets {@code y}, auxiliary {@code x} as {@code (M, d)}. */
    static LabeledData deepONet(Path file) throws IOException {
        Map<String, NpyArray> a = Npz.read(file);
        for (String k : new String[] {"v", "x", "y"})
            if (!a.containsKey(k)) throw new FormatException(file, "DeepONet data need arrays v (N, m), x (M, d), y (N, M); '" + k + "' is missing");
        Tensor v = numeric(file, a, "v"), x = numeric(file, a, "x"), y = numeric(file, a, "y");
        if (x.rank() == 1) x = x.reshape(x.size(), 1);
        if (v.rank() != 2 || x.rank() != 2 || y.rank() != 2 || y.dim(0) != v.dim(0) || y.dim(1) != x.dim(0))
            throw new FormatException(file, "DeepONet data need v (N, m), x (M, d), y (N, M); got v " + java.util.Arrays.toString(v.shape())
                    + ", x " + java.util.Arrays.toString(x.shape()) + ", y " + java.util.Arrays.toString(y.shape()));
        return new LabeledData(v, y, Map.of("x", x), Map.of());
    }

    /**
     * Grid fields as channels-first {@code (N, C, s..)}: arrays {@code x} and {@code y}, where {@code dims <= 0} means
     * "every axis after the first is spatial", or the {@code a} and {@code u} of a file from {@code generate}
     * ({@link GeneratedLayout}), which are channels first already.
     */
    static LabeledData grid(Path file, int dims) throws IOException {
        return grid(file, Npz.read(file), dims);
    }

    /** {@link #grid(Path, int)} on the arrays of {@code file}, already read. */
    private static LabeledData grid(Path file, Map<String, NpyArray> arrays, int dims) throws FormatException {
        boolean generated = GeneratedLayout.matches(arrays.keySet());
        String in = generated ? GeneratedLayout.INPUT : "x", out = generated ? GeneratedLayout.TARGET : "y";
        Tensor x = numeric(file, arrays, in), y = numeric(file, arrays, out);
        int spatial = generated && dims <= 0 ? x.rank() - 2 : dims;
        return new LabeledData(channelsFirst(file, in, x, spatial), channelsFirst(file, out, y, spatial), Map.of(), Map.of());
    }

    private static Tensor channelsFirst(Path file, String name, Tensor t, int dims) throws FormatException {
        int spatial = dims > 0 ? dims : t.rank() - 1;
        if (spatial < 1 || spatial > 3) throw new FormatException(file, "array '" + name + "' must have 1..3 spatial axes, shape " + java.util.Arrays.toString(t.shape()));
        if (t.rank() == spatial + 1) {
            int[] s = new int[t.rank() + 1];
            s[0] = t.dim(0);
            s[1] = 1;
            System.arraycopy(t.shape(), 1, s, 2, spatial);
            return t.reshape(s);
        }
        if (t.rank() == spatial + 2) return t;
        throw new FormatException(file, "array '" + name + "' shape " + java.util.Arrays.toString(t.shape()) + " does not fit " + spatial + " spatial axes");
    }

    /**
     * Point data packed for the GNO/LNO models: {@code (N, n, d + C_in)} inputs (coordinates first) and
     * {@code (N, n, C_out)} targets. From a point-cloud file as is; from grid fields on the grid nodes
     * {@code i / (s - 1)} in {@code [0, 1]^d}, optionally a random subset of {@code nodes} of them (seeded).
     */
    static LabeledData points(Path file, int nodes, long seed) throws IOException {
        Map<String, NpyArray> a = Npz.read(file);
        if (a.containsKey("points")) {
            Tensor p = numeric(file, a, "points");
            Tensor x = numeric(file, a, "x"), y = numeric(file, a, "y");
            int n = p.dim(0);
            if (x.rank() == 2) x = x.reshape(x.dim(0), n, 1);
            if (y.rank() == 2) y = y.reshape(y.dim(0), n, 1);
            if (p.rank() != 2 || x.rank() != 3 || y.rank() != 3 || x.dim(1) != n || y.dim(1) != n || x.dim(0) != y.dim(0))
                throw new FormatException(file, "point data need points (n, d), x (N, n[, C]), y (N, n[, C])");
            int[] keep = nodes > 0 && nodes < n ? sample(seed, n, nodes) : null;
            return pack(p, x, y, keep);
        }
        LabeledData g = grid(file, a, 0);
        int dims = g.inputs().rank() - 2;
        int[] sizes = java.util.Arrays.copyOfRange(g.inputs().shape(), 2, g.inputs().rank());
        int n = g.inputs().sizeOf(2, g.inputs().rank());
        Tensor p = Tensor.zeros(n, dims);
        for (int i = 0; i < n; i++)
            for (int k = dims - 1, r = i; k >= 0; k--) {
                p.data()[i * dims + k] = (r % sizes[k]) / (double) Math.max(1, sizes[k] - 1);
                r /= sizes[k];
            }
        int[] keep = nodes > 0 && nodes < n ? sample(seed, n, nodes) : null;
        return pack(p, toPointMajor(g.inputs()), toPointMajor(g.targets()), keep);
    }

    private static Tensor numeric(Path file, Map<String, NpyArray> a, String name) throws FormatException {
        NpyArray arr = a.get(name);
        if (arr == null) throw new FormatException(file, "array '" + name + "' is missing (arrays: " + a.keySet() + ")");
        if (!arr.dtype().isNumeric()) throw new FormatException(file, "array '" + name + "' is not numeric");
        return arr.toTensor();
    }

    private static Tensor toPointMajor(Tensor f) {
        int batch = f.dim(0), c = f.dim(1), n = f.sizeOf(2, f.rank());
        return f.reshape(batch, c, n).permute(0, 2, 1);
    }

    private static int[] sample(long seed, int n, int m) {
        return org.neuralop4j.operators.gno.GnoDarcyExperiment.sampleNodes(Init.rng(seed), n, m);
    }

    private static LabeledData pack(Tensor p, Tensor x, Tensor y, int[] keep) {
        int batch = x.dim(0), n = keep == null ? p.dim(0) : keep.length, d = p.dim(1), cx = x.dim(2), cy = y.dim(2);
        Tensor in = Tensor.zeros(batch, n, d + cx), out = Tensor.zeros(batch, n, cy);
        for (int b = 0; b < batch; b++)
            for (int k = 0; k < n; k++) {
                int i = keep == null ? k : keep[k];
                System.arraycopy(p.data(), i * d, in.data(), (b * n + k) * (d + cx), d);
                System.arraycopy(x.data(), (b * p.dim(0) + i) * cx, in.data(), (b * n + k) * (d + cx) + d, cx);
                System.arraycopy(y.data(), (b * p.dim(0) + i) * cy, out.data(), (b * n + k) * cy, cy);
            }
        return new LabeledData(in, out, Map.of("points", keep == null ? p : p.gather(keep)), Map.of());
    }
}
