package org.neuralop4j.validation.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.io.NpyArray;
import org.neuralop4j.core.io.Npz;

class FnoCommandsTest {
    @TempDir
    Path dir;

    @Test
    void trainWritesModelMetricsPlotsAndEvaluateReadsTheModel() throws Exception {
        Tensor x = Tensor.randn(1, 12, 16), y = Tensor.zeros(12, 16);
        for (int i = 0; i < 12; i++)
            for (int j = 0; j < 16; j++) y.set(x.get(i, j) + 0.5 * x.get(i, (j + 1) % 16), i, j);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("x", NpyArray.of(x));
        arrays.put("y", NpyArray.of(y));
        Path data = dir.resolve("d.npz"), out = dir.resolve("run");
        Npz.write(data, arrays, false);
        String text = CliRun.succeed("train", "fno", "--data", data.toString(), "--test", data.toString(), "--width", "4", "--modes", "3",
                "--layers", "2", "--projection-width", "8", "--epochs", "2", "--batch", "6", "--out", out.toString(), "--quiet");
        assertTrue(text.contains("test relative_l2"), text);
        for (String f : new String[] {"model.safetensors", "config.json", "metrics.csv", "checkpoint-last.safetensors",
                "plots/training_curve.png", "plots/sample_0.png"})
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        JsonNode j = new ObjectMapper().readTree(CliRun.succeed("evaluate", "--model", out.toString(), "--data", data.toString(), "--json"));
        double l2 = j.get("relative_l2").asDouble();
        assertTrue(l2 > 0 && l2 < 2, "relative_l2 " + l2);
        assertEquals(12, j.get("samples").asInt());
        // --resume continues from the checkpoint to the new epoch count
        CliRun.succeed("train", "fno", "--data", data.toString(), "--width", "4", "--modes", "3", "--layers", "2", "--projection-width", "8",
                "--epochs", "3", "--batch", "6", "--out", out.toString(), "--resume", "--quiet");
        assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size(), "header + 3 epochs");
        // starting over in the same directory is refused unless asked for, and the run is left as it was
        byte[] model = Files.readAllBytes(out.resolve("model.safetensors"));
        String[] again = {"train", "fno", "--data", data.toString(), "--width", "4", "--modes", "3", "--layers", "2",
                "--projection-width", "8", "--epochs", "1", "--batch", "6", "--out", out.toString(), "--quiet"};
        CliRun refused = CliRun.of(again);
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("already holds a training run") && refused.err().contains("--overwrite"), refused.err());
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.safetensors")));
        CliRun both = CliRun.of(concat(again, new String[] {"--overwrite", "--resume"}));
        assertTrue(both.code() == 2 && both.err().contains("exclude each other"), both.err());
        // an --overwrite that fails on its input leaves the run as it was
        CliRun failed = CliRun.of(concat(again, new String[] {"--overwrite", "--modes", "3,3"}));
        assertEquals(2, failed.code(), failed.err());
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.safetensors")));
        Files.writeString(out.resolve("notes.txt"), "kept");
        CliRun.succeed(concat(again, new String[] {"--overwrite"}));
        assertEquals(2, Files.readAllLines(out.resolve("metrics.csv")).size(), "header + 1 epoch of the new run");
        // the new run had no test set: the old run's sample plots are gone, files it did not write are kept
        assertTrue(Files.notExists(out.resolve("plots/sample_0.png")), "a sample plot of the replaced run");
        assertEquals("kept", Files.readString(out.resolve("notes.txt")));
    }

    /**
     * The files {@code generate} writes (inputs 'a', targets 'u', channels first, and the grid as 'x') train and
     * evaluate without naming their arrays, exactly as with the names given; other files without 'x' and 'y' get
     * an error that says which option to use.
     */
    @Test
    void filesFromGenerateTrainAndEvaluateWithoutNamingTheirArrays() throws Exception {
        Path data = dir.resolve("burgers.npz");
        CliRun.succeed("generate", "burgers", "--n", "8", "--resolution", "64", "--seed", "5", "--out", data.toString());
        String[] model = {"--width", "4", "--modes", "3", "--layers", "2", "--projection-width", "8", "--epochs", "2", "--batch", "4", "--quiet"};
        Path auto = dir.resolve("auto"), named = dir.resolve("named");
        CliRun a = CliRun.of(concat(new String[] {"train", "fno", "--data", data.toString(), "--out", auto.toString()}, model));
        assertEquals(0, a.code(), a.err());
        assertTrue(a.err().contains("arrays 'a' -> 'u', channels first"), a.err());
        CliRun.succeed(concat(new String[] {"train", "fno", "--data", data.toString(), "--out", named.toString(),
                "--x-key", "a", "--y-key", "u", "--channels-first"}, model));
        JsonNode fromAuto = new ObjectMapper().readTree(CliRun.succeed("evaluate", "--model", auto.toString(), "--data", data.toString(), "--json"));
        JsonNode fromNamed = new ObjectMapper().readTree(CliRun.succeed("evaluate", "--model", named.toString(), "--data", data.toString(),
                "--x-key", "a", "--y-key", "u", "--channels-first", "--json"));
        assertEquals(8, fromAuto.get("samples").asInt());
        assertEquals(fromNamed.get("relative_l2").asDouble(), fromAuto.get("relative_l2").asDouble(), 0.0,
                "the same arrays, layout and seed must give the same model");

        Map<String, NpyArray> other = new LinkedHashMap<>();
        other.put("inputs", NpyArray.of(Tensor.randn(1, 4, 16)));
        other.put("targets", NpyArray.of(Tensor.randn(2, 4, 16)));
        Path odd = dir.resolve("odd.npz");
        Npz.write(odd, other, false);
        CliRun bad = CliRun.of(concat(new String[] {"train", "fno", "--data", odd.toString(), "--out", dir.resolve("odd").toString()}, model));
        assertTrue(bad.code() != 0, "a file without x/y or a/u must be refused");
        assertTrue(bad.err().contains("--x-key and --y-key") && bad.err().contains("[inputs, targets]"), bad.err());
    }

    /**
     * Navier-Stokes as {@code generate} writes it, w0 {@code (N, 1, s, s)} to w {@code (N, 1, s, s, T)}, trains a 3-D
     * FNO as it is (the paper's setup: w0 repeated along time, the trailing axis), even when T = s leaves the shapes
     * ambiguous; the same arrays under other names need {@code --missing-axes}.
     */
    @Test
    void navierStokesFromGenerateTrainsA3dFno() throws Exception {
        Path data = dir.resolve("ns.npz");
        CliRun.succeed("generate", "navier-stokes", "--n", "4", "--resolution", "8", "--solver-resolution", "16", "--time", "0.4",
                "--records", "8", "--dt", "0.05", "--out", data.toString());
        String[] model = {"--width", "4", "--modes", "2,2,2", "--layers", "1", "--projection-width", "8", "--epochs", "2", "--batch", "2", "--quiet"};
        Path run = dir.resolve("ns");
        String text = CliRun.succeed(concat(new String[] {"train", "fno", "--data", data.toString(), "--test", data.toString(),
                "--out", run.toString()}, model));
        assertTrue(text.startsWith("FNO-3D"), text);
        JsonNode j = new ObjectMapper().readTree(CliRun.succeed("evaluate", "--model", run.toString(), "--data", data.toString(), "--json"));
        assertEquals(4, j.get("samples").asInt());

        Map<String, NpyArray> renamed = new LinkedHashMap<>(Npz.read(data));
        renamed.put("x", renamed.remove("a"));
        renamed.put("y", renamed.remove("u"));
        Path plain = dir.resolve("ns-xy.npz");
        Npz.write(plain, renamed, false);
        CliRun ambiguous = CliRun.of(concat(new String[] {"train", "fno", "--data", plain.toString(), "--channels-first",
                "--out", dir.resolve("ns-xy").toString()}, model));
        assertEquals(2, ambiguous.code(), ambiguous.err());
        assertTrue(ambiguous.err().contains("--missing-axes"), ambiguous.err());
        CliRun.succeed(concat(new String[] {"train", "fno", "--data", plain.toString(), "--channels-first", "--missing-axes", "trailing",
                "--out", dir.resolve("ns-xy").toString()}, model));
        assertEquals(Files.readAllLines(run.resolve("metrics.csv")).get(2).split(",")[1],
                Files.readAllLines(dir.resolve("ns-xy/metrics.csv")).get(2).split(",")[1], "the same data and seed train the same model");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
