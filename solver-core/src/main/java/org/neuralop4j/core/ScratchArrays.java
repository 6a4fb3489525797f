package org.neuralop4j.core;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Recycled large {@code double[]} work arrays. Java zeroes every new array, on the allocating thread, before the
 * parallel loop that will overwrite it: for the tens of megabytes an FNO layer allocates, that is a serial pass at
 * memory speed (measured here: about 1 ms for 37 MB, 0.45 ms for 10 MB, 8-9 % of a training step in all) while the
 * other cores wait. An op that keeps an array only from its forward to its backward pass (a kept derivative, a hidden
 * layer) gives it back here when done, and the next step's op takes it instead of allocating.
 *
 * <p>The contract, on which correctness rests:
 * <ul>
 *   <li>{@link #take} returns an array of the requested length with <em>arbitrary contents</em>: the caller must write
 *       every element before it reads any;</li>
 *   <li>{@link #give} hands over an array that nothing else refers to, and the caller never touches it again.</li>
 * </ul>
 * Arrays are held through soft references, so the collector frees them before the heap runs out, and at most
 * {@link #MAX_HELD} at a time; arrays shorter than {@link #MIN_LENGTH} are not recycled (they are cheap to allocate).
 * Thread-safe.
 */
public final class ScratchArrays {
    /** Shortest array worth recycling (512 KB). */
    public static final int MIN_LENGTH = 1 << 16;
    /** Most arrays held at once; giving back more drops the oldest. */
    public static final int MAX_HELD = 16;

    private static final ArrayDeque<SoftReference<double[]>> HELD = new ArrayDeque<>();
    private static volatile boolean poison;

    private ScratchArrays() {}

    /**
     * An array of {@code length} doubles with arbitrary contents: a recycled one when one of that length is held,
     * else a new one.
     * @param length at least 0
     */
    public static double[] take(int length) {
        double[] a = recycledOrNew(length);
        if (poison) Arrays.fill(a, Double.NaN);
        return a;
    }

    private static double[] recycledOrNew(int length) {
        if (length < 0) throw new IllegalArgumentException("length must be non-negative, got " + length);
        if (length >= MIN_LENGTH) {
            synchronized (HELD) {
                for (Iterator<SoftReference<double[]>> it = HELD.descendingIterator(); it.hasNext(); ) { // newest first
                    double[] a = it.next().get();
                    if (a == null) {
                        it.remove();
                    } else if (a.length == length) {
                        it.remove();
                        return a;
                    }
                }
            }
        }
        return new double[length];
    }

    /**
     * Hands {@code array} back for a later {@link #take} of the same length. Nothing else may refer to it, and the
     * caller must not use it again. {@code null} and short arrays are ignored.
     */
    public static void give(double[] array) {
        if (array == null || array.length < MIN_LENGTH) return;
        synchronized (HELD) {
            for (SoftReference<double[]> r : HELD)
                if (r.get() == array) throw new IllegalStateException("array given back twice");
            if (HELD.size() >= MAX_HELD) HELD.removeFirst();
            HELD.addLast(new SoftReference<>(array));
        }
    }

    /**
     * When on, {@link #take} fills every array it returns (recycled or new) with NaN, so that code which reads a
     * taken array before writing all of it shows NaN in its results. For tests; off by default.
     */
    public static void poisonTakenArrays(boolean on) {
        poison = on;
    }

    /** Number of arrays held (including any the collector has just cleared). */
    static int held() {
        synchronized (HELD) {
            return HELD.size();
        }
    }

    /** Drops every held array. */
    public static void clear() {
        synchronized (HELD) {
            HELD.clear();
        }
    }
}
