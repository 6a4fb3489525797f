package org.neuralop4j.core.linalg;

import org.neuralop4j.core.Parallel;

/**
 * General matrix multiply, {@code C = alpha * op(A) * op(B) + beta * C}, on row-major {@code double[]} storage
 * with BLAS-style offsets and leading dimensions. {@code op(X)} is {@code X} or its transpose.
 *
 * <p>This is the facade every dense kernel in the library calls. When {@code beta == 0}, {@code C} is
 * overwritten without being read (so NaNs in an uninitialised {@code C} do not propagate), as in BLAS.
 */
public final class Gemm {
    private Gemm() {}

    /**
     * {@code C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C}.
     * Row-major: element (i, j) of C is {@code c[cOff + i * ldc + j]}; A is {@code m x k} (or {@code k x m} when
     * {@code transA}) with leading dimension {@code lda}; likewise B.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        checkArgs(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) return;
        int grain = Math.max(1, Parallel.grainFor(m, 2L * n * Math.max(1, k)));
        Parallel.forRange(m, grain, (i0, i1) ->
                rowsNaive(transA, transB, i0, i1, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
    }

    /**
     * {@code batch} independent GEMMs; operand {@code p} of batch {@code i} starts at {@code pOff + i * strideP}.
     */
    public static void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k, double alpha,
                                   double[] a, int aOff, int strideA, int lda,
                                   double[] b, int bOff, int strideB, int ldb,
                                   double beta, double[] c, int cOff, int strideC, int ldc) {
        if (batch < 0) throw new IllegalArgumentException("batch must be >= 0, got " + batch);
        if (batch == 0 || m == 0 || n == 0) return;
        checkArgs(transA, transB, m, n, k, a, aOff + (batch - 1) * strideA, lda, b, bOff + (batch - 1) * strideB, ldb,
                c, cOff + (batch - 1) * strideC, ldc);
        Parallel.forRange(batch, 1, (b0, b1) -> {
            for (int i = b0; i < b1; i++)
                rowsNaive(transA, transB, 0, m, n, k, alpha, a, aOff + i * strideA, lda, b, bOff + i * strideB, ldb,
                        beta, c, cOff + i * strideC, ldc);
        });
    }

    private static void rowsNaive(boolean transA, boolean transB, int i0, int i1, int n, int k, double alpha,
                                  double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                  double beta, double[] c, int cOff, int ldc) {
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0) java.util.Arrays.fill(c, ci, ci + n, 0.0);
            else if (beta != 1) for (int j = 0; j < n; j++) c[ci + j] *= beta;
            for (int p = 0; p < k; p++) {
                double av = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                if (transB) {
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bOff + j * ldb + p];
                } else {
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
                }
            }
        }
    }

    static void checkArgs(boolean transA, boolean transB, int m, int n, int k,
                          double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                          double[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("negative GEMM size m=" + m + " n=" + n + " k=" + k);
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        checkMatrix("A", a, aOff, aRows, aCols, lda);
        checkMatrix("B", b, bOff, bRows, bCols, ldb);
        checkMatrix("C", c, cOff, m, n, ldc);
    }

    private static void checkMatrix(String name, double[] x, int off, int rows, int cols, int ld) {
        if (ld < Math.max(1, cols))
            throw new IllegalArgumentException("leading dimension of " + name + " is " + ld + " but it has " + cols + " columns");
        if (rows == 0 || cols == 0) return;
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length)
            throw new IllegalArgumentException(name + " (" + rows + " x " + cols + ", offset " + off + ", ld " + ld
                    + ") does not fit in an array of length " + x.length);
    }
}
