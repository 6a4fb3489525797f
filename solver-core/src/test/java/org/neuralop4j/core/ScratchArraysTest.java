package org.neuralop4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The recycling contract: same-length reuse, newest first, short arrays and double gives, the bound, poisoning. */
class ScratchArraysTest {
    @AfterEach
    void reset() {
        ScratchArrays.poisonTakenArrays(false);
        ScratchArrays.clear();
    }

    @Test
    void givesBackTheNewestArrayOfTheRequestedLengthAndAllocatesOtherwise() {
        ScratchArrays.clear();
        int n = ScratchArrays.MIN_LENGTH;
        double[] a = ScratchArrays.take(n), b = ScratchArrays.take(n), c = ScratchArrays.take(n + 1);
        assertEquals(n, a.length);
        assertEquals(n + 1, c.length);
        ScratchArrays.give(a);
        ScratchArrays.give(c);
        ScratchArrays.give(b);
        assertSame(b, ScratchArrays.take(n), "newest of the length first");
        assertSame(a, ScratchArrays.take(n));
        assertNotSame(a, ScratchArrays.take(n), "none left: a new one");
        assertSame(c, ScratchArrays.take(n + 1));
        assertEquals(0, ScratchArrays.held());
    }

    @Test
    void ignoresShortArraysAndNullAndRejectsAnArrayGivenTwice() {
        ScratchArrays.clear();
        double[] small = new double[ScratchArrays.MIN_LENGTH - 1];
        ScratchArrays.give(small);
        ScratchArrays.give(null);
        assertEquals(0, ScratchArrays.held());
        assertNotSame(small, ScratchArrays.take(small.length));
        double[] a = new double[ScratchArrays.MIN_LENGTH];
        ScratchArrays.give(a);
        assertThrows(IllegalStateException.class, () -> ScratchArrays.give(a));
        assertThrows(IllegalArgumentException.class, () -> ScratchArrays.take(-1));
        assertEquals(0, ScratchArrays.take(0).length);
    }

    @Test
    void holdsAtMostTheBoundDroppingTheOldest() {
        ScratchArrays.clear();
        double[][] given = new double[ScratchArrays.MAX_HELD + 2][];
        for (int i = 0; i < given.length; i++) {
            given[i] = new double[ScratchArrays.MIN_LENGTH + i];
            ScratchArrays.give(given[i]);
        }
        assertEquals(ScratchArrays.MAX_HELD, ScratchArrays.held());
        assertNotSame(given[0], ScratchArrays.take(given[0].length), "the oldest was dropped");
        assertSame(given[given.length - 1], ScratchArrays.take(given[given.length - 1].length));
    }

    @Test
    void poisoningFillsTakenArraysWithNaNRecycledOrNew() {
        ScratchArrays.clear();
        ScratchArrays.poisonTakenArrays(true);
        double[] a = new double[ScratchArrays.MIN_LENGTH];
        ScratchArrays.give(a);
        for (double v : ScratchArrays.take(a.length)) assertTrue(Double.isNaN(v));
        for (double v : ScratchArrays.take(3)) assertTrue(Double.isNaN(v));
    }
}
