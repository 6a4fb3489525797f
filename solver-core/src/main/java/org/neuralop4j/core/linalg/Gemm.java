package org.neuralop4j.core.linalg;

/**
 * General matrix multiply, {@code C = alpha * op(A) * op(B) + beta * C}, on row-major {@code double[]} storage
 * with BLAS-style offsets and leading dimensions. {@code op(X)} is {@code X} or its transpose.
 *
 * <p>This is the facade every dense kernel in the library calls. When {@code beta == 0}, {@code C} is
 * overwritten without being read (so NaNs in an uninitialised {@code C} do not propagate), as in BLAS; when
 * {@code alpha == 0} or {@code k == 0}, A and B are not read and {@code C = beta * C}.
 *
 * <p>Implementation: cache-blocked and packed (GotoBLAS/BLIS structure, doi:10.1145/1356052.1356053) around a
 * register-blocked micro-kernel, parallel through {@link org.neuralop4j.core.Parallel}. Two backends:
 * <ul>
 *   <li>{@link Backend#SIMD}: JDK Vector API micro-kernel with fused multiply-add; available when the JVM runs
 *       with {@code --add-modules jdk.incubator.vector} (the {@code ./neuralop4j} launcher and the tests do);</li>
 *   <li>{@link Backend#PORTABLE}: plain Java, works on any JVM.</li>
 * </ul>
 * The default is SIMD when available, else portable; the system property {@code neuralop4j.gemm=portable|simd}
 * or {@link #setBackend(Backend)} changes it. The two backends agree to rounding (they differ in whether
 * multiply-add is fused). Each backend is deterministic: the work split depends only on the matrix sizes and
 * every element of C is summed in the same order, so results are bit-identical for any thread count.
 */
public final class Gemm {
    /** Which micro-kernel does the arithmetic. */
    public enum Backend {
        /** JDK Vector API ({@code jdk.incubator.vector}) with fused multiply-add. */
        SIMD,
        /** Plain Java scalar code; always available. */
        PORTABLE
    }

    private static final String SIMD_KERNEL = "org.neuralop4j.core.linalg.SimdMicroKernel",
            SIMD_WIDE_KERNEL = "org.neuralop4j.core.linalg.SimdWideMicroKernel";
    private static final Engine PORTABLE_ENGINE = new Engine(Backend.PORTABLE, new GemmDriver(PortableMicroKernel.INSTANCE), null);
    private static final Engine SIMD_ENGINE = loadSimd();
    private static volatile Engine defaultEngine = initialDefault();

    private Gemm() {}

    /**
     * The SIMD class is touched only through reflection and only when the vector module is in the boot layer,
     * so the portable path works on a JVM started without {@code --add-modules jdk.incubator.vector}.
     */
    private static Engine loadSimd() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return null;
        try {
            MicroKernel k = (MicroKernel) Class.forName(SIMD_KERNEL).getDeclaredField("INSTANCE").get(null);
            k.primeEpilogueProfiles();
            MicroKernel wide = (MicroKernel) Class.forName(SIMD_WIDE_KERNEL).getDeclaredField("INSTANCE").get(null);
            if (wide != null) wide.primeEpilogueProfiles();
            return new Engine(Backend.SIMD, new GemmDriver(k), wide == null ? null : new GemmDriver(wide));
        } catch (ReflectiveOperationException | LinkageError e) {
            return null; // module present but unusable on this JVM: the portable kernel serves
        }
    }

    private static Engine initialDefault() {
        String p = System.getProperty("neuralop4j.gemm");
        if (p != null && !p.isBlank()) {
            Backend wanted;
            try {
                wanted = Backend.valueOf(p.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("system property neuralop4j.gemm must be 'simd' or 'portable', got '" + p + "'");
            }
            return engine(wanted);
        }
        return SIMD_ENGINE != null ? SIMD_ENGINE : PORTABLE_ENGINE;
    }

    /** @return whether the SIMD backend can be used in this JVM */
    public static boolean simdAvailable() {
        return SIMD_ENGINE != null;
    }

    /** @return the backend the static {@link #gemm} and {@link #gemmBatched} methods use */
    public static Backend backend() {
        return defaultEngine.backend();
    }

    /**
     * Whether the static methods' packed products add each term as one fused multiply-add, {@code fma(a, b, acc)},
     * rather than as {@code acc + a * b} (the sums start from zero and run in increasing summation index either way).
     * Lets a fused op reproduce a product's bits, e.g. {@link org.neuralop4j.core.autodiff.ChannelMlp}.
     */
    public static boolean accumulatesWithFma() {
        return defaultEngine.driver.kernel().fused;
    }

    /**
     * One accumulation step as the packed products take it: {@code fma(a, b, acc)} when {@code fused} (pass
     * {@link #accumulatesWithFma()}), else {@code acc + a * b}.
     */
    public static double accumulationStep(boolean fused, double a, double b, double acc) {
        return MicroKernel.step(fused, a, b, acc);
    }

    /**
     * Sets the backend the static methods use (for every thread).
     * @throws IllegalStateException if {@code SIMD} is asked for but not available
     */
    public static void setBackend(Backend backend) {
        defaultEngine = engine(backend);
    }

    /**
     * An engine bound to one backend, independent of the default (for tests and benchmarks).
     * @throws IllegalStateException if {@code SIMD} is asked for but the JVM lacks {@code jdk.incubator.vector}
     */
    public static Engine engine(Backend backend) {
        if (backend == null) throw new IllegalArgumentException("backend must not be null");
        if (backend == Backend.PORTABLE) return PORTABLE_ENGINE;
        if (SIMD_ENGINE == null)
            throw new IllegalStateException("SIMD GEMM backend unavailable: start the JVM with --add-modules jdk.incubator.vector");
        return SIMD_ENGINE;
    }

    /**
     * {@code C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C} with the default backend.
     * Row-major: element (i, j) of C is {@code c[cOff + i * ldc + j]}; A is {@code m x k} (or {@code k x m} when
     * {@code transA}) with leading dimension {@code lda}; likewise B. Only C is modified.
     * @throws IllegalArgumentException for negative sizes, leading dimensions smaller than the row length, or
     *                                  operands that do not fit in their arrays
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        defaultEngine.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * {@code batch} independent GEMMs with the default backend; operand {@code X} of batch item {@code i} starts at
     * {@code xOff + i * strideX} (strides may be 0 to share an operand, e.g. one weight matrix for all items; the
     * C items must not overlap). Same conventions as {@link #gemm}.
     */
    public static void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k, double alpha,
                                   double[] a, int aOff, int strideA, int lda,
                                   double[] b, int bOff, int strideB, int ldb,
                                   double beta, double[] c, int cOff, int strideC, int ldc) {
        defaultEngine.gemmBatched(batch, transA, transB, m, n, k, alpha, a, aOff, strideA, lda, b, bOff, strideB, ldb,
                beta, c, cOff, strideC, ldc);
    }

    /**
     * {@code batch} products with a bias per row of C, with the default backend:
     * {@code C_t[i, j] = alpha * (op(A_t) op(B_t))[i, j] + rowBias[biasOff + i]} (C is not read). The bias is added
     * when each tile of C is stored, so C is written once (a 1x1 convolution's bias per output channel, without a
     * separate pass to fill or add it). Strides and conventions as in {@link #gemmBatched}.
     */
    public static void gemmBatchedRowBias(int batch, boolean transA, boolean transB, int m, int n, int k, double alpha,
                                          double[] a, int aOff, int strideA, int lda,
                                          double[] b, int bOff, int strideB, int ldb,
                                          double[] rowBias, int biasOff, double[] c, int cOff, int strideC, int ldc) {
        defaultEngine.gemmBatchedRowBias(batch, transA, transB, m, n, k, alpha, a, aOff, strideA, lda, b, bOff, strideB, ldb,
                rowBias, biasOff, c, cOff, strideC, ldc);
    }

    /**
     * The sum of {@code batch} products into one C with the default backend:
     * {@code C = alpha * sum_t op(A_t) op(B_t) + beta * C}, operand {@code X_t} starting at {@code xOff + t * strideX}
     * (e.g. a weight gradient {@code sum_b G_b X_b^T} over a batch of fields); for {@code batch == 0},
     * {@code C = beta * C}. The threads share the items when C is small (fixed chunks of items summed separately,
     * then in chunk order) and C's tiles otherwise; the order of the additions depends only on the sizes, so the
     * result is bit-identical for any thread count.
     */
    public static void gemmBatchedSum(int batch, boolean transA, boolean transB, int m, int n, int k, double alpha,
                                      double[] a, int aOff, int strideA, int lda,
                                      double[] b, int bOff, int strideB, int ldb,
                                      double beta, double[] c, int cOff, int ldc) {
        defaultEngine.gemmBatchedSum(batch, transA, transB, m, n, k, alpha, a, aOff, strideA, lda, b, bOff, strideB, ldb,
                beta, c, cOff, ldc);
    }

    /** GEMM bound to one backend; same contracts as {@link Gemm#gemm} and {@link Gemm#gemmBatched}. */
    public static final class Engine {
        private final Backend backend;
        private final GemmDriver driver;
        /** A driver around a kernel wider than {@link #driver}'s, or {@code null}; see {@link #driverFor}. */
        private final GemmDriver wideDriver;

        private Engine(Backend backend, GemmDriver driver, GemmDriver wideDriver) {
            this.backend = backend;
            this.driver = driver;
            this.wideDriver = wideDriver;
        }

        /**
         * The driver for a C of {@code n} columns: the wide kernel's when it covers them in fewer padded columns
         * (24 columns: one 24-wide tile instead of two 16-wide ones, a third of them padding), otherwise the usual
         * one. Both kernels keep {@link MicroKernel}'s arithmetic contract, so the choice does not change the bits.
         * Measured on FNO-2D's truncated DFTs with 24 columns, one JVM, alternating: 10-28 % faster.
         */
        GemmDriver driverFor(int n) {
            if (wideDriver == null) return driver;
            boolean widePadsLess = GemmDriver.roundUp(n, wideDriver.kernel().nr) < GemmDriver.roundUp(n, driver.kernel().nr);
            return widePadsLess ? wideDriver : driver;
        }

        /** The wide driver, or {@code null} (for tests). */
        GemmDriver wideDriver() {
            return wideDriver;
        }

        /** @return the backend of this engine */
        public Backend backend() {
            return backend;
        }

        /** The driver behind this engine (for tests that compare driver settings). */
        GemmDriver driver() {
            return driver;
        }

        /** @return a short description of the micro-kernels, e.g. {@code simd-4x8} or {@code simd-4x16+4x24} */
        public String kernelName() {
            String name = driver.kernel().name();
            return wideDriver == null ? name : name + "+" + wideDriver.kernel().mr + "x" + wideDriver.kernel().nr;
        }

        /** See {@link Gemm#gemm}. */
        public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                         double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                         double beta, double[] c, int cOff, int ldc) {
            checkArgs(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            if (m == 0 || n == 0) return;
            driverFor(n).run(1, transA, transB, m, n, k, alpha, a, aOff, 0, lda, b, bOff, 0, ldb, beta, c, cOff, 0, ldc);
        }

        /** See {@link Gemm#gemmBatched}. */
        public void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k, double alpha,
                                double[] a, int aOff, int strideA, int lda,
                                double[] b, int bOff, int strideB, int ldb,
                                double beta, double[] c, int cOff, int strideC, int ldc) {
            checkBatch(batch, strideA, strideB, false, strideC, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            if (batch == 0 || m == 0 || n == 0) return;
            driverFor(n).run(batch, transA, transB, m, n, k, alpha, a, aOff, strideA, lda, b, bOff, strideB, ldb,
                    beta, c, cOff, strideC, ldc);
        }

        /** See {@link Gemm#gemmBatchedRowBias}. */
        public void gemmBatchedRowBias(int batch, boolean transA, boolean transB, int m, int n, int k, double alpha,
                                       double[] a, int aOff, int strideA, int lda,
                                       double[] b, int bOff, int strideB, int ldb,
                                       double[] rowBias, int biasOff, double[] c, int cOff, int strideC, int ldc) {
            if (rowBias == null) throw new IllegalArgumentException("rowBias must not be null");
            if (biasOff < 0 || (long) biasOff + m > rowBias.length)
                throw new IllegalArgumentException("rowBias (length " + rowBias.length + ", offset " + biasOff + ") has fewer than m = "
                        + m + " entries");
            checkBatch(batch, strideA, strideB, false, strideC, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            if (batch == 0 || m == 0 || n == 0) return;
            driverFor(n).run(batch, transA, transB, m, n, k, alpha, a, aOff, strideA, lda, b, bOff, strideB, ldb,
                    0.0, rowBias, biasOff, c, cOff, strideC, ldc);
        }

        /** See {@link Gemm#gemmBatchedSum}. */
        public void gemmBatchedSum(int batch, boolean transA, boolean transB, int m, int n, int k, double alpha,
                                   double[] a, int aOff, int strideA, int lda,
                                   double[] b, int bOff, int strideB, int ldb,
                                   double beta, double[] c, int cOff, int ldc) {
            checkBatch(batch, strideA, strideB, true, 0, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            if (m == 0 || n == 0) return;
            driverFor(n).runSum(batch, transA, transB, m, n, k, alpha, a, aOff, strideA, lda, b, bOff, strideB, ldb,
                    beta, c, cOff, ldc);
        }

        @Override
        public String toString() {
            return "Gemm.Engine[" + backend + ", " + kernelName() + "]";
        }
    }

    /**
     * Checks the first and the last item of a batch (and the strides); with {@code sharedC} (a batched sum) there
     * is one C and {@code strideC} is ignored, otherwise the C items must not overlap.
     */
    static void checkBatch(int batch, int strideA, int strideB, boolean sharedC, int strideC, boolean transA, boolean transB,
                           int m, int n, int k, double alpha, double[] a, int aOff, int lda, double[] b, int bOff,
                           int ldb, double[] c, int cOff, int ldc) {
        if (batch < 0) throw new IllegalArgumentException("batch must be >= 0, got " + batch);
        if (sharedC) strideC = 0;
        if (strideA < 0 || strideB < 0 || strideC < 0)
            throw new IllegalArgumentException("batch strides must be >= 0, got strideA=" + strideA
                    + " strideB=" + strideB + " strideC=" + strideC);
        if (!sharedC && batch > 1 && m > 0 && n > 0 && strideC < (long) (m - 1) * ldc + n)
            throw new IllegalArgumentException("strideC=" + strideC + " makes the C items (" + m + " x " + n
                    + ", ldc " + ldc + ") overlap");
        checkArgs(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (batch == 0 || m == 0 || n == 0) return;
        long lastA = aOff + (long) (batch - 1) * strideA, lastB = bOff + (long) (batch - 1) * strideB;
        long lastC = cOff + (long) (batch - 1) * strideC;
        if (lastA > Integer.MAX_VALUE || lastB > Integer.MAX_VALUE || lastC > Integer.MAX_VALUE)
            throw new IllegalArgumentException("batch " + batch + " with the given strides exceeds array indexing");
        checkArgs(transA, transB, m, n, k, alpha, a, (int) lastA, lda, b, (int) lastB, ldb, c, (int) lastC, ldc);
    }

    static void checkArgs(boolean transA, boolean transB, int m, int n, int k, double alpha,
                          double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                          double[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("negative GEMM size m=" + m + " n=" + n + " k=" + k);
        if (c == null) throw new IllegalArgumentException("C must not be null");
        checkMatrix("C", c, cOff, m, n, ldc);
        if (m == 0 || n == 0 || k == 0 || alpha == 0) {
            // A and B are not read; still reject null arrays or impossible leading dimensions
            if (a == null || b == null) throw new IllegalArgumentException("A and B must not be null");
            return;
        }
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        checkMatrix("A", a, aOff, aRows, aCols, lda);
        checkMatrix("B", b, bOff, bRows, bCols, ldb);
    }

    private static void checkMatrix(String name, double[] x, int off, int rows, int cols, int ld) {
        if (x == null) throw new IllegalArgumentException(name + " must not be null");
        if (ld < Math.max(1, cols))
            throw new IllegalArgumentException("leading dimension of " + name + " is " + ld + " but it has " + cols + " columns");
        if (off < 0) throw new IllegalArgumentException("offset of " + name + " is negative: " + off);
        if (rows == 0 || cols == 0) return;
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (last > x.length)
            throw new IllegalArgumentException(name + " (" + rows + " x " + cols + ", offset " + off + ", ld " + ld
                    + ") does not fit in an array of length " + x.length);
    }
}
