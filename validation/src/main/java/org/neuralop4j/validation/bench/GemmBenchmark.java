package org.neuralop4j.validation.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
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
 * Float64 matrix multiply timed for every implementation in one run: our SIMD and portable GEMM backends, EJML
 * ({@code CommonOps_DDRM.mult}, single-threaded, and {@code CommonOps_MT_DDRM.mult}) and netlib-java's
 * {@code BLAS.getInstance()} (and {@code JavaBLAS.getInstance()} when that is a different implementation).
 *
 * <p>Cases: square {@code C = A * B} of each requested size n, and optionally one batched case
 * {@code C_i = W * X_i} (one shared {@code m x k} weight, {@code batch} inputs {@code k x n}; the channel-mixing
 * shape of a neural operator layer). Rate = {@code 2 * batch * m * n * k / time}. All contenders are first warmed
 * up (JIT), then for each case each contender gets one untimed call and timed calls until its time budget is
 * spent (at least one, at most {@link #MAX_REPS}).
 *
 * <p>Every contender's result is compared with the first one; a relative difference above {@code 1e-10}
 * ({@code max|C1 - C2| / max|C1|}) aborts the run, so a fast wrong answer cannot be reported.
 */
public final class GemmBenchmark {
    /** Upper bound of timed repetitions per contender and case. */
    public static final int MAX_REPS = 25;
    private static final long WARM_UP_NANOS = 400_000_000L;
    private static final int MAX_WARM_UP_SECONDS = 10;

    /** One product to time: {@code batch} items {@code C_i (m x n) = A_i (m x k) * B_i (k x n)}, row-major. */
    public static final class Shape {
        /** Items, rows of C, columns of C, summation length. */
        public final int batch, m, n, k;
        /** Whether all items share one A (stride 0). */
        public final boolean sharedA;

        /** Validates and stores the shape. */
        public Shape(int batch, int m, int n, int k, boolean sharedA) {
            if (batch < 1 || m < 1 || n < 1 || k < 1)
                throw new IllegalArgumentException("benchmark shape needs positive batch, m, n, k; got batch=" + batch
                        + " m=" + m + " n=" + n + " k=" + k);
            if ((long) batch * Math.max((long) m * k, Math.max((long) k * n, (long) m * n)) > Integer.MAX_VALUE)
                throw new IllegalArgumentException("benchmark shape too large for one double[]");
            this.batch = batch;
            this.m = m;
            this.n = n;
            this.k = k;
            this.sharedA = sharedA;
        }

        /** A square single product. */
        public static Shape square(int n) {
            if (n < 1 || n > 16384) throw new IllegalArgumentException("sizes must be in 1..16384, got " + n);
            return new Shape(1, n, n, n, false);
        }

        double flops() {
            return 2.0 * batch * m * n * k;
        }

        @Override
        public String toString() {
            return batch == 1 && m == n && n == k ? String.valueOf(n) : batch + "x" + m + "x" + k + "x" + n;
        }
    }

    /** Operands of one case: items stored back to back. */
    private static final class Operands {
        final Shape s;
        final double[] a, b;
        final int strideA;

        Operands(Shape s, long seed) {
            this.s = s;
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
            strideA = s.sharedA ? 0 : s.m * s.k;
            a = random(rng, s.sharedA ? s.m * s.k : s.batch * s.m * s.k);
            b = random(rng, s.batch * s.k * s.n);
        }
    }

    /** One implementation under test. */
    private interface Contender {
        /** Prepares (outside the timing) a call that writes the product of {@code o} into {@code c}. */
        Runnable prepare(Operands o, double[] c);
    }

    /** Measured rates of one contender on one case. */
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

    /** The outcome, in measuring order. */
    public static final class Result {
        /** Threads given to {@link Parallel} (and to EJML's concurrent multiply). */
        public final int threads;
        /** Contender name to a description of the implementation actually used. */
        public final Map<String, String> implementations;
        /** Case (its {@link Shape#toString()}) to contender name to rate. */
        public final Map<String, Map<String, Rate>> rates;

        Result(int threads, Map<String, String> implementations, Map<String, Map<String, Rate>> rates) {
            this.threads = threads;
            this.implementations = implementations;
            this.rates = rates;
        }
    }

    private final List<Shape> shapes;
    private final int threads;
    private final double secondsPerMeasurement;

    /**
     * @param shapes                the cases, measured in order
     * @param threads               thread count for {@link Parallel#setThreads} during the run (restored after)
     * @param secondsPerMeasurement time budget of the timed repetitions of one contender on one case
     */
    public GemmBenchmark(List<Shape> shapes, int threads, double secondsPerMeasurement) {
        if (shapes.isEmpty()) throw new IllegalArgumentException("there must be at least one size to measure");
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (!(secondsPerMeasurement > 0)) throw new IllegalArgumentException("seconds per measurement must be > 0");
        this.shapes = List.copyOf(shapes);
        this.threads = threads;
        this.secondsPerMeasurement = secondsPerMeasurement;
    }

    private Map<String, Contender> contenders(Map<String, String> impl) {
        Map<String, Contender> list = new LinkedHashMap<>();
        if (Gemm.simdAvailable()) {
            Gemm.Engine simd = Gemm.engine(Gemm.Backend.SIMD);
            list.put("simd", ours(simd));
            impl.put("simd", "neuralop4j Gemm SIMD (" + simd.kernelName() + ", Vector API, " + threads + " threads)");
        }
        Gemm.Engine portable = Gemm.engine(Gemm.Backend.PORTABLE);
        list.put("portable", ours(portable));
        impl.put("portable", "neuralop4j Gemm portable (" + portable.kernelName() + ", " + threads + " threads)");
        list.put("ejml", ejml(false));
        impl.put("ejml", "EJML CommonOps_DDRM.mult (1 thread)");
        list.put("ejml-mt", ejml(true));
        impl.put("ejml-mt", "EJML CommonOps_MT_DDRM.mult (" + threads + " threads)");
        BLAS blas = BLAS.getInstance();
        list.put("netlib", netlib(blas));
        impl.put("netlib", "netlib-java BLAS.getInstance() = " + blas.getClass().getName()
                + (blas.getClass().getName().contains("JNI") ? " (native system BLAS, its own threads)" : " (1 thread)"));
        BLAS javaBlas = JavaBLAS.getInstance();
        if (javaBlas.getClass() != blas.getClass()) {
            list.put("netlib-java", netlib(javaBlas));
            impl.put("netlib-java", "netlib-java JavaBLAS.getInstance() = " + javaBlas.getClass().getName() + " (1 thread)");
        }
        return list;
    }

    private static Contender ours(Gemm.Engine e) {
        return (o, c) -> {
            Shape s = o.s;
            return () -> e.gemmBatched(s.batch, false, false, s.m, s.n, s.k, 1, o.a, 0, o.strideA, s.k,
                    o.b, 0, s.k * s.n, s.n, 0, c, 0, s.m * s.n, s.n);
        };
    }

    private static Contender ejml(boolean concurrent) {
        return (o, c) -> {
            Shape s = o.s;
            if (s.batch == 1) {
                DMatrixRMaj a = DMatrixRMaj.wrap(s.m, s.k, o.a), b = DMatrixRMaj.wrap(s.k, s.n, o.b);
                DMatrixRMaj out = DMatrixRMaj.wrap(s.m, s.n, c);
                return concurrent ? () -> CommonOps_MT_DDRM.mult(a, b, out) : () -> CommonOps_DDRM.mult(a, b, out);
            }
            // EJML matrices own their arrays: split the items beforehand, copy results back inside the timing
            // (an m*n copy per 2*m*n*k flops).
            DMatrixRMaj[] a = new DMatrixRMaj[s.batch], b = new DMatrixRMaj[s.batch];
            DMatrixRMaj out = new DMatrixRMaj(s.m, s.n);
            for (int i = 0; i < s.batch; i++) {
                a[i] = new DMatrixRMaj(s.m, s.k);
                System.arraycopy(o.a, i * o.strideA, a[i].data, 0, s.m * s.k);
                b[i] = new DMatrixRMaj(s.k, s.n);
                System.arraycopy(o.b, i * s.k * s.n, b[i].data, 0, s.k * s.n);
            }
            return () -> {
                for (int i = 0; i < s.batch; i++) {
                    if (concurrent) CommonOps_MT_DDRM.mult(a[i], b[i], out);
                    else CommonOps_DDRM.mult(a[i], b[i], out);
                    System.arraycopy(out.data, 0, c, i * s.m * s.n, s.m * s.n);
                }
            };
        };
    }

    /** Row-major C = A B is column-major C^T = B^T A^T: swap the operands, keep "N", "N". */
    private static Contender netlib(BLAS blas) {
        return (o, c) -> {
            Shape s = o.s;
            return () -> {
                for (int i = 0; i < s.batch; i++)
                    blas.dgemm("N", "N", s.n, s.m, s.k, 1, o.b, i * s.k * s.n, s.n, o.a, i * o.strideA, s.k,
                            0, c, i * s.m * s.n, s.n);
            };
        };
    }

    /** Runs every contender on every case; restores the previous thread settings afterwards. */
    public Result run() {
        int previousThreads = Parallel.threads();
        int previousEjml = EjmlConcurrency.getMaxThreads();
        Map<String, String> impl = new LinkedHashMap<>();
        Map<String, Map<String, Rate>> rates = new LinkedHashMap<>();
        try {
            Parallel.setThreads(threads);
            EjmlConcurrency.setMaxThreads(threads);
            Map<String, Contender> contenders = contenders(impl);
            warmUp(contenders);
            long seed = 1234;
            for (Shape s : shapes) {
                Operands o = new Operands(s, seed++);
                double[] first = null;
                Map<String, Rate> row = new LinkedHashMap<>();
                for (Map.Entry<String, Contender> e : contenders.entrySet()) {
                    double[] c = new double[s.batch * s.m * s.n];
                    row.put(e.getKey(), time(e.getValue().prepare(o, c), s.flops()));
                    if (first == null) first = c;
                    else checkAgreement(e.getKey(), s, first, c);
                }
                rates.put(s.toString(), row);
            }
        } finally {
            Parallel.setThreads(previousThreads);
            EjmlConcurrency.setMaxThreads(previousEjml);
        }
        return new Result(threads, impl, rates);
    }

    /**
     * Lets the JIT compile every contender's hot loops before anything is timed: each warm-up shape is called until
     * at least the budget (0.4 s, less for tiny budgets) has passed and then, for one more budget, no call got
     * 5% faster and no JIT compilation finished; at most {@value #MAX_WARM_UP_SECONDS} s. A fixed budget was not
     * enough on a loaded machine: C2 compiles the Vector API kernels late there, and until then they run the API's
     * non-intrinsic fallback, about a hundred times slower.
     */
    private void warmUp(Map<String, Contender> contenders) {
        long budget = Math.min(WARM_UP_NANOS, (long) (10e9 * secondsPerMeasurement));
        Operands square = new Operands(new Shape(1, 160, 160, 160, false), 99);
        Operands batched = new Operands(new Shape(4, 32, 200, 48, true), 98);
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
        for (Contender f : contenders.values())
            for (Operands o : new Operands[]{square, batched}) {
                Runnable call = f.prepare(o, new double[o.s.batch * o.s.m * o.s.n]);
                long start = System.nanoTime(), lastChange = start, best = Long.MAX_VALUE;
                long compileMs = jitTimed ? jit.getTotalCompilationTime() : 0;
                for (int calls = 0; ; calls++) {
                    long t0 = System.nanoTime();
                    call.run();
                    long now = System.nanoTime(), took = now - t0;
                    long compiled = jitTimed ? jit.getTotalCompilationTime() : 0;
                    if (took < 0.95 * best || compiled != compileMs) lastChange = now;
                    best = Math.min(best, took);
                    compileMs = compiled;
                    boolean settled = calls >= 5 && now - start >= budget && now - lastChange >= budget;
                    if (settled || now - start >= MAX_WARM_UP_SECONDS * 1_000_000_000L) break;
                }
            }
    }

    private Rate time(Runnable call, double flops) {
        // The first call is not timed: a new shape can send the JIT back to the interpreter for a while (a
        // deoptimisation and recompilation), and one such call of the Vector API kernels at n = 512 took seconds.
        call.run();
        List<Double> seconds = new ArrayList<>();
        long start = System.nanoTime();
        while (seconds.isEmpty() || (seconds.size() < MAX_REPS
                && (System.nanoTime() - start) * 1e-9 + seconds.get(seconds.size() - 1) <= secondsPerMeasurement)) {
            long t = System.nanoTime();
            call.run();
            seconds.add((System.nanoTime() - t) * 1e-9);
        }
        double[] s = new double[seconds.size()];
        for (int i = 0; i < s.length; i++) s[i] = seconds.get(i);
        Arrays.sort(s);
        return new Rate(flops / s[0] / 1e9, flops / s[s.length / 2] / 1e9, s.length);
    }

    private static void checkAgreement(String name, Shape s, double[] reference, double[] c) {
        double diff = 0, scale = 0;
        for (int i = 0; i < reference.length; i++) {
            diff = Math.max(diff, Math.abs(reference[i] - c[i]));
            scale = Math.max(scale, Math.abs(reference[i]));
        }
        if (!(diff <= 1e-10 * scale))
            throw new IllegalStateException(name + " disagrees with the first contender on case " + s
                    + ": relative difference " + diff / scale);
    }

    private static double[] random(UniformRandomProvider rng, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = 2 * rng.nextDouble() - 1;
        return x;
    }
}
