package org.neuralop4j.validation.bounds;

import java.util.function.Supplier;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.Tensor;

/**
 * Bit-for-bit determinism: runs a computation twice with the current thread count, then once with
 * {@code Parallel.setThreads(1)} and once with {@code N} threads, and compares the results exactly (shape and every
 * bit of every double, NaN payloads included). The previous thread count is restored afterwards, also on failure.
 */
public final class DeterminismCheck {
    /** Outcome: which comparisons were bit-identical and the largest absolute difference seen. */
    public static final class Result {
        private final boolean repeatIdentical;
        private final boolean threadsIdentical;
        private final double maxAbsDiff;
        private final int threads;

        Result(boolean repeatIdentical, boolean threadsIdentical, double maxAbsDiff, int threads) {
            this.repeatIdentical = repeatIdentical;
            this.threadsIdentical = threadsIdentical;
            this.maxAbsDiff = maxAbsDiff;
            this.threads = threads;
        }

        /** @return whether two runs with the same thread count agreed bit for bit */
        public boolean repeatIdentical() { return repeatIdentical; }

        /** @return whether the 1-thread and N-thread runs agreed bit for bit */
        public boolean threadsIdentical() { return threadsIdentical; }

        /** @return both of the above */
        public boolean identical() { return repeatIdentical && threadsIdentical; }

        /** @return the largest absolute difference over all comparisons (0 when identical, infinite on shape mismatch) */
        public double maxAbsDiff() { return maxAbsDiff; }

        /** @return the N used for the multi-threaded run */
        public int threads() { return threads; }
    }

    private DeterminismCheck() {}

    /**
     * @param computation a computation that must depend only on its inputs and seeds
     * @param threads     N for the multi-threaded run (at least 2 to test anything across threads)
     */
    public static Result run(Supplier<Tensor> computation, int threads) {
        Checks.positive("threads", threads);
        int previous = Parallel.threads();
        try {
            Tensor a = computation.get();
            Tensor b = computation.get();
            Parallel.setThreads(1);
            Tensor one = computation.get();
            Parallel.setThreads(threads);
            Tensor many = computation.get();
            boolean rep = bitIdentical(a, b), thr = bitIdentical(one, many);
            double diff = Math.max(absDiff(a, b), absDiff(one, many));
            return new Result(rep, thr, diff, threads);
        } finally {
            Parallel.setThreads(previous);
        }
    }

    /** @return true when shapes agree and every element has the same bits */
    public static boolean bitIdentical(Tensor a, Tensor b) {
        if (!a.sameShape(b)) return false;
        double[] x = a.data(), y = b.data();
        for (int i = 0; i < x.length; i++) if (Double.doubleToRawLongBits(x[i]) != Double.doubleToRawLongBits(y[i])) return false;
        return true;
    }

    private static double absDiff(Tensor a, Tensor b) {
        if (!a.sameShape(b)) return Double.POSITIVE_INFINITY;
        double m = 0;
        double[] x = a.data(), y = b.data();
        for (int i = 0; i < x.length; i++) {
            if (Double.doubleToRawLongBits(x[i]) == Double.doubleToRawLongBits(y[i])) continue;
            double d = Math.abs(x[i] - y[i]);
            m = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(m, d); // NaN against a number: unbounded
        }
        return m;
    }
}
