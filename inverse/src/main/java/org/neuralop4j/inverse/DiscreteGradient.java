package org.neuralop4j.inverse;

/**
 * The 2-D discrete gradient {@code D x = (D_1 x, D_2 x)} with forward differences and Neumann boundary
 * ({@code (D_1 x)[i, j] = x[i+1, j] - x[i, j]} for {@code i < n1 - 1}, zero on the last row; likewise along
 * columns), from {@code n1 n2} to {@code 2 n1 n2} complex entries ({@code D_1 x} first). {@code ||D|| <= sqrt 8}.
 * The isotropic total variation is {@code TV(x) = sum_{ij} sqrt(|D_1 x|^2 + |D_2 x|^2)}; the anisotropic one
 * ({@code ||D x||_1}, what {@link Warpd} uses as an analysis operator) sums the moduli of all entries.
 */
public final class DiscreteGradient implements LinearOperator {
    private final int n1, n2;

    /** @param n1 rows, @param n2 columns */
    public DiscreteGradient(int n1, int n2) {
        if (n1 < 1 || n2 < 1) throw new IllegalArgumentException("image dimensions must be positive, got " + n1 + " x " + n2);
        this.n1 = n1;
        this.n2 = n2;
    }

    @Override public int domainSize() { return n1 * n2; }
    @Override public int rangeSize() { return 2 * n1 * n2; }

    @Override
    public void apply(double[] x, double[] out) {
        int n = n1 * n2;
        ComplexArrays.checkComplexLength("x", x, n);
        ComplexArrays.checkComplexLength("out", out, 2 * n);
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++) {
                int p = i * n2 + j;
                for (int c = 0; c < 2; c++) {
                    out[2 * p + c] = i + 1 < n1 ? x[2 * (p + n2) + c] - x[2 * p + c] : 0;
                    out[2 * (n + p) + c] = j + 1 < n2 ? x[2 * (p + 1) + c] - x[2 * p + c] : 0;
                }
            }
    }

    @Override
    public void adjoint(double[] y, double[] out) {
        int n = n1 * n2;
        ComplexArrays.checkComplexLength("y", y, 2 * n);
        ComplexArrays.checkComplexLength("out", out, n);
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++) {
                int p = i * n2 + j;
                for (int c = 0; c < 2; c++) {
                    if (i + 1 < n1) {
                        double v = y[2 * p + c];
                        out[2 * (p + n2) + c] += v;
                        out[2 * p + c] -= v;
                    }
                    if (j + 1 < n2) {
                        double v = y[2 * (n + p) + c];
                        out[2 * (p + 1) + c] += v;
                        out[2 * p + c] -= v;
                    }
                }
            }
    }
}
