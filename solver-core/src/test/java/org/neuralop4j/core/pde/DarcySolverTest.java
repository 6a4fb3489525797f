package org.neuralop4j.core.pde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class DarcySolverTest {
    // manufactured solution u = sin(pi x) sin(2 pi y), a = 1 + 0.5 sin(2 pi x) cos(pi y)
    static double u(double x, double y) { return Math.sin(Math.PI * x) * Math.sin(2 * Math.PI * y); }

    static double a(double x, double y) { return 1 + 0.5 * Math.sin(2 * Math.PI * x) * Math.cos(Math.PI * y); }

    static double f(double x, double y) {
        double pi = Math.PI;
        double ux = pi * Math.cos(pi * x) * Math.sin(2 * pi * y), uy = 2 * pi * Math.sin(pi * x) * Math.cos(2 * pi * y);
        double lap = -5 * pi * pi * u(x, y);
        double ax = pi * Math.cos(2 * pi * x) * Math.cos(pi * y), ay = -0.5 * pi * Math.sin(2 * pi * x) * Math.sin(pi * y);
        return -(ax * ux + ay * uy + a(x, y) * lap);
    }

    static double manufacturedError(int s) {
        double[] av = new double[s * s], fv = new double[s * s];
        double h = 1.0 / (s - 1);
        for (int i = 0; i < s; i++)
            for (int j = 0; j < s; j++) {
                av[i * s + j] = a(i * h, j * h);
                fv[i * s + j] = f(i * h, j * h);
            }
        DarcySolver.Result r = new DarcySolver(s).solve(av, fv);
        assertTrue(r.relativeResidual <= 1e-10, "residual " + r.relativeResidual);
        double err = 0;
        for (int i = 0; i < s; i++) for (int j = 0; j < s; j++) err = Math.max(err, Math.abs(r.u[i * s + j] - u(i * h, j * h)));
        return err;
    }

    @Test
    void manufacturedSolutionConvergesAtSecondOrder() {
        int[] sizes = {17, 33, 65, 129};
        double[] err = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) err[i] = manufacturedError(sizes[i]);
        for (int i = 1; i < sizes.length; i++) {
            double order = Math.log(err[i - 1] / err[i]) / Math.log((sizes[i] - 1.0) / (sizes[i - 1] - 1.0));
            assertEquals(2, order, 0.1, "order between s=" + sizes[i - 1] + " and " + sizes[i] + ", errors " + java.util.Arrays.toString(err));
        }
    }

    /** The FNO coefficient (12/3 jumps) on grids whose interval counts are odd at some level (84 = 4*21, 100 = 4*25). */
    @Test
    void jumpCoefficientSolvesToTolerance() {
        for (int s : new int[] {85, 101, 64}) {
            GaussianRandomField grf = GaussianRandomField.fnoNeumann2d(s, 2, 3);
            double[] a = DarcySolver.fnoThreshold(grf.sample(SampleStreams.forSample(11, s)));
            double[] f = new double[s * s];
            java.util.Arrays.fill(f, 1);
            DarcySolver.Result r = new DarcySolver(s).solve(a, f);
            assertTrue(r.relativeResidual <= 1e-10, "s=" + s + " residual " + r.relativeResidual);
            assertTrue(r.iterations <= 40, "s=" + s + " took " + r.iterations + " iterations");
            // discrete maximum principle (the matrix is an M-matrix): f >= 0 and u = 0 on the boundary give u >= 0
            for (double v : r.u) assertTrue(v >= -1e-12);
            for (int i = 0; i < s; i++) assertEquals(0, r.u[i] + r.u[i * s] + r.u[(s - 1) * s + i] + r.u[i * s + s - 1]);
        }
    }

    /** Against a dense Cholesky solve of the same system (s = 24: 23 intervals, odd at the first coarsening). */
    @Test
    void agreesWithDenseDirectSolve() {
        int s = 24, m = s - 2;
        double[] a = DarcySolver.fnoThreshold(GaussianRandomField.fnoNeumann2d(s, 2, 3).sample(SampleStreams.forSample(4, 1)));
        double[] f = new double[s * s];
        for (int i = 0; i < f.length; i++) f[i] = Math.cos(i);
        DarcySolver d = new DarcySolver(s);
        double[] dense = d.assemble(a).toDense();
        double[] b = new double[m * m], x = new double[m * m];
        for (int i = 1; i <= m; i++) for (int j = 1; j <= m; j++) b[(i - 1) * m + j - 1] = f[i * s + j];
        Multigrid.choleskySolve(Multigrid.cholesky(dense, m * m), m * m, b, x);
        double[] u = d.solve(a, f).u;
        double scale = 0;
        for (double v : x) scale = Math.max(scale, Math.abs(v));
        for (int i = 1; i <= m; i++)
            for (int j = 1; j <= m; j++) assertEquals(x[(i - 1) * m + j - 1], u[i * s + j], 1e-9 * scale);
    }

    /** One V-cycle is a symmetric preconditioner: <B x, y> = <x, B y>, and positive: <B x, x> > 0. */
    @Test
    void multigridPreconditionerIsSymmetricPositive() {
        int s = 23;
        double[] a = DarcySolver.fnoThreshold(GaussianRandomField.fnoNeumann2d(s, 2, 3).sample(SampleStreams.forSample(2, 0)));
        CsrMatrix mat = new DarcySolver(s).assemble(a);
        Multigrid mg = new Multigrid(mat, s, 1);
        assertTrue(mg.depth() >= 2);
        int n = mat.rows;
        UniformRandomProvider rng = SampleStreams.forSample(9, 9);
        double[] x = new double[n], y = new double[n], bx = new double[n], by = new double[n];
        for (int i = 0; i < n; i++) { x[i] = rng.nextDouble() - 0.5; y[i] = rng.nextDouble() - 0.5; }
        mg.apply(x, bx);
        mg.apply(y, by);
        double l = 0, r = 0, p = 0;
        for (int i = 0; i < n; i++) { l += bx[i] * y[i]; r += x[i] * by[i]; p += bx[i] * x[i]; }
        assertEquals(l, r, 1e-12 * Math.abs(l));
        assertTrue(p > 0);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new DarcySolver(2));
        DarcySolver d = new DarcySolver(5);
        assertThrows(IllegalArgumentException.class, () -> d.solve(new double[24], new double[25]));
        double[] a = new double[25];
        java.util.Arrays.fill(a, 1);
        a[7] = -1;
        assertThrows(IllegalArgumentException.class, () -> d.solve(a, new double[25]));
    }
}
