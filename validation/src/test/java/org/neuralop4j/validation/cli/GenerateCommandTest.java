package org.neuralop4j.validation.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.io.NpyArray;
import org.neuralop4j.core.io.Npz;

class GenerateCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesEachProblem() throws Exception {
        String[][] cases = {
            {"burgers", "--n", "2", "--resolution", "16", "--solver-points", "64", "--dt", "0.01"},
            {"darcy", "--n", "2", "--resolution", "9", "--solver-resolution", "17"},
            {"navier-stokes", "--n", "1", "--resolution", "8", "--solver-resolution", "16", "--time", "0.1", "--records", "2", "--dt", "0.01"},
            {"antiderivative", "--n", "3", "--resolution", "10", "--grid-points", "100", "--unaligned"}};
        int[][] shapes = {{2, 1, 16}, {2, 1, 9, 9}, {1, 1, 8, 8, 2}, {3, 10}};
        String[] target = {"u", "u", "u", "y"};
        for (int c = 0; c < cases.length; c++) {
            Path f = dir.resolve(cases[c][0] + ".npz");
            String[] args = new String[cases[c].length + 4];
            args[0] = "generate";
            System.arraycopy(cases[c], 0, args, 1, cases[c].length);
            args[args.length - 3] = "--out";
            args[args.length - 2] = f.toString();
            args[args.length - 1] = "--quiet";
            CliRun r = CliRun.of(args);
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("wrote"), r.out());
            Map<String, NpyArray> arrays = Npz.read(f);
            assertArrayEquals(shapes[c], arrays.get(target[c]).shape(), cases[c][0]);
            assertTrue(arrays.get("meta").asString().contains("\"generator\" : \"" + cases[c][0] + "\""));
        }
    }

    @Test
    void badParametersGiveAClearErrorAndNoFile() {
        Path f = dir.resolve("bad.npz");
        String[][] bad = {
            {"generate", "burgers", "--nu", "-0.1", "--out", f.toString()},
            {"generate", "burgers", "--resolution", "1000", "--out", f.toString()},
            {"generate", "burgers", "--nu", "1e-4", "--dt", "0.5", "--out", f.toString()},
            {"generate", "darcy", "--resolution", "85", "--solver-resolution", "100", "--out", f.toString()},
            {"generate", "navier-stokes", "--dt", "0.5", "--resolution", "16", "--out", f.toString()},
            {"generate", "antiderivative", "--n", "0", "--out", f.toString()}};
        String[] expect = {"viscosity", "multiple", "unstable", "(S-1)", "dt", "--n"};
        for (int i = 0; i < bad.length; i++) {
            CliRun r = CliRun.of(bad[i]);
            assertEquals(2, r.code(), String.join(" ", bad[i]));
            assertTrue(r.err().contains(expect[i]), r.err());
            assertFalse(Files.exists(f));
        }
    }
}
