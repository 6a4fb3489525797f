package org.neuralop4j.inverse;

import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.linalg.Gemm;

/**
 * A dense real matrix {@code A in R^{m x n}} acting on complex vectors, e.g. a seeded Gaussian measurement matrix
 * ({@link #gaussian}: i.i.d. entries {@code N(0, 1/m)}, so {@code E ||A x||^2 = ||x||^2}).
 *
 * <p>An interleaved complex vector of {@code n} entries is exactly a row-major {@code n x 2} real matrix, so
 * {@code A x} is one GEMM with two columns and {@code A^H y = A^T y} one transposed GEMM.
 */
public final class MatrixOperator implements LinearOperator {
    private final int m, n;
    private final double[] a;

    /** A seeded {@code m x n} Gaussian matrix with entries N(0, 1/m). */
    public static MatrixOperator gaussian(int m, int n, long seed) {
        if (m < 1 || n < 1) throw new IllegalArgumentException("matrix dimensions must be positive, got " + m + " x " + n);
        return new MatrixOperator(m, n, scaled(Tensor.randn(seed, m, n).data(), 1 / Math.sqrt(m)));
    }

    /** Wraps a given real row-major {@code m x n} matrix (not copied). */
    public MatrixOperator(int m, int n, double[] matrix) {
        if (m < 1 || n < 1) throw new IllegalArgumentException("matrix dimensions must be positive, got " + m + " x " + n);
        if (matrix.length != (long) m * n) throw new IllegalArgumentException("matrix has " + matrix.length + " entries, expected " + m + " x " + n);
        this.m = m;
        this.n = n;
        this.a = matrix;
    }

    private static double[] scaled(double[] d, double s) {
        for (int i = 0; i < d.length; i++) d[i] *= s;
        return d;
    }

    /** @return the row-major matrix (shared) */
    public double[] matrix() { return a; }

    @Override public int domainSize() { return n; }
    @Override public int rangeSize() { return m; }

    @Override
    public void apply(double[] x, double[] out) {
        ComplexArrays.checkComplexLength("x", x, n);
        ComplexArrays.checkComplexLength("out", out, m);
        Gemm.gemm(false, false, m, 2, n, 1.0, a, 0, n, x, 0, 2, 0.0, out, 0, 2);
    }

    @Override
    public void adjoint(double[] y, double[] out) {
        ComplexArrays.checkComplexLength("y", y, m);
        ComplexArrays.checkComplexLength("out", out, n);
        Gemm.gemm(true, false, n, 2, m, 1.0, a, 0, n, y, 0, 2, 0.0, out, 0, 2);
    }
}
