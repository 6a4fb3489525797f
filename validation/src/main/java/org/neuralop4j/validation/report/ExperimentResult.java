package org.neuralop4j.validation.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an experiment produced: metric rows, figure paths (relative to the report directory), free-text notes,
 * the wall time and, when it threw, the error. It passes when it did not throw and every bounded row holds.
 */
public final class ExperimentResult {
    private final String name;
    private final String description;
    private final List<MetricRow> rows;
    private final List<String> figures;
    private final List<String> notes;
    private final String error;
    private final double seconds;

    private ExperimentResult(String name, String description, List<MetricRow> rows, List<String> figures, List<String> notes,
                             String error, double seconds) {
        this.name = name;
        this.description = description;
        this.rows = Collections.unmodifiableList(new ArrayList<>(rows));
        this.figures = Collections.unmodifiableList(new ArrayList<>(figures));
        this.notes = Collections.unmodifiableList(new ArrayList<>(notes));
        this.error = error;
        this.seconds = seconds;
    }

    /** Starts a result for the experiment with this name. */
    public static Builder builder(String name, String description) { return new Builder(name, description); }

    /** A result for an experiment that threw: no rows, the exception's class and message as the error. */
    public static ExperimentResult failed(String name, String description, Throwable t, double seconds) {
        String msg = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return new ExperimentResult(name, description, List.of(), List.of(), List.of(), msg, seconds);
    }

    /** @return a copy with the wall time set (the runner measures it) */
    public ExperimentResult withSeconds(double s) { return new ExperimentResult(name, description, rows, figures, notes, error, s); }

    /** @return experiment name */
    public String name() { return name; }

    /** @return one-line description */
    public String description() { return description; }

    /** @return the metric rows in order */
    public List<MetricRow> rows() { return rows; }

    /** @return figure paths relative to the report directory, with '/' separators */
    public List<String> figures() { return figures; }

    /** @return notes in order */
    public List<String> notes() { return notes; }

    /** @return the error when the experiment threw, else null */
    public String error() { return error; }

    /** @return wall time in seconds */
    public double seconds() { return seconds; }

    /** @return true when nothing threw and every bound holds */
    public boolean passed() {
        if (error != null) return false;
        for (MetricRow r : rows) if (!r.passed()) return false;
        return true;
    }

    /** @return one line per failure: {@code "name: error"} or {@code "name: metric = value violates bound"} */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        if (error != null) out.add(name + ": " + error);
        for (MetricRow r : rows)
            if (!r.passed()) out.add(name + ": " + r.metric() + " = " + Format.number(r.value()) + " violates " + r.bound());
        return out;
    }

    /** Collects rows, figures and notes. */
    public static final class Builder {
        private final String name;
        private final String description;
        private final List<MetricRow> rows = new ArrayList<>();
        private final List<String> figures = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        private Builder(String name, String description) {
            this.name = name;
            this.description = description == null ? "" : description;
        }

        /** Adds a row. */
        public Builder row(MetricRow r) {
            rows.add(r);
            return this;
        }

        /** Adds a figure path relative to the report directory (see {@link ExperimentContext#relative}). */
        public Builder figure(String relativePath) {
            figures.add(relativePath);
            return this;
        }

        /** Adds a note (a sentence for the report). */
        public Builder note(String text) {
            notes.add(text);
            return this;
        }

        /** @return the result (wall time 0 until the runner sets it) */
        public ExperimentResult build() { return new ExperimentResult(name, description, rows, figures, notes, null, 0); }
    }
}
