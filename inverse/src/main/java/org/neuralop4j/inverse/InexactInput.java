package org.neuralop4j.inverse;

/**
 * The "inexact input" example of Colbrook, Antun and Hansen (PNAS 2022, arXiv:2101.08286, Table 1 and SI): a
 * family of square-root LASSO problems {@code min_z lambda ||z||_1 + ||A z - y||_2} where changing the data by
 * {@code 2^{-n}} moves the minimiser by about {@code 3 * 10^{-K}}, so that no algorithm, FIRENET included, can
 * compute {@code K} correct digits from inputs known to accuracy {@code 2^{-n}}.
 *
 * <p>Construction (the paper's code, {@code inexact_input/data_management.py}): with {@code gamma =
 * sqrt2 (1 - d) 10^K / (3 lambda)}, the first row of {@code A} has {@code N1} entries {@code gamma lambda / (1 - d)}
 * except entry {@code j}, raised to {@code gamma lambda / rho_min} with {@code rho_min = 1 - d - t} slightly below
 * {@code 1 - d} ({@code t} of order {@code 2^{-n}}); the remaining rows are {@code ||a|| I} on the last {@code N2}
 * coordinates; {@code y = e_1}. Both {@code A} and {@code y} are then multiplied by the orthonormal DCT-II (which
 * changes nothing but hides the structure). The unique minimiser is {@code rho_min / (lambda gamma) e_j}; two choices
 * of {@code j} give matrices {@code 2^{-n}} apart whose minimisers are {@code sqrt2 rho_min / (lambda gamma)
 * ~ 3 * 10^{-K}} apart. An algorithm that cannot resolve {@code 2^{-n}} sees the symmetric problem, whose natural
 * answer is the midpoint, at distance {@code ~ 1.5 * 10^{-K}} from either.
 */
public final class InexactInput {
    private final double[] matrix, y, minimiser;
    private final int rows, cols;

    private InexactInput(double[] matrix, int rows, int cols, double[] y, double[] minimiser) {
        this.matrix = matrix;
        this.rows = rows;
        this.cols = cols;
        this.y = y;
        this.minimiser = minimiser;
    }

    /**
     * @param d      in (0, 1/4), the paper uses 1/6
     * @param k      digits K >= 1
     * @param lambda in (0, 1]
     * @param j      1-based index in [1, n1] of the minimiser's non-zero entry
     * @param n      perturbation exponent: instances with different {@code j} are {@code 2^{-n}} apart
     * @param n1     at least 2
     * @param n2     at least 1
     */
    public static InexactInput instance(double d, int k, double lambda, int j, int n, int n1, int n2) {
        if (!(d > 0 && d < 0.25)) throw new IllegalArgumentException("d must lie in (0, 1/4), got " + d);
        if (j < 1 || j > n1) throw new IllegalArgumentException("j must lie in [1, " + n1 + "], got " + j);
        if (n1 < 2 || n2 < 1 || k < 1 || n < 1) throw new IllegalArgumentException("need n1 >= 2, n2 >= 1, k >= 1, n >= 1");
        double gamma = Math.sqrt(2) * (1 - d) * Math.pow(10, k) / (3 * lambda);
        double[] a = new double[n1];
        java.util.Arrays.fill(a, gamma * lambda / (1 - d));
        double eps = Math.pow(2, -n - 1), rho = 1 - d;
        double r = eps / (gamma * lambda);
        double t = r * rho * rho / (1 + r * rho);
        double rhoMin = 1 - d - t;
        a[j - 1] = gamma * lambda / rhoMin;
        double na = 0;
        for (double v : a) na += v * v;
        na = Math.sqrt(na);
        int rows = n2 + 1, cols = n1 + n2;
        double[] mat = new double[rows * cols];
        for (int c = 0; c < n1; c++) mat[c] = a[c];
        for (int i = 0; i < n2; i++) mat[(i + 1) * cols + n1 + i] = na;
        double[] yy = new double[rows];
        yy[0] = 1;
        double[][] dct = dct(rows);
        double[] cm = new double[rows * cols], cy = new double[rows];
        for (int i = 0; i < rows; i++) {
            for (int l = 0; l < rows; l++) {
                double c = dct[i][l];
                if (c == 0) continue;
                cy[i] += c * yy[l];
                for (int q = 0; q < cols; q++) cm[i * cols + q] += c * mat[l * cols + q];
            }
        }
        double[] x = new double[cols];
        x[j - 1] = rhoMin / (lambda * gamma);
        return new InexactInput(cm, rows, cols, cy, x);
    }

    /** The orthonormal DCT-II matrix {@code C[k][l] = s_k cos(pi k (2l + 1) / (2N))}, {@code s_0 = sqrt(1/N)}, else {@code sqrt(2/N)}. */
    static double[][] dct(int nn) {
        double[][] c = new double[nn][nn];
        for (int k = 0; k < nn; k++)
            for (int l = 0; l < nn; l++)
                c[k][l] = Math.sqrt((k == 0 ? 1.0 : 2.0) / nn) * Math.cos(Math.PI * k * (2 * l + 1) / (2.0 * nn));
        return c;
    }

    /** @return {@code A} as an operator */
    public MatrixOperator operator() { return new MatrixOperator(rows, cols, matrix.clone()); }

    /** @return the row-major matrix (copy) */
    public double[] matrix() { return matrix.clone(); }

    /** @return {@code y} as an interleaved complex vector */
    public double[] data() { return ComplexArrays.fromReal(y); }

    /** @return the unique minimiser as an interleaved complex vector */
    public double[] minimiser() { return ComplexArrays.fromReal(minimiser); }

    /** @return rows */
    public int rows() { return rows; }

    /** @return columns */
    public int cols() { return cols; }
}
