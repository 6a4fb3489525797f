package org.neuralop4j.core;

import java.util.Arrays;

/** Argument checks used at API boundaries; every failure names the argument and the offending value. */
public final class Checks {
    private Checks() {}

    /** Fails unless {@code value > 0}. */
    public static int positive(String name, int value) {
        if (value <= 0) throw new IllegalArgumentException(name + " must be positive, got " + value);
        return value;
    }

    /** Fails unless {@code value > 0} and finite. */
    public static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value))
            throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
        return value;
    }

    /** Fails unless {@code value >= 0} and finite. */
    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value))
            throw new IllegalArgumentException(name + " must be non-negative and finite, got " + value);
        return value;
    }

    /** Fails unless {@code value} is finite. */
    public static double finite(String name, double value) {
        if (!Double.isFinite(value)) throw new IllegalArgumentException(name + " must be finite, got " + value);
        return value;
    }

    /** Fails unless {@code lo <= value <= hi}. */
    public static double inRange(String name, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi))
            throw new IllegalArgumentException(name + " must lie in [" + lo + ", " + hi + "], got " + value);
        return value;
    }

    /** Fails unless {@code lo <= value <= hi}. */
    public static int inRange(String name, int value, int lo, int hi) {
        if (value < lo || value > hi)
            throw new IllegalArgumentException(name + " must lie in [" + lo + ", " + hi + "], got " + value);
        return value;
    }

    /** Fails with a {@link ShapeMismatchException} unless the tensor has exactly the expected shape. */
    public static void shape(String name, Tensor t, int... expected) {
        if (!Arrays.equals(t.shape(), expected))
            throw new ShapeMismatchException(name, Arrays.toString(expected), t.shape());
    }

    /** Fails with a {@link ShapeMismatchException} unless the tensor has the expected rank. */
    public static void rank(String name, Tensor t, int rank, String description) {
        if (t.rank() != rank) throw new ShapeMismatchException(name, description, t.shape());
    }

    /** Fails unless the condition holds; for invariants on arguments. */
    public static void argument(boolean condition, String message) {
        if (!condition) throw new IllegalArgumentException(message);
    }

    /** Fails with an {@link IllegalStateException} unless the condition holds. */
    public static void state(boolean condition, String message) {
        if (!condition) throw new IllegalStateException(message);
    }
}
