package org.neuralop4j.core.pde;

import org.neuralop4j.core.Checks;

/**
 * Steady Darcy flow {@code -div(a grad u) = f} on the unit square with {@code u = 0} on the boundary, by
 * second-order finite differences, as in the FNO data (Li et al., arXiv:2010.08895; graph-pde
 * {@code solve_gwf.m}).
 *
 * <p><b>Grid.</b> The {@code s x s} vertex grid {@code (x_i, y_j) = (i, j) / (s-1)}, {@code i, j = 0..s-1},
 * includes the boundary nodes (s = 421, 211, 141, 85 ... as in the FNO files). Arrays are row-major with the first
 * index along x: {@code a[i*s + j] = a(x_i, y_j)}. The returned {@code u} has zeros on boundary nodes.
 *
 * <p><b>Scheme.</b> The five-point variable-coefficient stencil with arithmetic face averages (the choice of
 * {@code solve_gwf.m}): {@code (1/h^2) sum_{nb} a_{face} (u_P - u_{nb}) = f_P}, {@code a_{face} = (a_P + a_{nb})/2},
 * {@code h = 1/(s-1)}. Second order for smooth {@code a} and {@code u} (tested with a manufactured solution).
 *
 * <p><b>Solver.</b> Conjugate gradients preconditioned by one geometric multigrid V-cycle with Galerkin coarse
 * operators and symmetric Gauss–Seidel smoothing, to a relative residual {@code ||b - A u||_2 <= tol ||b||_2}
 * (default 1e-10). Robust for the FNO's piecewise-constant 12/3 coefficient; a 421 x 421 solve takes a fraction of
 * a second. Each call builds its own hierarchy, so one instance can be used from many threads.
 */
public final class DarcySolver {
    /** Outcome of one solve. */
    public static final class Result {
        /** The solution on the full {@code s x s} grid, zeros on the boundary. */
        public final double[] u;
        /** Conjugate-gradient iterations taken. */
        public final int iterations;
        /** Final {@code ||b - A u||_2 / ||b||_2}. */
        public final double relativeResidual;

        Result(double[] u, int iterations, double relativeResidual) {
            this.u = u;
            this.iterations = iterations;
            this.relativeResidual = relativeResidual;
        }
    }

    private final int s;
    private final double tol;
    private final int maxIterations;

    /** A solver for the {@code s x s} grid with relative residual tolerance 1e-10. */
    public DarcySolver(int s) { this(s, 1e-10, 500); }

    /**
     * @param s             grid points per axis including the boundary, at least 3
     * @param tol           relative residual tolerance, in (0, 1)
     * @param maxIterations conjugate-gradient iteration limit
     */
    public DarcySolver(int s, double tol, int maxIterations) {
        if (s < 3) throw new IllegalArgumentException("s (grid points per axis, boundary included) must be at least 3, got " + s);
        if (!(tol > 0 && tol < 1)) throw new IllegalArgumentException("tol must lie in (0, 1), got " + tol);
        Checks.positive("maxIterations", maxIterations);
        this.s = s;
        this.tol = tol;
        this.maxIterations = maxIterations;
    }

    /** @return grid points per axis */
    public int s() { return s; }

    /**
     * The FNO coefficient: {@code 12} where {@code g >= 0}, {@code 3} where {@code g < 0}.
     * @param g a Gaussian random field sample (not modified)
     * @return a new array
     */
    public static double[] fnoThreshold(double[] g) {
        double[] a = new double[g.length];
        for (int i = 0; i < g.length; i++) a[i] = g[i] >= 0 ? 12 : 3;
        return a;
    }

    /** The finite-difference matrix on the {@code (s-2)^2} interior unknowns, row-major interior ordering. */
    CsrMatrix assemble(double[] a) {
        int m = s - 2, nUnknowns = m * m;
        double invH2 = (double) (s - 1) * (s - 1);
        int[] ptr = new int[nUnknowns + 1];
        int[] ci = new int[5 * nUnknowns];
        double[] v = new double[5 * nUnknowns];
        int q = 0;
        for (int i = 1; i <= m; i++)
            for (int j = 1; j <= m; j++) {
                double ap = a[i * s + j];
                double aw = 0.5 * (ap + a[(i - 1) * s + j]), ae = 0.5 * (ap + a[(i + 1) * s + j]);
                double as = 0.5 * (ap + a[i * s + j - 1]), an = 0.5 * (ap + a[i * s + j + 1]);
                int row = (i - 1) * m + (j - 1);
                if (i > 1) { ci[q] = row - m; v[q++] = -aw * invH2; }
                if (j > 1) { ci[q] = row - 1; v[q++] = -as * invH2; }
                ci[q] = row; v[q++] = (aw + ae + as + an) * invH2;
                if (j < m) { ci[q] = row + 1; v[q++] = -an * invH2; }
                if (i < m) { ci[q] = row + m; v[q++] = -ae * invH2; }
                ptr[row + 1] = q;
            }
        return new CsrMatrix(nUnknowns, nUnknowns, ptr, java.util.Arrays.copyOf(ci, q), java.util.Arrays.copyOf(v, q));
    }

    /**
     * Solves {@code -div(a grad u) = f}, {@code u = 0} on the boundary.
     * @param a coefficient at the {@code s*s} nodes, positive and finite (not modified)
     * @param f right-hand side at the nodes (boundary values unused; not modified)
     * @return the solution and solver statistics
     * @throws IllegalStateException if the tolerance is not reached within the iteration limit
     */
    public Result solve(double[] a, double[] f) {
        int n2 = s * s;
        if (a.length != n2) throw new IllegalArgumentException("coefficient a has " + a.length + " values, expected s*s = " + n2);
        if (f.length != n2) throw new IllegalArgumentException("right-hand side f has " + f.length + " values, expected s*s = " + n2);
        for (int i = 0; i < n2; i++)
            if (!(a[i] > 0) || Double.isInfinite(a[i])) throw new IllegalArgumentException("coefficient a must be positive and finite, got " + a[i] + " at node " + i);
        int m = s - 2;
        CsrMatrix mat = assemble(a);
        double[] b = new double[m * m];
        for (int i = 1; i <= m; i++) for (int j = 1; j <= m; j++) b[(i - 1) * m + (j - 1)] = f[i * s + j];
        double[] x = new double[m * m];
        int it = 0;
        double rel = 0;
        double bNorm = norm(b);
        if (bNorm > 0) {
            Multigrid mg = new Multigrid(mat, s, 1);
            double[] r = b.clone(), z = new double[m * m], p = new double[m * m], ap = new double[m * m];
            mg.apply(r, z);
            System.arraycopy(z, 0, p, 0, z.length);
            double rz = dot(r, z);
            rel = 1;
            while (rel > tol) {
                if (it >= maxIterations)
                    throw new IllegalStateException("Darcy solve did not reach relative residual " + tol + " in " + maxIterations + " iterations (at " + rel + ")");
                mat.multiply(p, ap);
                double alpha = rz / dot(p, ap);
                for (int i = 0; i < x.length; i++) {
                    x[i] += alpha * p[i];
                    r[i] -= alpha * ap[i];
                }
                it++;
                rel = norm(r) / bNorm;
                if (rel <= tol) break;
                mg.apply(r, z);
                double rzNew = dot(r, z);
                double beta = rzNew / rz;
                rz = rzNew;
                for (int i = 0; i < p.length; i++) p[i] = z[i] + beta * p[i];
            }
            // report the true residual, not the recursively updated one
            double[] res = new double[m * m];
            mat.residual(x, b, res);
            rel = norm(res) / bNorm;
        }
        double[] u = new double[n2];
        for (int i = 1; i <= m; i++) System.arraycopy(x, (i - 1) * m, u, i * s + 1, m);
        return new Result(u, it, rel);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double norm(double[] a) { return Math.sqrt(dot(a, a)); }
}
