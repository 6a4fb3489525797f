package org.neuralop4j.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.operators.fno.FnoConfig;
import org.neuralop4j.operators.gno.GnoConfig;
import org.neuralop4j.operators.gno.GnoFnoComparison;
import picocli.CommandLine;

class GnoDarcyCommandTest {
    private static final String[] TINY = {"bench", "gno-darcy", "--train", "4", "--test-samples", "2", "--resolution", "9",
            "--epochs", "1", "--batch-size", "2", "--width", "4", "--kernel-width", "8", "--depth", "2", "--fno-width", "4", "--fno-layers", "1"};

    private static String[] run(String... extra) {
        String[] args = new String[TINY.length + extra.length];
        System.arraycopy(TINY, 0, args, 0, TINY.length);
        System.arraycopy(extra, 0, args, TINY.length, extra.length);
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void printsBothErrorsAndTheirRatioAndExitsOneOnlyWhenTheRatioExceedsTheBound() {
        String[] loose = run("--nodes", "20", "--fno-modes", "2", "--max-ratio", "1e9");
        assertEquals("0", loose[0], loose[1] + loose[2]);
        Matcher gno = Pattern.compile("all 81 nodes ([0-9.]+), training").matcher(loose[1]);
        Matcher fno = Pattern.compile("fno .*all 81 nodes ([0-9.]+), training").matcher(loose[1]);
        Matcher ratio = Pattern.compile("gno / fno: [0-9.]+ on 20 nodes, ([0-9.]+) on all nodes").matcher(loose[1]);
        assertTrue(gno.find() && fno.find() && ratio.find(), loose[1]);
        assertEquals(Double.parseDouble(gno.group(1)) / Double.parseDouble(fno.group(1)), Double.parseDouble(ratio.group(1)), 0.01, loose[1]);
        assertTrue(loose[1].contains("on 40 nodes"), "the 2m-node error is printed: " + loose[1]);
        assertTrue(loose[1].contains("within the bound"), loose[1]);

        String[] tight = run("--nodes", "20", "--fno-modes", "2", "--max-ratio", "1e-9");
        assertEquals("1", tight[0], tight[1] + tight[2]);
        assertTrue(tight[1].contains("exceeds the bound"), tight[1]);
    }

    /** The command's defaults are the library's default comparison, which reproduce --full runs as gno-darcy. */
    @Test
    void theDefaultsAreTheLibrarysDefaultComparison() {
        OperatorStudyCommands.GnoDarcy c = new OperatorStudyCommands.GnoDarcy();
        new CommandLine(c).parseArgs();
        GnoConfig g = GnoFnoComparison.defaultGno(c.seed);
        assertEquals(new GnoConfig(2, 1, 1, c.width, c.kernelWidth, c.depth, c.radius, 32, Activation.RELU, c.seed, c.kernelForm,
                c.edgeDistance), g);
        assertEquals(GnoFnoComparison.defaultBudget(c.seed), new GnoFnoComparison.Budget(c.m, c.epochs, c.batchSize, c.lr, c.seed + 6,
                c.samplings));
        FnoConfig f = GnoFnoComparison.defaultFno();
        assertEquals(f.toJson(), FnoConfig.builder().width(c.fnoWidth).modes(c.modes, c.modes).layers(c.fnoLayers).build().toJson());
        assertEquals(GnoFnoComparison.DEFAULT_TRAIN, c.ntrain);
        assertEquals(GnoFnoComparison.DEFAULT_TEST, c.ntest);
        assertEquals(GnoFnoComparison.DEFAULT_RESOLUTION, c.resolution);
        assertEquals(2.0, c.maxRatio);
    }

    /** The generated default and files written by 'generate darcy' with seeds 1 and 2 are the same fields. */
    @Test
    void filesFromGenerateDarcyGiveTheSameErrorsAsTheBuiltInFields(@TempDir Path dir) {
        String tr = dir.resolve("train.npz").toString(), te = dir.resolve("test.npz").toString();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        assertEquals(0, cl.execute("generate", "darcy", "--n", "6", "--resolution", "9", "--seed", "1", "--out", tr, "-q"));
        assertEquals(0, Main.commandLine().execute("generate", "darcy", "--n", "2", "--resolution", "9", "--seed", "2", "--out", te, "-q"));
        String[] built = run("--nodes", "20", "--fno-modes", "2", "--max-ratio", "1e9");
        String[] files = run("--nodes", "20", "--fno-modes", "2", "--max-ratio", "1e9", "--data", tr, "--test", te);
        assertEquals("0", files[0], files[1] + files[2]);
        assertTrue(errorsOnly(built[1]).contains("fno ("), built[1]);
        assertEquals(errorsOnly(built[1]), errorsOnly(files[1]));
    }

    private static String errorsOnly(String out) {
        StringBuilder sb = new StringBuilder();
        for (String line : out.split("\n"))
            if (line.startsWith("gno") || line.startsWith("fno")) sb.append(line.replaceAll("training [0-9.]+ s", "")).append('\n');
        return sb.toString();
    }

    @Test
    void rejectsMoreNodesOrModesThanTheGridHas() {
        String[] r = run("--nodes", "82", "--fno-modes", "2");
        assertTrue(!"0".equals(r[0]) && r[2].contains("--nodes 82 exceeds the 81 grid nodes"), r[1] + r[2]);
        String[] modes = run("--nodes", "20", "--fno-modes", "5");
        assertTrue(!"0".equals(modes[0]) && modes[2].contains("--fno-modes 5 needs at least 10 points per axis; the grid has 9"), modes[1] + modes[2]);
    }
}
