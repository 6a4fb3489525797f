package org.neuralop4j.validation.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.ReportWriter;
import org.neuralop4j.validation.report.RunMode;
import org.neuralop4j.validation.report.RunSummary;
import org.neuralop4j.validation.report.SummaryTable;
import org.neuralop4j.validation.reproduce.ExperimentRegistry;
import org.neuralop4j.validation.reproduce.ReproduceRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neuralop4j reproduce [--quick | --full] [--out DIR] [--json] [--only NAME,...]}: runs the registered
 * experiments, writes {@code DIR/report.md}, {@code DIR/report.html} and {@code DIR/results.json}, prints a summary
 * table (stdout; stderr with {@code --json}, which prints the results JSON to stdout) and progress on stderr.
 * Exit code 0 when every bound holds, 1 when any experiment failed (each failure is named), 2 on bad usage.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Run the reproducibility experiments and write report.md, report.html and results.json.",
                "Exit code 0: all bounds hold; 1: some failed (each is named); 2: bad usage."})
public final class ReproduceCommand implements Callable<Integer> {
    static final class ModeGroup {
        @Option(names = "--quick", description = "Quick mode (default): small sizes, minutes.")
        boolean quick;

        @Option(names = "--full", description = "Full mode: the full-size runs behind published figures.")
        boolean full;
    }

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "0..1")
    ModeGroup modeGroup;

    @Option(names = "--out", paramLabel = "DIR", description = "Report directory (default: ${DEFAULT-VALUE}).", defaultValue = "reproduce-out")
    Path out;

    @Option(names = "--json", description = "Print the results JSON to stdout (the summary table goes to stderr).")
    boolean json;

    @Option(names = "--only", split = ",", paramLabel = "NAME", description = "Run only these experiments (any mode membership).")
    List<String> only = new ArrayList<>();

    @Option(names = "--seed", description = "Base seed given to every experiment (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--list", description = "List the registered experiments and exit.")
    boolean list;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Supplier<ExperimentRegistry> registry;

    /** The command over {@link ExperimentRegistry#standard()}. */
    public ReproduceCommand() { this(ExperimentRegistry::standard); }

    /** The command over another registry (tests). */
    public ReproduceCommand(Supplier<ExperimentRegistry> registry) { this.registry = registry; }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ExperimentRegistry reg = registry.get();
        RunMode mode = modeGroup != null && modeGroup.full ? RunMode.FULL : RunMode.QUICK;
        if (list) {
            for (Experiment e : reg.all()) stdout.println(e.name() + "  " + e.modes() + "  " + e.description());
            stdout.flush();
            return 0;
        }
        List<Experiment> selected = reg.select(mode, only);
        if (selected.isEmpty()) throw new IllegalArgumentException("no experiment is registered for " + mode.name().toLowerCase(java.util.Locale.ROOT) + " mode");
        PrintStream progress = new PrintStream(new WriterOutputStream(stderr), true, StandardCharsets.UTF_8);
        RunSummary run = ReproduceRunner.run(selected, mode, seed, out, progress);
        progress.flush();
        PrintWriter tableOut = json ? stderr : stdout;
        tableOut.print(SummaryTable.format(run));
        tableOut.println("report: " + out.resolve("report.html").toAbsolutePath().normalize());
        tableOut.flush();
        if (json) {
            stdout.print(ReportWriter.json(run));
            stdout.flush();
        }
        return run.passed() ? 0 : 1;
    }

    /** Bytes to a PrintWriter (progress lines go to picocli's error writer, which tests can capture). */
    private static final class WriterOutputStream extends java.io.OutputStream {
        private final PrintWriter w;
        private final java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();

        WriterOutputStream(PrintWriter w) { this.w = w; }

        @Override
        public void write(int b) {
            buf.write(b);
            if (b == '\n') flush();
        }

        @Override
        public void flush() {
            w.print(buf.toString(StandardCharsets.UTF_8));
            w.flush();
            buf.reset();
        }
    }
}
