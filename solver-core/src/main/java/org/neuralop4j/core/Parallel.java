package org.neuralop4j.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The library's one thread pool. Every parallel loop in neuralop4j goes through here.
 *
 * <p>Determinism: work is cut into chunks whose boundaries depend only on the problem size and the grain the
 * caller gives, never on the number of threads; reductions combine per-chunk partial results in chunk order.
 * Results are therefore bit-identical for 1 and N threads.
 *
 * <p>Thread count, first match wins: {@link #setThreads(int)}, the system property {@code neuralop4j.threads},
 * the environment variable {@code NEURALOP4J_THREADS}, else {@link Runtime#availableProcessors()}.
 * Nested parallel loops (a loop body that itself calls {@code forRange}) run serially inside the outer task, and so
 * does a loop started while another thread's loop holds the pool.
 *
 * <p>The helper threads spin for a fraction of a millisecond after each loop before they sleep (see
 * {@link WorkerPool}), so back-to-back loops do not pay a thread wake-up each; an idle library costs no CPU.
 */
public final class Parallel {
    /** Body of a parallel loop over the half-open index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        /** Processes indices {@code from} (inclusive) to {@code to} (exclusive). */
        void run(int from, int to);
    }

    /** Body of a parallel reduction: returns the partial sum over {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeSum {
        /** @return the partial result over indices {@code from} (inclusive) to {@code to} (exclusive) */
        double sum(int from, int to);
    }

    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private static int threads = defaultThreads();
    private static WorkerPool pool;

    private Parallel() {}

    private static int defaultThreads() {
        String p = System.getProperty("neuralop4j.threads");
        if (p == null || p.isBlank()) p = System.getenv("NEURALOP4J_THREADS");
        if (p != null && !p.isBlank()) {
            try {
                int n = Integer.parseInt(p.trim());
                if (n >= 1) return n;
            } catch (NumberFormatException ignored) {
                // fall through to the machine's processor count
            }
            throw new IllegalArgumentException("neuralop4j.threads / NEURALOP4J_THREADS must be a positive integer, got '" + p + "'");
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** @return the number of threads parallel loops use */
    public static synchronized int threads() { return threads; }

    /**
     * Sets the number of threads for all later parallel loops.
     * @param n at least 1
     */
    public static synchronized void setThreads(int n) {
        Checks.positive("threads", n);
        if (n != threads) {
            if (pool != null) pool.shutdown();
            pool = null;
            threads = n;
        }
    }

    private static synchronized WorkerPool pool() {
        if (pool == null && threads > 1) {
            pool = new WorkerPool(threads - 1);
        }
        return pool;
    }

    /** @return the number of chunks {@code [0, n)} is cut into for the given grain */
    public static int chunkCount(int n, int grain) {
        Checks.positive("grain", grain);
        return n <= 0 ? 0 : (n + grain - 1) / grain;
    }

    /**
     * Runs {@code body} over {@code [0, n)} cut into chunks of {@code grain} indices (the last may be shorter).
     * Chunks may run concurrently and in any order; each index is visited exactly once.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int chunks = chunkCount(n, grain);
        if (chunks == 0) return;
        int nThreads;
        WorkerPool ex;
        synchronized (Parallel.class) {
            nThreads = threads;
            ex = (nThreads > 1 && chunks > 1 && !INSIDE.get()) ? pool() : null;
        }
        if (ex != null) {
            AtomicInteger next = new AtomicInteger();
            Runnable worker = () -> {
                boolean was = INSIDE.get();
                INSIDE.set(Boolean.TRUE);
                try {
                    for (int c; (c = next.getAndIncrement()) < chunks; ) {
                        body.run(c * grain, Math.min(n, (c + 1) * grain));
                    }
                } catch (RuntimeException | Error e) {
                    next.set(chunks); // stop handing out work
                    throw e;
                } finally {
                    INSIDE.set(was);
                }
            };
            if (ex.run(worker, Math.min(nThreads, chunks) - 1)) return;
        }
        // One thread, a nested loop, or another thread's loop holding the pool: the same chunks on this thread.
        for (int c = 0; c < chunks; c++) body.run(c * grain, Math.min(n, (c + 1) * grain));
    }

    /**
     * Deterministic parallel sum: partial sums over fixed chunks of {@code grain} indices, added in chunk order.
     * @return the sum of {@code body} over {@code [0, n)}
     */
    public static double sum(int n, int grain, RangeSum body) {
        int chunks = chunkCount(n, grain);
        double[] partial = new double[chunks];
        forRange(chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) partial[c] = body.sum(c * grain, Math.min(n, (c + 1) * grain));
        });
        double s = 0;
        for (double p : partial) s += p;
        return s;
    }

    /** Picks a grain so that {@code n} items of roughly {@code costPerItem} flops form chunks worth splitting. */
    public static int grainFor(int n, long costPerItem) {
        final long target = 1L << 15; // ~32k flops per chunk amortises a task hand-off
        long g = Math.max(1, target / Math.max(1, costPerItem));
        return (int) Math.min(Math.max(1, n), g);
    }
}
