package org.neuralop4j.validation.report;

import java.util.Objects;

/**
 * One measured number of an experiment: our value, an optional reference value with its source, and an optional
 * bound that decides pass/fail. Immutable; build with {@link #of} and the {@code with...} methods.
 */
public final class MetricRow {
    private final String metric;
    private final double value;
    private final double reference;
    private final ReferenceSource source;
    private final String sourceNote;
    private final Bound bound;

    private MetricRow(String metric, double value, double reference, ReferenceSource source, String sourceNote, Bound bound) {
        this.metric = metric;
        this.value = value;
        this.reference = reference;
        this.source = source;
        this.sourceNote = sourceNote;
        this.bound = bound;
    }

    /** A row with a value only (no reference, no bound). */
    public static MetricRow of(String metric, double value) {
        if (metric == null || metric.isBlank()) throw new IllegalArgumentException("metric name must not be blank");
        return new MetricRow(metric, value, Double.NaN, ReferenceSource.NONE, "", null);
    }

    /**
     * @param ref    reference value (NaN when the source gives no single number)
     * @param src    where it comes from
     * @param note   citation or explanation (e.g. "Li et al. 2021, arXiv:2010.08895, Table 1"), may be empty
     * @return a copy with the reference
     */
    public MetricRow withReference(double ref, ReferenceSource src, String note) {
        return new MetricRow(metric, value, ref, Objects.requireNonNull(src, "source"), note == null ? "" : note, bound);
    }

    /** @return a copy with the pass/fail bound */
    public MetricRow withBound(Bound b) { return new MetricRow(metric, value, reference, source, sourceNote, Objects.requireNonNull(b, "bound")); }

    /** @return the metric name */
    public String metric() { return metric; }

    /** @return our value */
    public double value() { return value; }

    /** @return the reference value, NaN when none */
    public double reference() { return reference; }

    /** @return the reference's source */
    public ReferenceSource source() { return source; }

    /** @return citation or explanation of the reference, possibly empty */
    public String sourceNote() { return sourceNote; }

    /** @return the bound, or null when the row is informational */
    public Bound bound() { return bound; }

    /** @return true when there is no bound or the value satisfies it */
    public boolean passed() { return bound == null || bound.holds(value); }

    /** @return "pass", "FAIL" or "-" (no bound) */
    public String status() { return bound == null ? "-" : passed() ? "pass" : "FAIL"; }
}
