package org.neuralop4j.core.pde;

import java.util.ArrayList;
import java.util.List;

/**
 * Geometric multigrid V-cycle for a symmetric positive definite operator on the interior nodes of an
 * {@code s x s} vertex grid of the unit square (Dirichlet boundary nodes eliminated), used as a preconditioner.
 *
 * <p>Coarsening keeps every other grid line along each axis (plus the last interior-adjacent boundary line when the
 * number of intervals is odd, so any {@code s} works); prolongation {@code P} is bilinear interpolation; coarse
 * operators are Galerkin products {@code A_c = P^T A P}, which keeps the hierarchy consistent for jumping
 * coefficients (Alcouffe, Brandt, Dendy &amp; Painter, SIAM J. Sci. Stat. Comput. 2 (1981),
 * DOI 10.1137/0902035). Smoothing: {@code nu} forward Gauss–Seidel sweeps before and {@code nu} backward sweeps
 * after the coarse correction, and an exact (Cholesky) solve on the coarsest level, so one V-cycle is a symmetric
 * positive definite preconditioner suitable for conjugate gradients.
 */
final class Multigrid {
    private static final int COARSEST_UNKNOWNS = 64;

    private static final class Level {
        CsrMatrix a, p, r; // operator; prolongation from the next coarser level and its transpose
        double[] diag, x, b, res;
    }

    private final List<Level> levels = new ArrayList<>();
    private final double[] coarseCholesky;
    private final int coarseN;
    private final int sweeps;

    /**
     * @param a      the fine operator on the {@code (s-2)^2} interior unknowns, ordered row-major
     * @param s      grid points per axis including the boundary
     * @param sweeps Gauss–Seidel sweeps before and after the coarse correction
     */
    Multigrid(CsrMatrix a, int s, int sweeps) {
        this.sweeps = sweeps;
        int intervals = s - 1;
        Level fine = newLevel(a);
        levels.add(fine);
        while ((intervals - 1) * (intervals - 1) > COARSEST_UNKNOWNS && intervals > 2) {
            int coarse = (intervals + 1) / 2;
            Level cur = levels.get(levels.size() - 1);
            CsrMatrix p = prolongation(intervals, coarse);
            CsrMatrix r = p.transpose();
            cur.p = p;
            cur.r = r;
            levels.add(newLevel(r.times(cur.a.times(p))));
            intervals = coarse;
        }
        Level last = levels.get(levels.size() - 1);
        coarseN = last.a.rows;
        coarseCholesky = cholesky(last.a.toDense(), coarseN);
    }

    private static Level newLevel(CsrMatrix a) {
        Level l = new Level();
        l.a = a;
        l.diag = a.diagonal();
        for (int i = 0; i < l.diag.length; i++)
            if (!(l.diag[i] > 0)) throw new IllegalArgumentException("operator has a non-positive diagonal entry at row " + i);
        l.x = new double[a.rows];
        l.b = new double[a.rows];
        l.res = new double[a.rows];
        return l;
    }

    /** @return the number of levels */
    int depth() { return levels.size(); }

    /**
     * 1-D interpolation from the coarse vertex grid (nodes at fine indices {@code min(2I, m)}) to the fine one,
     * interior nodes only: entries {@code (fine i, coarse I, weight)} flattened in triples per fine node.
     */
    private static CsrMatrix prolongation(int m, int mc) {
        int nf = m - 1, nc = mc - 1;
        int[][] cols = new int[nf][];
        double[][] w = new double[nf][];
        for (int i = 1; i <= m - 1; i++) {
            if (i % 2 == 0) {
                cols[i - 1] = new int[] {i / 2 - 1};
                w[i - 1] = new double[] {1};
            } else {
                int lo = (i - 1) / 2, hi = (i + 1) / 2; // coarse neighbours; 0 and mc are boundary nodes
                int cnt = (lo >= 1 ? 1 : 0) + (hi <= nc ? 1 : 0);
                cols[i - 1] = new int[cnt];
                w[i - 1] = new double[cnt];
                int t = 0;
                if (lo >= 1) { cols[i - 1][t] = lo - 1; w[i - 1][t++] = 0.5; }
                if (hi <= nc) { cols[i - 1][t] = hi - 1; w[i - 1][t] = 0.5; }
            }
        }
        int[] ptr = new int[nf * nf + 1];
        int nnz = 0;
        for (int i = 0; i < nf; i++) for (int j = 0; j < nf; j++) nnz += cols[i].length * cols[j].length;
        int[] ci = new int[nnz];
        double[] v = new double[nnz];
        int q = 0;
        for (int i = 0; i < nf; i++)
            for (int j = 0; j < nf; j++) {
                for (int a = 0; a < cols[i].length; a++)
                    for (int b = 0; b < cols[j].length; b++) {
                        ci[q] = cols[i][a] * nc + cols[j][b];
                        v[q++] = w[i][a] * w[j][b];
                    }
                ptr[i * nf + j + 1] = q;
            }
        return new CsrMatrix(nf * nf, nc * nc, ptr, ci, v);
    }

    /** {@code z = B r}, one V-cycle from a zero initial guess. */
    void apply(double[] r, double[] z) {
        System.arraycopy(r, 0, levels.get(0).b, 0, r.length);
        cycle(0);
        System.arraycopy(levels.get(0).x, 0, z, 0, z.length);
    }

    private void cycle(int k) {
        Level l = levels.get(k);
        java.util.Arrays.fill(l.x, 0);
        if (k == levels.size() - 1) {
            choleskySolve(coarseCholesky, coarseN, l.b, l.x);
            return;
        }
        for (int s = 0; s < sweeps; s++) l.a.gaussSeidel(l.x, l.b, l.diag, true);
        l.a.residual(l.x, l.b, l.res);
        Level c = levels.get(k + 1);
        l.r.multiply(l.res, c.b);
        cycle(k + 1);
        CsrMatrix p = l.p;
        for (int i = 0; i < p.rows; i++) {
            double s = 0;
            for (int q = p.rowPtr[i]; q < p.rowPtr[i + 1]; q++) s += p.values[q] * c.x[p.colIdx[q]];
            l.x[i] += s;
        }
        for (int s = 0; s < sweeps; s++) l.a.gaussSeidel(l.x, l.b, l.diag, false);
    }

    /** Lower Cholesky factor of a dense SPD matrix, row-major. */
    static double[] cholesky(double[] a, int n) {
        double[] l = new double[n * n];
        for (int j = 0; j < n; j++) {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
            if (!(d > 0)) throw new IllegalArgumentException("coarse operator is not positive definite");
            double ljj = Math.sqrt(d);
            l[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
                l[i * n + j] = s / ljj;
            }
        }
        return l;
    }

    static void choleskySolve(double[] l, int n, double[] b, double[] x) {
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i * n + k] * x[k];
            x[i] = s / l[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
            x[i] = s / l[i * n + i];
        }
    }
}
