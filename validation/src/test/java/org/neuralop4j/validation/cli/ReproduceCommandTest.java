package org.neuralop4j.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.validation.plot.Plots;
import org.neuralop4j.validation.plot.Series;
import org.neuralop4j.validation.report.Bound;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.ExperimentContext;
import org.neuralop4j.validation.report.ExperimentResult;
import org.neuralop4j.validation.report.MetricRow;
import org.neuralop4j.validation.report.ReferenceSource;
import org.neuralop4j.validation.report.RunMode;
import org.neuralop4j.validation.reproduce.ExperimentRegistry;
import picocli.CommandLine;

class ReproduceCommandTest {
    @TempDir
    Path dir;

    /** A tiny experiment with a given value against the bound value <= 1, optionally throwing, optionally full-only. */
    private static Experiment fake(String name, double value, boolean throwIt, Set<RunMode> modes) {
        return new Experiment() {
            @Override
            public String name() { return name; }

            @Override
            public String description() { return "fake " + name; }

            @Override
            public Set<RunMode> modes() { return modes; }

            @Override
            public ExperimentResult run(ExperimentContext ctx) {
                if (throwIt) throw new IllegalStateException("exploded on purpose");
                Path fig = Plots.line(ctx.figure("curve.png"), name, "x", "y", java.util.List.of(Series.indexed("y", new double[] {1, 2, 3})), false);
                return ExperimentResult.builder(name(), description())
                        .row(MetricRow.of("value", value).withReference(1, ReferenceSource.PAPER, "Doe 2020, Table 1").withBound(Bound.atMost(1)))
                        .row(MetricRow.of("informational", 42))
                        .figure(ctx.relative(fig)).note("a note").build();
            }
        };
    }

    private static final class Run {
        int code;
        String out;
        String err;
    }

    private static Run run(ExperimentRegistry reg, String... args) {
        CommandLine cl = Main.configure(new CommandLine(new ReproduceCommand(() -> reg)));
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        Run r = new Run();
        r.code = cl.execute(args);
        r.out = out.toString();
        r.err = err.toString();
        return r;
    }

    @Test
    void passingRunWritesTheThreeFilesWithTablesAndFigures() throws Exception {
        ExperimentRegistry reg = new ExperimentRegistry().add(fake("alpha", 0.5, false, EnumSet.allOf(RunMode.class)))
                .add(fake("only-full", 0.5, false, EnumSet.of(RunMode.FULL)));
        Run r = run(reg, "--out", dir.toString());
        assertEquals(0, r.code, r.out + r.err);
        assertTrue(r.out.contains("alpha") && r.out.contains("1 of 1 experiments passed"), r.out);
        assertFalse(r.out.contains("only-full"), "quick mode must skip full-only experiments");
        assertTrue(r.err.contains("[1/1] alpha"), "progress goes to stderr: " + r.err);
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("## alpha"));
        assertTrue(md.contains("| metric | value | reference | source | bound | status |"));
        assertTrue(md.contains("| value | 0.5 | 1 | paper: Doe 2020, Table 1 | <= 1 | pass |"), md);
        assertTrue(md.contains("| informational | 42 | - | - | - | - |"), md);
        assertTrue(md.contains("![figures/alpha/curve.png](figures/alpha/curve.png)"));
        assertTrue(Files.size(dir.resolve("figures/alpha/curve.png")) > 1000);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<img src=\"figures/alpha/curve.png\"") && html.contains("<td>value</td>"));
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertTrue(json.get("passed").asBoolean());
        JsonNode row = json.get("experiments").get(0).get("rows").get(0);
        assertEquals(0.5, row.get("value").asDouble());
        assertEquals("paper", row.get("reference_source").asText());
        assertEquals("at_most", row.get("bound").get("kind").asText());

        Run full = run(reg, "--full", "--out", dir.resolve("full").toString());
        assertEquals(0, full.code);
        assertTrue(full.out.contains("only-full") && full.out.contains("2 of 2"), full.out);
    }

    @Test
    void failingBoundOrExceptionGivesExitCodeOneAndNamesEachFailure() throws Exception {
        ExperimentRegistry reg = new ExperimentRegistry().add(fake("good", 0.5, false, EnumSet.allOf(RunMode.class)))
                .add(fake("too-big", 3, false, EnumSet.allOf(RunMode.class)))
                .add(fake("crashes", 0, true, EnumSet.allOf(RunMode.class)));
        Run r = run(reg, "--out", dir.toString());
        assertEquals(1, r.code);
        assertTrue(r.out.contains("FAILED too-big: value = 3 violates <= 1"), r.out);
        assertTrue(r.out.contains("FAILED crashes: IllegalStateException: exploded on purpose"), r.out);
        assertFalse(r.out.contains("FAILED good"));
        assertTrue(r.out.contains("1 of 3 experiments passed"));
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("**FAIL**") && md.contains("exploded on purpose"));
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertFalse(json.get("passed").asBoolean());
        assertEquals(2, json.get("failures").size());
    }

    @Test
    void jsonGoesToStdoutAndOnlySelectsByName() throws Exception {
        ExperimentRegistry reg = new ExperimentRegistry().add(fake("a", 0.5, false, EnumSet.allOf(RunMode.class)))
                .add(fake("b", 5, false, EnumSet.allOf(RunMode.class)));
        Run r = run(reg, "--json", "--only", "a", "--out", dir.toString());
        assertEquals(0, r.code, r.err);
        JsonNode json = new ObjectMapper().readTree(r.out);
        assertEquals(1, json.get("experiments").size());
        assertEquals("a", json.get("experiments").get(0).get("name").asText());
        assertTrue(r.err.contains("1 of 1 experiments passed"), "summary on stderr with --json");
        Run bad = run(reg, "--only", "a,nope", "--out", dir.toString());
        assertEquals(2, bad.code);
        assertTrue(bad.err.contains("nope") && bad.err.contains("registered: a, b"), bad.err);
        assertEquals(2, run(reg, "--quick", "--full").code);
    }

    @Test
    void standardExperimentsPassInQuickMode() throws Exception {
        ExperimentRegistry standard = ExperimentRegistry.standard();
        assertTrue(standard.names().containsAll(java.util.List.of("stability-search-sanity", "fft-checks", "gradient-checks", "determinism", "convergence-orders")));
        Run r = run(standard, "--only", "stability-search-sanity,fft-checks,gradient-checks,determinism,convergence-orders", "--out", dir.toString());
        assertEquals(0, r.code, r.out + r.err);
        String md = Files.readString(dir.resolve("report.md"));
        for (String n : standard.names().subList(0, 5)) assertTrue(md.contains("## " + n), n);
        assertTrue(Files.exists(dir.resolve("figures/stability-search-sanity/amplification.png")));
        assertTrue(md.contains("Tikhonov: worst-case ratio / ||Phi||".replace("|", "\\|")));
    }

    @Test
    void mainListsTheSubcommand() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--help"));
        assertTrue(out.toString().contains("reproduce"));
    }
}
