package org.neuralop4j.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.io.NpyArray;
import org.neuralop4j.core.io.Npz;
import org.neuralop4j.operators.IoScaling;
import org.neuralop4j.operators.OperatorModels;
import org.neuralop4j.operators.nkn.NonlocalKernelNetwork;

class TrainEvaluateCommandTest {
    private static double number(String text, String label) {
        Matcher m = Pattern.compile(label + " ([0-9.eE+-]+)").matcher(text);
        assertTrue(m.find(), "'" + label + "' in: " + text);
        return Double.parseDouble(m.group(1));
    }

    /** Antiderivative-like aligned data: v random, y its cumulative sum / m, x the grid. */
    private static Path deepONetData(Path dir, String name, long seed, int n) throws Exception {
        int m = 12;
        Tensor v = Tensor.randn(seed, n, m), y = Tensor.zeros(n, m), x = Tensor.linspace(0, 1, m).reshape(m, 1);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < m; j++) y.set(s += v.get(i, j) / m, i, j);
        }
        Map<String, NpyArray> a = new LinkedHashMap<>();
        a.put("v", NpyArray.of(v));
        a.put("x", NpyArray.of(x));
        a.put("y", NpyArray.of(y));
        Path f = dir.resolve(name);
        Npz.write(f, a, false);
        return f;
    }

    private static Path gridData(Path dir, String name, long seed, int n) throws Exception {
        Tensor x = Tensor.randn(seed, n, 8, 8), y = x.map(Math::tanh);
        Map<String, NpyArray> a = new LinkedHashMap<>();
        a.put("x", NpyArray.of(x));
        a.put("y", NpyArray.of(y));
        Path f = dir.resolve(name);
        Npz.write(f, a, false);
        return f;
    }

    @Test
    void aMissingFileIsNamedAsMissing(@TempDir Path dir) throws Exception {
        Path data = deepONetData(dir, "train.npz", 1, 4), missing = dir.resolve("absent.npz");
        String[][] runs = {{"evaluate", "--model", dir.resolve("absent.safetensors").toString(), "--data", data.toString()},
                {"train", "deeponet", "--data", data.toString(), "--test", missing.toString(), "--out", dir.resolve("run").toString()},
                {"train", "fno", "--data", missing.toString(), "--out", dir.resolve("run").toString()}};
        String[] named = {dir.resolve("absent.safetensors").toString(), missing.toString(), missing.toString()};
        for (int i = 0; i < runs.length; i++) {
            CliRun r = CliRun.of(runs[i]);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("no such file: " + named[i]), r.err());
        }
    }

    @Test
    void deepONetTrainsAndTheSavedModelEvaluatesToTheSameError(@TempDir Path dir) throws Exception {
        Path train = deepONetData(dir, "train.npz", 1, 20), test = deepONetData(dir, "test.npz", 2, 10);
        String out = CliRun.succeed("train", "deeponet", "--data", train.toString(), "--test", test.toString(), "--iterations", "30",
                "--out", dir.resolve("dx").toString(), "--quiet");
        double trained = number(out, "test relative L2");
        String ev = CliRun.succeed("evaluate", "--model", dir.resolve("dx/model.safetensors").toString(), "--data", test.toString());
        assertEquals(trained, number(ev, "relative L2"), 1e-5 * trained);
        assertTrue(ev.startsWith("deeponet"), ev);
    }

    @Test
    void gnoNknLnoTrainEvaluateAndResume(@TempDir Path dir) throws Exception {
        Path train = gridData(dir, "train.npz", 3, 6), test = gridData(dir, "test.npz", 4, 4);
        for (String model : new String[] {"gno", "lno", "nkn"}) {
            Path out = dir.resolve(model);
            String[] extra = model.equals("nkn") ? new String[] {"--modes", "3", "--layers", "2"} : new String[] {"--nodes", "30"};
            String[] args = concat(new String[] {"train", model, "--data", train.toString(), "--test", test.toString(),
                    "--batch-size", "3", "--out", out.toString(), "--quiet"}, extra);
            double trained = number(CliRun.succeed(concat(args, new String[] {"--epochs", "1"})), "test relative L2");
            String[] evalArgs = concat(new String[] {"evaluate", "--model", out.resolve("model.safetensors").toString(), "--data", test.toString()},
                    model.equals("nkn") ? new String[0] : new String[] {"--nodes", "30", "--seed", "1"});
            String ev = CliRun.succeed(evalArgs);
            assertTrue(ev.startsWith(model), ev);
            assertEquals(trained, number(ev, "relative L2"), 1e-5 * trained, model);
            String[] resume = concat(args, new String[] {"--epochs", "2", "--resume", out.resolve("checkpoint-last.safetensors").toString()});
            CliRun.succeed(resume);
            assertTrue(Files.readString(out.resolve("metrics.csv")).lines().count() == 3, model + " resumed for a second epoch");
        }
    }

    /**
     * The grid commands standardise the input function by its training mean and standard deviation and put the
     * training targets' root mean square on the network's output by default (stored in the model, so evaluation and
     * Java callers get physical values); {@code none} turns either off, a number sets the output factor, anything
     * else is refused. Files from {@code generate} (a, u, channels first) train without options.
     */
    @Test
    void scalingIsTheTrainingStatisticsUnlessAskedOtherwise(@TempDir Path dir) throws Exception {
        Path train = gridData(dir, "train.npz", 3, 6);
        Tensor x = Npz.read(train).get("x").toTensor(), y = Npz.read(train).get("y").toTensor();
        double sum = 0, sumSq = 0, ySq = 0;
        for (double v : x.data()) sum += v;
        double mean = sum / x.size();
        for (double v : x.data()) sumSq += (v - mean) * (v - mean);
        for (double v : y.data()) ySq += v * v;
        double std = Math.sqrt(sumSq / x.size()), rms = Math.sqrt(ySq / y.size());
        String[] nkn = {"train", "nkn", "--data", train.toString(), "--modes", "3", "--layers", "2", "--epochs", "1", "--quiet"};
        String[][] cases = {{}, {"--output-scale", "none", "--input-scaling", "none"}, {"--output-scale", "0.25"}};
        IoScaling[] expected = {new IoScaling(mean, std, rms), IoScaling.NONE, new IoScaling(mean, std, 0.25)};
        for (int i = 0; i < cases.length; i++) {
            Path out = dir.resolve("scale" + i);
            String text = CliRun.succeed(concat(concat(nkn, new String[] {"--out", out.toString()}), cases[i]));
            assertTrue(text.contains("output scale"), text);
            NonlocalKernelNetwork m = OperatorModels.load(out.resolve("model.safetensors"), NonlocalKernelNetwork.class);
            IoScaling got = m.config().scaling();
            assertEquals(expected[i].inputShift(), got.inputShift(), 1e-14, String.join(" ", cases[i]));
            assertEquals(expected[i].inputScale(), got.inputScale(), 1e-14, String.join(" ", cases[i]));
            assertEquals(expected[i].outputScale(), got.outputScale(), 0.0, String.join(" ", cases[i]));
        }
        for (String[] wrong : new String[][] {{"--output-scale", "-2"}, {"--input-scaling", "minmax"}}) {
            CliRun bad = CliRun.of(concat(concat(nkn, new String[] {"--out", dir.resolve("bad").toString()}), wrong));
            assertTrue(bad.code() != 0 && bad.err().contains(wrong[0]), bad.err());
        }

        Path generated = dir.resolve("darcy.npz");
        CliRun.succeed("generate", "darcy", "--n", "4", "--resolution", "16", "--seed", "2", "--out", generated.toString());
        String text = CliRun.succeed("train", "nkn", "--data", generated.toString(), "--modes", "3", "--layers", "2", "--epochs", "1",
                "--out", dir.resolve("gen").toString(), "--quiet");
        assertTrue(text.contains("output scale"), text);
        NonlocalKernelNetwork g = OperatorModels.load(dir.resolve("gen").resolve("model.safetensors"), NonlocalKernelNetwork.class);
        assertEquals(2, g.config().dimensions(), "generate's (N, 1, 16, 16) fields are two-dimensional, channels first");
    }

    /** A GNO run whose edge tensors cannot fit in the heap is refused before any work, with what to change. */
    @Test
    void gnoRefusesARunWhoseEdgeTensorsExceedTheHeap(@TempDir Path dir) throws Exception {
        Path train = gridData(dir, "train.npz", 3, 6);
        // 64 nodes, radius 10: all 4096 pairs are edges; width 200 makes 40 000 kernel outputs per edge, about 24 GB
        CliRun r = CliRun.of("train", "gno", "--data", train.toString(), "--radius", "10", "--width", "200", "--epochs", "1",
                "--out", dir.resolve("big").toString(), "--quiet");
        assertTrue(r.code() != 0, "must be refused");
        assertTrue(r.err().contains("4,096 edges") && r.err().contains("--nodes"), r.err());
        assertTrue(!Files.exists(dir.resolve("big").resolve("model.safetensors")), "nothing trained");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
