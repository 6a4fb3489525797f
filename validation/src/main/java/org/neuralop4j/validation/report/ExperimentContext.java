package org.neuralop4j.validation.report;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an experiment may use while running: the report directory, a figure directory of its own
 * ({@code DIR/figures/<name>/}), the run mode, a base seed and a progress stream (stderr on the command line).
 */
public final class ExperimentContext {
    private final Path reportDir;
    private final String experiment;
    private final RunMode mode;
    private final long seed;
    private final PrintStream progress;

    /**
     * @param reportDir  the report directory
     * @param experiment the experiment's name (names its figure directory and prefixes progress lines)
     * @param mode       quick or full
     * @param seed       base seed
     * @param progress   where progress lines go
     */
    public ExperimentContext(Path reportDir, String experiment, RunMode mode, long seed, PrintStream progress) {
        this.reportDir = reportDir;
        this.experiment = experiment;
        this.mode = mode;
        this.seed = seed;
        this.progress = progress;
    }

    /** @return quick or full */
    public RunMode mode() { return mode; }

    /** @return true in {@link RunMode#FULL} */
    public boolean full() { return mode == RunMode.FULL; }

    /** @return the base seed */
    public long seed() { return seed; }

    /** @return the report directory */
    public Path reportDir() { return reportDir; }

    /** @return a path for a figure file {@code DIR/figures/<experiment>/<fileName>}, its directory created */
    public Path figure(String fileName) {
        Path dir = reportDir.resolve("figures").resolve(experiment);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create figure directory " + dir, e);
        }
        return dir.resolve(fileName);
    }

    /** @return {@code file} relative to the report directory with '/' separators, as reports link it */
    public String relative(Path file) {
        return reportDir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** @return the progress stream, for a training run's per-epoch lines */
    public PrintStream progressStream() { return progress; }

    /** Prints a progress line {@code [experiment] message} to the progress stream. */
    public void progress(String message) { progress.println("[" + experiment + "] " + message); }
}
