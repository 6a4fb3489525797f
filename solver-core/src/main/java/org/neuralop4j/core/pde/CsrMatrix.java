package org.neuralop4j.core.pde;

import java.util.Arrays;

/**
 * A square or rectangular sparse matrix in compressed-row storage, with the few operations the multigrid solver
 * needs: products with vectors, the transpose, sparse-sparse products (Gustavson's row-by-row algorithm) and
 * Gauss–Seidel sweeps. Column indices within a row are sorted. Serial and deterministic.
 */
final class CsrMatrix {
    final int rows, cols;
    final int[] rowPtr, colIdx;
    final double[] values;

    CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, double[] values) {
        this.rows = rows;
        this.cols = cols;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
    }

    /** {@code y = A x}. */
    void multiply(double[] x, double[] y) {
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) s += values[p] * x[colIdx[p]];
            y[i] = s;
        }
    }

    /** {@code r = b - A x}. */
    void residual(double[] x, double[] b, double[] r) {
        for (int i = 0; i < rows; i++) {
            double s = b[i];
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) s -= values[p] * x[colIdx[p]];
            r[i] = s;
        }
    }

    /** The diagonal (zero where absent). */
    double[] diagonal() {
        double[] d = new double[rows];
        for (int i = 0; i < rows; i++)
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) if (colIdx[p] == i) d[i] = values[p];
        return d;
    }

    /** One Gauss–Seidel sweep for {@code A x = b}, rows in increasing ({@code forward}) or decreasing order. */
    void gaussSeidel(double[] x, double[] b, double[] diag, boolean forward) {
        for (int t = 0; t < rows; t++) {
            int i = forward ? t : rows - 1 - t;
            double s = b[i];
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                int j = colIdx[p];
                if (j != i) s -= values[p] * x[j];
            }
            x[i] = s / diag[i];
        }
    }

    CsrMatrix transpose() {
        int[] count = new int[cols + 1];
        for (int p = 0; p < rowPtr[rows]; p++) count[colIdx[p] + 1]++;
        for (int j = 0; j < cols; j++) count[j + 1] += count[j];
        int[] ptr = count.clone(), ci = new int[rowPtr[rows]];
        double[] v = new double[rowPtr[rows]];
        for (int i = 0; i < rows; i++)
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                int q = ptr[colIdx[p]]++;
                ci[q] = i;
                v[q] = values[p];
            }
        return new CsrMatrix(cols, rows, count, ci, v);
    }

    /** {@code this * b}, Gustavson's algorithm with a dense accumulator; columns sorted per row. */
    CsrMatrix times(CsrMatrix b) {
        if (cols != b.rows) throw new IllegalArgumentException("inner dimensions differ: " + cols + " vs " + b.rows);
        int[] marker = new int[b.cols];
        Arrays.fill(marker, -1);
        double[] acc = new double[b.cols];
        int[] ptr = new int[rows + 1];
        int cap = Math.max(16, rowPtr[rows] * 2);
        int[] ci = new int[cap];
        double[] v = new double[cap];
        int nnz = 0;
        int[] rowCols = new int[b.cols];
        for (int i = 0; i < rows; i++) {
            int len = 0;
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                double av = values[p];
                int k = colIdx[p];
                for (int q = b.rowPtr[k]; q < b.rowPtr[k + 1]; q++) {
                    int j = b.colIdx[q];
                    if (marker[j] != i) {
                        marker[j] = i;
                        acc[j] = 0;
                        rowCols[len++] = j;
                    }
                    acc[j] += av * b.values[q];
                }
            }
            Arrays.sort(rowCols, 0, len);
            if (nnz + len > cap) {
                cap = Math.max(cap * 2, nnz + len);
                ci = Arrays.copyOf(ci, cap);
                v = Arrays.copyOf(v, cap);
            }
            for (int t = 0; t < len; t++) {
                ci[nnz] = rowCols[t];
                v[nnz++] = acc[rowCols[t]];
            }
            ptr[i + 1] = nnz;
        }
        return new CsrMatrix(rows, b.cols, ptr, Arrays.copyOf(ci, nnz), Arrays.copyOf(v, nnz));
    }

    /** Dense copy, row-major (for the coarsest multigrid level). */
    double[] toDense() {
        double[] d = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) d[i * cols + colIdx[p]] += values[p];
        return d;
    }
}
