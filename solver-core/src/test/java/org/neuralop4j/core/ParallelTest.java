package org.neuralop4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private final int saved = Parallel.threads();

    @AfterEach
    void restore() { Parallel.setThreads(saved); }

    @Test
    void visitsEveryIndexExactlyOnce() {
        Parallel.setThreads(2);
        int n = 10_007;
        AtomicInteger[] hits = new AtomicInteger[n];
        for (int i = 0; i < n; i++) hits[i] = new AtomicInteger();
        Parallel.forRange(n, 97, (a, b) -> { for (int i = a; i < b; i++) hits[i].incrementAndGet(); });
        for (int i = 0; i < n; i++) assertEquals(1, hits[i].get(), "index " + i);
    }

    @Test
    void sumIsBitIdenticalForAnyThreadCount() {
        double[] x = Tensor.randn(5, 1_000_003).data();
        Parallel.setThreads(1);
        double one = Parallel.sum(x.length, 4096, (a, b) -> { double s = 0; for (int i = a; i < b; i++) s += x[i]; return s; });
        Parallel.setThreads(2);
        double two = Parallel.sum(x.length, 4096, (a, b) -> { double s = 0; for (int i = a; i < b; i++) s += x[i]; return s; });
        Parallel.setThreads(3);
        double three = Parallel.sum(x.length, 4096, (a, b) -> { double s = 0; for (int i = a; i < b; i++) s += x[i]; return s; });
        assertEquals(Double.doubleToRawLongBits(one), Double.doubleToRawLongBits(two));
        assertEquals(Double.doubleToRawLongBits(one), Double.doubleToRawLongBits(three));
    }

    @Test
    void nestedLoopsRunAndExceptionsPropagate() {
        Parallel.setThreads(2);
        AtomicInteger count = new AtomicInteger();
        Parallel.forRange(8, 1, (a, b) -> Parallel.forRange(10, 1, (c, d) -> count.addAndGet(d - c)));
        assertEquals(80, count.get());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Parallel.forRange(100, 1, (a, b) -> { if (a == 57) throw new IllegalStateException("boom 57"); }));
        assertEquals("boom 57", e.getMessage());
    }

    @Test
    void rejectsNonPositiveThreadCounts() {
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(10, 0, (a, b) -> { }));
    }
}
