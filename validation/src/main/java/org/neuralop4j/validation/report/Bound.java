package org.neuralop4j.validation.report;

import org.neuralop4j.core.Checks;

/** A pass/fail bound on a metric: {@code value <= b}, {@code value >= b}, or {@code lo <= value <= hi}. NaN never passes. */
public final class Bound {
    /** The kind of comparison. */
    public enum Kind {
        /** {@code value <= upper}. */
        AT_MOST,
        /** {@code value >= lower}. */
        AT_LEAST,
        /** {@code lower <= value <= upper}. */
        BETWEEN
    }

    private final Kind kind;
    private final double lower;
    private final double upper;

    private Bound(Kind kind, double lower, double upper) {
        this.kind = kind;
        this.lower = lower;
        this.upper = upper;
    }

    /** {@code value <= upper}. */
    public static Bound atMost(double upper) { return new Bound(Kind.AT_MOST, Double.NEGATIVE_INFINITY, Checks.finite("upper", upper)); }

    /** {@code value >= lower}. */
    public static Bound atLeast(double lower) { return new Bound(Kind.AT_LEAST, Checks.finite("lower", lower), Double.POSITIVE_INFINITY); }

    /** {@code lower <= value <= upper}. */
    public static Bound between(double lower, double upper) {
        Checks.argument(Checks.finite("lower", lower) <= Checks.finite("upper", upper), "bound needs lower <= upper, got [" + lower + ", " + upper + "]");
        return new Bound(Kind.BETWEEN, lower, upper);
    }

    /** @return whether {@code value} satisfies the bound (false for NaN) */
    public boolean holds(double value) { return value >= lower && value <= upper; }

    /** @return the kind */
    public Kind kind() { return kind; }

    /** @return the lower limit (negative infinity for AT_MOST) */
    public double lower() { return lower; }

    /** @return the upper limit (positive infinity for AT_LEAST) */
    public double upper() { return upper; }

    /** @return e.g. {@code "<= 1e-12"}, {@code ">= 0.95"}, {@code "in [1.95, 2.05]"} */
    @Override
    public String toString() {
        switch (kind) {
            case AT_MOST: return "<= " + Format.number(upper);
            case AT_LEAST: return ">= " + Format.number(lower);
            default: return "in [" + Format.number(lower) + ", " + Format.number(upper) + "]";
        }
    }
}
