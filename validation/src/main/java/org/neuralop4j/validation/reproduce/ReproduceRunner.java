package org.neuralop4j.validation.reproduce;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.ExperimentContext;
import org.neuralop4j.validation.report.ExperimentResult;
import org.neuralop4j.validation.report.Format;
import org.neuralop4j.validation.report.ReportWriter;
import org.neuralop4j.validation.report.RunMode;
import org.neuralop4j.validation.report.RunSummary;

/**
 * Runs experiments one after another, each with its own context, measuring wall time and turning an exception
 * into a failed result (the remaining experiments still run), then writes the report into the output directory.
 */
public final class ReproduceRunner {
    private ReproduceRunner() {}

    /**
     * @param experiments what to run, in order
     * @param mode        quick or full
     * @param seed        base seed for every experiment
     * @param outDir      report directory (created)
     * @param progress    progress lines (stderr on the command line)
     * @return the run's results, already written to {@code outDir}
     */
    public static RunSummary run(List<Experiment> experiments, RunMode mode, long seed, Path outDir, PrintStream progress) throws IOException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        List<ExperimentResult> results = new ArrayList<>();
        int i = 0;
        for (Experiment e : experiments) {
            i++;
            progress.println("[" + i + "/" + experiments.size() + "] " + e.name() + ": " + e.description());
            ExperimentContext ctx = new ExperimentContext(outDir, e.name(), mode, seed, progress);
            long s0 = System.nanoTime();
            ExperimentResult r;
            try {
                r = e.run(ctx);
                if (r == null) throw new IllegalStateException("experiment returned no result");
                r = r.withSeconds((System.nanoTime() - s0) * 1e-9);
            } catch (Exception | AssertionError | StackOverflowError | OutOfMemoryError ex) {
                r = ExperimentResult.failed(e.name(), e.description(), ex, (System.nanoTime() - s0) * 1e-9);
            }
            progress.println("[" + i + "/" + experiments.size() + "] " + e.name() + ": " + (r.passed() ? "pass" : "FAIL")
                    + " (" + Format.seconds(r.seconds()) + ")");
            results.add(r);
        }
        RunSummary summary = new RunSummary(mode, seed, started, (System.nanoTime() - t0) * 1e-9, Parallel.threads(), results);
        ReportWriter.write(outDir, summary);
        return summary;
    }
}
