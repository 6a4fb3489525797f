package org.neuralop4j.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neuralop4j.core.FormatException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.io.NpyArray;
import org.neuralop4j.core.io.Npz;

/**
 * Loaders for the small public neural-operator data sets shipped in the repository's
 * {@code data/neural-operators/} (see the README there, with their sources and licenses): neuraloperator's Darcy flow and Burgers sets
 * (Li et al., "Fourier Neural Operator for Parametric PDEs", arXiv:2010.08895) and DeepXDE's antiderivative set
 * (Lu et al., "Learning nonlinear operators via DeepONet", arXiv:1910.03193, doi:10.1038/s42256-021-00302-5).
 *
 * <p>All loaders return float64, channels-first tensors:
 * <ul>
 *   <li>Darcy: inputs {@code x} uint8 coefficient masks {@code (N,s,s)} → {@code (N,1,s,s)}, targets {@code y}
 *       float32 solutions {@code (N,s,s)} → {@code (N,1,s,s)}.</li>
 *   <li>Burgers: inputs {@code x} initial conditions {@code (N,16)} → {@code (N,1,16)}, targets {@code y}
 *       {@code (N,17,16)} [time, space] → {@code (N,1,17,16)}; auxiliary {@code visc} (viscosity, 0.01).</li>
 *   <li>Antiderivative: inputs {@code v} {@code (N,100)} (input function at 100 sensors), targets {@code y}
 *       {@code (N,100)} (its antiderivative at the same points), auxiliary {@code x} {@code (100,1)} =
 *       {@code linspace(0,1,100)}; no channel axis is added (DeepONet's branch input is a vector).</li>
 * </ul>
 *
 * <p>Where the data live: the system property {@code neuralop4j.shared} or the environment variable
 * {@code NEURALOP4J_SHARED} names a directory holding {@code data/neural-operators/}; otherwise the repository root
 * (the nearest directory at or above the working directory that holds {@code mvnw}) is found and its own copy is
 * used, so a checkout needs nothing beside it. Failing that (a copy removed from the checkout), {@code <root>/../shared}
 * and {@code <ancestor>/shared} further up are tried.
 */
public final class PublicData {
    private PublicData() {}

    /** Sub-directory of {@code shared} holding these sets. */
    public static final String SUBDIR = "data/neural-operators";

    /** @return the directory holding the public data sets, if it can be found */
    public static Optional<Path> find() {
        return sharedDirectory().map(s -> s.resolve(SUBDIR)).filter(Files::isDirectory);
    }

    /**
     * @return the directory holding the public data sets
     * @throws IllegalStateException if it cannot be found (the message says where it looked)
     */
    public static Path root() {
        return find().orElseThrow(() -> {
            List<Path> looked = candidates();
            String where = !looked.isEmpty() ? "looked in " + looked
                    : "the working directory " + Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize()
                      + " is not inside a checkout (no directory at or above it holds mvnw)";
            return new IllegalStateException("public data sets not found: run from inside a checkout (they ship in its "
                    + SUBDIR + "), or set -Dneuralop4j.shared=DIR or NEURALOP4J_SHARED=DIR to a directory holding " + SUBDIR
                    + " (" + where + ")");
        });
    }

    /** @return true when {@link #root()} would succeed */
    public static boolean isAvailable() { return find().isPresent(); }

    /** @return the nearest directory at or above the working directory that contains {@code mvnw} */
    public static Optional<Path> repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path p = dir; p != null; p = p.getParent())
            if (Files.isRegularFile(p.resolve("mvnw"))) return Optional.of(p);
        return Optional.empty();
    }

    /** @return the directory holding {@code data/neural-operators/}, located as described in the class documentation */
    public static Optional<Path> sharedDirectory() {
        for (Path c : candidates()) if (Files.isDirectory(c.resolve(SUBDIR))) return Optional.of(c);
        return Optional.empty();
    }

    private static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String explicit = System.getProperty("neuralop4j.shared");
        if (explicit == null || explicit.isBlank()) explicit = System.getenv("NEURALOP4J_SHARED");
        if (explicit != null && !explicit.isBlank()) {
            out.add(Path.of(explicit).toAbsolutePath().normalize());
            return out; // an explicit location is never second-guessed
        }
        Optional<Path> root = repositoryRoot();
        if (root.isPresent()) {
            out.add(root.get()); // the copy shipped in the checkout
            for (Path p = root.get().getParent(); p != null; p = p.getParent()) out.add(p.resolve("shared"));
        }
        return out;
    }

    // ------------------------------------------------------------------ the data sets

    /** Darcy flow on a 16×16 grid (train: 1000 samples, test: 50), channels-first. */
    public static LabeledData darcy16(Split split) throws IOException {
        return darcy(root().resolve("neuraloperator/darcy_" + split.fileTag() + "_16.npz"), 16);
    }

    /** Darcy flow test set on a 32×32 grid (50 samples; its [::2, ::2] subsampling equals the 16×16 test set). */
    public static LabeledData darcy32Test() throws IOException {
        return darcy(root().resolve("neuraloperator/darcy_test_32.npz"), 32);
    }

    /** Viscous Burgers (ν = 0.01) on 16 points, 17 time levels (train: 800 samples, test: 400), channels-first. */
    public static LabeledData burgers16(Split split) throws IOException {
        Path file = root().resolve("neuraloperator/burgers_" + split.fileTag() + "_16.npz");
        Map<String, NpyArray> a = Npz.read(file);
        Tensor x = LabeledData.numeric(file, a, "x");
        Tensor y = LabeledData.numeric(file, a, "y");
        requireShape(file, "x", x, -1, 16);
        requireShape(file, "y", y, x.dim(0), 17, 16);
        Map<String, Tensor> aux = new LinkedHashMap<>();
        if (a.containsKey("visc")) aux.put("visc", LabeledData.numeric(file, a, "visc"));
        return new LabeledData(x.reshape(x.dim(0), 1, 16), y.reshape(y.dim(0), 1, 17, 16), aux,
                Map.of("source", file.toString(), "layout", "inputs (N,1,x), targets (N,1,t,x)"));
    }

    /** DeepXDE's aligned antiderivative set (train: 150 samples, test: 1000) at 100 sensors on [0, 1]. */
    public static LabeledData antiderivative(Split split) throws IOException {
        Path file = root().resolve("deepxde/antiderivative_aligned_" + split.fileTag() + ".npz");
        Map<String, NpyArray> a = Npz.read(file);
        Tensor v = LabeledData.numeric(file, a, "v");
        Tensor x = LabeledData.numeric(file, a, "x");
        Tensor y = LabeledData.numeric(file, a, "y");
        requireShape(file, "v", v, -1, 100);
        requireShape(file, "x", x, 100, 1);
        requireShape(file, "y", y, v.dim(0), 100);
        return new LabeledData(v, y, Map.of("x", x),
                Map.of("source", file.toString(), "layout", "inputs v (N,sensors), targets y (N,points), auxiliary x (points,1)"));
    }

    private static LabeledData darcy(Path file, int s) throws IOException {
        Map<String, NpyArray> a = Npz.read(file);
        Tensor x = LabeledData.numeric(file, a, "x");
        Tensor y = LabeledData.numeric(file, a, "y");
        requireShape(file, "x", x, -1, s, s);
        requireShape(file, "y", y, x.dim(0), s, s);
        return new LabeledData(x.reshape(x.dim(0), 1, s, s), y.reshape(y.dim(0), 1, s, s), Map.of(),
                Map.of("source", file.toString(), "layout", "inputs (N,1,x,y), targets (N,1,x,y)"));
    }

    /** Fails unless {@code t} has the expected shape; {@code -1} matches any size. */
    private static void requireShape(Path file, String name, Tensor t, int... expected) throws FormatException {
        int[] s = t.shape();
        boolean ok = s.length == expected.length;
        for (int i = 0; ok && i < s.length; i++) ok = expected[i] < 0 || expected[i] == s[i];
        if (!ok)
            throw new FormatException(file, "array '" + name + "' has shape " + Arrays.toString(s) + ", expected "
                    + Arrays.toString(expected).replace("-1", "N"));
    }
}
