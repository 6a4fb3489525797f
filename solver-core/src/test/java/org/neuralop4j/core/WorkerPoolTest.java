package org.neuralop4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// In a separate thread, so that a helper that never wakes (run() waiting for it forever) fails the test instead of
// hanging the build.
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WorkerPoolTest {
    private final List<WorkerPool> pools = new ArrayList<>();

    /** A pool that {@link #shutDownPools} stops after the test, whatever its outcome (shutdown is idempotent). */
    private WorkerPool pool(int helpers) {
        WorkerPool pool = new WorkerPool(helpers);
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void shutDownPools() {
        for (WorkerPool pool : pools) pool.shutdown();
    }

    @Test
    void runsTheTaskOnTheCallerAndTheRequestedHelpers() {
        WorkerPool pool = pool(3);
        for (int count = 0; count <= 3; count++) {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            AtomicInteger runs = new AtomicInteger();
            assertTrue(pool.run(() -> {
                runs.incrementAndGet();
                threads.add(Thread.currentThread().getName());
            }, count));
            assertEquals(count + 1, runs.get(), "copies run for " + count + " helpers");
            assertEquals(count + 1, threads.size(), "distinct threads for " + count + " helpers");
            assertTrue(threads.contains(Thread.currentThread().getName()));
        }
        assertThrows(IllegalArgumentException.class, () -> pool.run(() -> { }, 4));
    }

    @Test
    void helpersThatHaveParkedWakeForTheNextTask() throws InterruptedException {
        WorkerPool pool = pool(1);
        for (int round = 0; round < 5; round++) {
            // Well past the spin window, so the helper (and, in the task, the caller) has parked.
            Thread.sleep(1 + WorkerPool.SPIN_NANOS / 1_000_000 * 5);
            CountDownLatch bothIn = new CountDownLatch(2);
            AtomicInteger runs = new AtomicInteger();
            assertTrue(pool.run(() -> {
                runs.incrementAndGet();
                bothIn.countDown();
                // Both copies must be running at once: a helper that never woke would fail this.
                assertTrue(awaitUpTo10s(bothIn));
            }, 1));
            assertEquals(2, runs.get());
        }
    }

    @Test
    void aHelpersFailureReachesTheCallerAfterEveryCopyHasFinished() {
        WorkerPool pool = pool(1);
        IllegalStateException boom = new IllegalStateException("helper failed");
        AtomicInteger finished = new AtomicInteger();
        String caller = Thread.currentThread().getName();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.run(() -> {
            if (!Thread.currentThread().getName().equals(caller)) throw boom;
            busyWaitMillis(20); // the caller's copy outlives the helper's failure
            finished.incrementAndGet();
        }, 1));
        assertSame(boom, thrown);
        assertEquals(1, finished.get());
        AtomicInteger runs = new AtomicInteger();
        assertTrue(pool.run(runs::incrementAndGet, 1), "the pool still works after a failure");
        assertEquals(2, runs.get());
    }

    @Test
    void aSecondDispatcherIsTurnedAwayWhileTheFirstHoldsThePool() throws InterruptedException {
        WorkerPool pool = pool(1);
        CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
        Thread first = new Thread(() -> pool.run(() -> {
            inside.countDown();
            awaitUpTo10s(release);
        }, 1));
        first.start();
        assertTrue(awaitUpTo10s(inside));
        assertFalse(pool.run(() -> { }, 1), "busy pool must refuse");
        release.countDown();
        first.join(10_000);
        assertTrue(pool.run(() -> { }, 1), "free again once the first dispatch returned");
        pool.shutdown();
        assertFalse(pool.run(() -> { }, 1), "a shut-down pool refuses");
    }

    @Test
    void aShutdownFromInsideATaskTakesEffectWhenTheDispatchEnds() {
        WorkerPool pool = pool(2);
        AtomicInteger runs = new AtomicInteger();
        Thread caller = Thread.currentThread();
        // Waiting for the dispatch in progress here would never end: the caller's own copy is that dispatch.
        assertTrue(pool.run(() -> {
            runs.incrementAndGet();
            if (Thread.currentThread() == caller) pool.shutdown();
        }, 2));
        assertEquals(3, runs.get(), "the dispatch in progress still runs every copy");
        assertFalse(pool.run(runs::incrementAndGet, 1), "refused after the shutdown");
        assertEquals(3, runs.get());
    }

    @Test
    void parallelLoopsFromManyThreadsAtOnceStillVisitEveryIndexOnce() throws InterruptedException {
        int saved = Parallel.threads();
        Parallel.setThreads(2);
        try {
            int callers = 4, n = 20_011;
            AtomicInteger[][] hits = new AtomicInteger[callers][n];
            for (AtomicInteger[] row : hits) for (int i = 0; i < n; i++) row[i] = new AtomicInteger();
            Thread[] threads = new Thread[callers];
            for (int t = 0; t < callers; t++) {
                AtomicInteger[] mine = hits[t];
                threads[t] = new Thread(() -> {
                    for (int rep = 0; rep < 50; rep++) {
                        Parallel.forRange(n, 101, (a, b) -> { for (int i = a; i < b; i++) mine[i].incrementAndGet(); });
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) t.join(60_000);
            for (int t = 0; t < callers; t++) {
                for (int i = 0; i < n; i++) assertEquals(50, hits[t][i].get(), "caller " + t + " index " + i);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /** {@code latch.await} for at most 10 s, from inside a task (which may not throw checked exceptions). */
    private static boolean awaitUpTo10s(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void busyWaitMillis(long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }
}
