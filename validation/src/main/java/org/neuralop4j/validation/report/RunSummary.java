package org.neuralop4j.validation.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** All results of one reproduction run plus the facts needed to rerun it (mode, seed, threads, Java version). */
public final class RunSummary {
    private final RunMode mode;
    private final long seed;
    private final Instant started;
    private final double seconds;
    private final int threads;
    private final List<ExperimentResult> results;

    /**
     * @param mode    quick or full
     * @param seed    base seed given to every experiment
     * @param started wall-clock start
     * @param seconds total wall time
     * @param threads thread count of the parallel pool
     * @param results results in run order
     */
    public RunSummary(RunMode mode, long seed, Instant started, double seconds, int threads, List<ExperimentResult> results) {
        this.mode = mode;
        this.seed = seed;
        this.started = started;
        this.seconds = seconds;
        this.threads = threads;
        this.results = Collections.unmodifiableList(new ArrayList<>(results));
    }

    /** @return the run mode */
    public RunMode mode() { return mode; }

    /** @return the base seed */
    public long seed() { return seed; }

    /** @return when the run started */
    public Instant started() { return started; }

    /** @return total wall time in seconds */
    public double seconds() { return seconds; }

    /** @return thread count used */
    public int threads() { return threads; }

    /** @return the results in run order */
    public List<ExperimentResult> results() { return results; }

    /** @return true when every experiment passed */
    public boolean passed() {
        for (ExperimentResult r : results) if (!r.passed()) return false;
        return true;
    }

    /** @return every failure line of every experiment */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        for (ExperimentResult r : results) out.addAll(r.failures());
        return out;
    }
}
