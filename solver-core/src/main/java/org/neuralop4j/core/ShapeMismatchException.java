package org.neuralop4j.core;

import java.util.Arrays;

/**
 * An argument's shape does not match what an operation requires.
 * Carries the argument's name, the expected and the actual shape so callers (and users reading the message)
 * see exactly which input is wrong.
 */
public final class ShapeMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String argument;
    private final String expected;
    private final int[] actual;

    /**
     * @param argument name of the offending argument
     * @param expected human-readable description of the expected shape, e.g. {@code "(batch, 3, 64)"}
     * @param actual   the shape that was passed
     */
    public ShapeMismatchException(String argument, String expected, int[] actual) {
        super(argument + ": expected shape " + expected + " but got " + Arrays.toString(actual));
        this.argument = argument;
        this.expected = expected;
        this.actual = actual.clone();
    }

    /** @return name of the argument whose shape is wrong */
    public String argument() { return argument; }

    /** @return description of the expected shape */
    public String expected() { return expected; }

    /** @return the actual shape (a copy) */
    public int[] actual() { return actual.clone(); }
}
