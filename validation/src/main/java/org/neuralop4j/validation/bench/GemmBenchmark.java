package org.neuralop4j.validation.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.linalg.Gemm;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;

/**
 * Square float64 matrix multiply {@code C = A * B} ({@code n x n}) timed for every implementation in one run:
 * our SIMD and portable GEMM backends, EJML ({@code CommonOps_DDRM.mult}, single-threaded, and
 * {@code CommonOps_MT_DDRM.mult}) and netlib-java's {@code BLAS.getInstance()} (and {@code JavaBLAS} when that is a
 * different implementation). Rate = {@code 2 n^3 / time}. All contenders are first warmed up together (JIT), then
 * at each size each contender gets one untimed call, then
 * timed calls until its time budget is spent (at least one, at most {@link #MAX_REPS}).
 *
 * <p>Every contender's result is compared with the first one; a relative difference above {@code 1e-10}
 * ({@code max|C1 - C2| / max|C1|}) aborts the run, so a fast wrong answer cannot be reported.
 */
public final class GemmBenchmark {
    /** Upper bound of timed repetitions per contender and size. */
    public static final int MAX_REPS = 25;
    private static final int WARM_UP_SIZE = 160;
    private static final long WARM_UP_NANOS = 400_000_000L;

    /** One implementation under test: computes {@code C = A * B} for square row-major matrices. */
    interface Contender {
        /** @param c output, overwritten */
        void multiply(int n, double[] a, double[] b, double[] c);
    }

    /** Measured rates of one contender at one size. */
    public static final class Rate {
        /** GFLOP/s of the fastest repetition. */
        public final double best;
        /** GFLOP/s of the median repetition. */
        public final double median;
        /** Timed repetitions. */
        public final int reps;

        Rate(double best, double median, int reps) {
            this.best = best;
            this.median = median;
            this.reps = reps;
        }
    }

    /** The outcome: {@code rates.get(n).get(name)}, in measuring order. */
    public static final class Result {
        /** Threads given to {@link Parallel} (and to EJML's concurrent multiply). */
        public final int threads;
        /** Contender name to a description of the implementation actually used. */
        public final Map<String, String> implementations;
        /** Size to contender name to rate. */
        public final Map<Integer, Map<String, Rate>> rates;

        Result(int threads, Map<String, String> implementations, Map<Integer, Map<String, Rate>> rates) {
            this.threads = threads;
            this.implementations = implementations;
            this.rates = rates;
        }
    }

    private final int[] sizes;
    private final int threads;
    private final double secondsPerMeasurement;

    /**
     * @param sizes                 matrix sizes n (each >= 1)
     * @param threads               thread count for {@link Parallel#setThreads} during the run (restored after)
     * @param secondsPerMeasurement time budget of the timed repetitions of one contender at one size
     */
    public GemmBenchmark(int[] sizes, int threads, double secondsPerMeasurement) {
        if (sizes.length == 0) throw new IllegalArgumentException("sizes must not be empty");
        for (int n : sizes)
            if (n < 1 || n > 16384) throw new IllegalArgumentException("sizes must be in 1..16384, got " + n);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (!(secondsPerMeasurement > 0)) throw new IllegalArgumentException("seconds per measurement must be > 0");
        this.sizes = sizes.clone();
        this.threads = threads;
        this.secondsPerMeasurement = secondsPerMeasurement;
    }

    private Map<String, Contender> contenders(Map<String, String> impl) {
        Map<String, Contender> list = new LinkedHashMap<>();
        if (Gemm.simdAvailable()) {
            Gemm.Engine simd = Gemm.engine(Gemm.Backend.SIMD);
            list.put("simd", (n, a, b, c) -> simd.gemm(false, false, n, n, n, 1, a, 0, n, b, 0, n, 0, c, 0, n));
            impl.put("simd", "neuralop4j Gemm SIMD (" + simd.kernelName() + ", Vector API)");
        }
        Gemm.Engine portable = Gemm.engine(Gemm.Backend.PORTABLE);
        list.put("portable", (n, a, b, c) -> portable.gemm(false, false, n, n, n, 1, a, 0, n, b, 0, n, 0, c, 0, n));
        impl.put("portable", "neuralop4j Gemm portable (" + portable.kernelName() + ")");
        list.put("ejml", (n, a, b, c) ->
                CommonOps_DDRM.mult(DMatrixRMaj.wrap(n, n, a), DMatrixRMaj.wrap(n, n, b), DMatrixRMaj.wrap(n, n, c)));
        impl.put("ejml", "EJML CommonOps_DDRM.mult (1 thread)");
        list.put("ejml-mt", (n, a, b, c) ->
                CommonOps_MT_DDRM.mult(DMatrixRMaj.wrap(n, n, a), DMatrixRMaj.wrap(n, n, b), DMatrixRMaj.wrap(n, n, c)));
        impl.put("ejml-mt", "EJML CommonOps_MT_DDRM.mult (" + threads + " threads)");
        BLAS blas = BLAS.getInstance();
        // Row-major C = A B is column-major C^T = B^T A^T: swap the operands, keep "N", "N".
        list.put("netlib", (n, a, b, c) -> blas.dgemm("N", "N", n, n, n, 1, b, n, a, n, 0, c, n));
        impl.put("netlib", "netlib-java BLAS.getInstance() = " + blas.getClass().getName()
                + (blas.getClass().getName().contains("JNI") ? " (native system BLAS, its own threads)" : ""));
        BLAS javaBlas = JavaBLAS.getInstance();
        if (javaBlas.getClass() != blas.getClass()) {
            list.put("netlib-java", (n, a, b, c) -> javaBlas.dgemm("N", "N", n, n, n, 1, b, n, a, n, 0, c, n));
            impl.put("netlib-java", "netlib-java JavaBLAS.getInstance() = " + javaBlas.getClass().getName());
        }
        return list;
    }

    /** Runs every contender at every size; restores the previous thread settings afterwards. */
    public Result run() {
        int previousThreads = Parallel.threads();
        int previousEjml = EjmlConcurrency.getMaxThreads();
        Map<String, String> impl = new LinkedHashMap<>();
        Map<Integer, Map<String, Rate>> rates = new LinkedHashMap<>();
        try {
            Parallel.setThreads(threads);
            EjmlConcurrency.setMaxThreads(threads);
            Map<String, Contender> contenders = contenders(impl);
            warmUp(contenders);
            for (int n : sizes) {
                UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(1234L + n);
                double[] a = random(rng, n * n), b = random(rng, n * n);
                double[] first = null;
                Map<String, Rate> row = new LinkedHashMap<>();
                for (Map.Entry<String, Contender> e : contenders.entrySet()) {
                    double[] c = new double[n * n];
                    row.put(e.getKey(), time(e.getValue(), n, a, b, c));
                    if (first == null) first = c;
                    else checkAgreement(e.getKey(), n, first, c);
                }
                rates.put(n, row);
            }
        } finally {
            Parallel.setThreads(previousThreads);
            EjmlConcurrency.setMaxThreads(previousEjml);
        }
        return new Result(threads, impl, rates);
    }

    /** Lets the JIT compile every contender's hot loops before anything is timed (0.4 s each, less for tiny budgets). */
    private void warmUp(Map<String, Contender> contenders) {
        long budget = Math.min(WARM_UP_NANOS, (long) (10e9 * secondsPerMeasurement));
        int n = WARM_UP_SIZE;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(99);
        double[] a = random(rng, n * n), b = random(rng, n * n), c = new double[n * n];
        for (Contender f : contenders.values()) {
            long start = System.nanoTime();
            for (int calls = 0; calls < 5 || System.nanoTime() - start < budget; calls++) f.multiply(n, a, b, c);
        }
    }

    private Rate time(Contender f, int n, double[] a, double[] b, double[] c) {
        double flops = 2.0 * n * n * n;
        long warmStart = System.nanoTime();
        f.multiply(n, a, b, c);
        double warm = (System.nanoTime() - warmStart) * 1e-9;
        List<Double> seconds = new ArrayList<>();
        // A warm-up call that alone exceeds the budget counts as the measurement (the code is already compiled
        // from the smaller sizes); this keeps slow contenders at large n from dominating the run time.
        if (warm > secondsPerMeasurement) seconds.add(warm);
        long start = System.nanoTime();
        while (seconds.isEmpty() || (seconds.size() < MAX_REPS
                && (System.nanoTime() - start) * 1e-9 + seconds.get(seconds.size() - 1) <= secondsPerMeasurement)) {
            long t = System.nanoTime();
            f.multiply(n, a, b, c);
            seconds.add((System.nanoTime() - t) * 1e-9);
        }
        double[] s = new double[seconds.size()];
        for (int i = 0; i < s.length; i++) s[i] = seconds.get(i);
        Arrays.sort(s);
        return new Rate(flops / s[0] / 1e9, flops / s[s.length / 2] / 1e9, s.length);
    }

    private static void checkAgreement(String name, int n, double[] reference, double[] c) {
        double diff = 0, scale = 0;
        for (int i = 0; i < reference.length; i++) {
            diff = Math.max(diff, Math.abs(reference[i] - c[i]));
            scale = Math.max(scale, Math.abs(reference[i]));
        }
        if (!(diff <= 1e-10 * scale))
            throw new IllegalStateException(name + " disagrees with the first contender at n=" + n
                    + ": relative difference " + diff / scale);
    }

    private static double[] random(UniformRandomProvider rng, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = 2 * rng.nextDouble() - 1;
        return x;
    }

    /** @return the sizes measured, in order */
    public int[] sizes() {
        return Arrays.copyOf(sizes, sizes.length);
    }
}
