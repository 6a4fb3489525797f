package org.neuralop4j.inverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;

class SqrtLassoPrimalDualTest {
    /**
     * With B = I the weighted square-root LASSO has a closed form found independently: z = soft(y, lambda r w) where
     * r = ||z - y|| solves r^2 = sum_k min(|y_k|, lambda r w_k)^2 (KKT: z - y = -r lambda w sign(z)), a scalar
     * equation solved here by bisection.
     */
    @Test
    void chambollePockConvergesToTheClosedFormSolutionForTheIdentity() {
        int n = 40;
        double[] y = Tensor.randn(5, 2 * n).data();
        double[] w = Tensor.rand(6, 0.5, 1.5, n).data();
        double lambda = 0.12;
        double lo = 1e-12, hi = ComplexArrays.norm(y);
        for (int it = 0; it < 200; it++) {
            double r = 0.5 * (lo + hi), s = 0;
            for (int k = 0; k < n; k++) {
                double m = Math.min(Math.hypot(y[2 * k], y[2 * k + 1]), lambda * r * w[k]);
                s += m * m;
            }
            if (s > r * r) lo = r;
            else hi = r;
        }
        double r = 0.5 * (lo + hi);
        double[] exact = new double[2 * n];
        Prox.softThreshold(y, lambda * r, w, exact);
        SqrtLasso problem = new SqrtLasso(new Firenet.Identity(n), lambda, w);
        SqrtLassoPrimalDual cp = new SqrtLassoPrimalDual(problem);
        double[] z = cp.run(y, new double[2 * n], null, 20000, 1, 1, true, null);
        double err = ComplexArrays.distance(z, exact) / ComplexArrays.norm(exact);
        assertTrue(err < 1e-3, "ergodic error " + err);
        // the objective at the closed form is the smallest value the iterates reach
        assertTrue(problem.objective(exact, y) <= problem.objective(z, y) + 1e-12);
        double[] last = cp.run(y, new double[2 * n], null, 3000, 0.9, 0.9, false, null);
        assertTrue(ComplexArrays.distance(last, exact) / ComplexArrays.norm(exact) < 1e-8, "last iterate");
    }

    /**
     * Noiseless Gaussian measurements of a sparse vector: FIRENET recovers it exactly (the square-root LASSO with
     * small lambda is an exact penalty), reaching the optimal value lambda ||x||_1, and the stall detector stays quiet.
     */
    @Test
    void firenetRecoversASparseVectorFromGaussianMeasurements() {
        int m = 60, n = 100;
        MatrixOperator a = MatrixOperator.gaussian(m, n, 3);
        double L = a.normEstimate(500, 1) * (1 + 1e-9);
        double[] x = sparse(n);
        double[] y = a.apply(x);
        Firenet f = Firenet.builder(a).lambda(0.05).innerIterations(40).restarts(40).operatorNorm(L)
                .epsilon0(ComplexArrays.norm(y)).build();
        Reconstruction r = f.reconstruct(y);
        assertTrue(ComplexArrays.distance(r.image(), x) / ComplexArrays.norm(x) < 1e-10);
        assertEquals(0.05 * 36, r.objectives()[39], 1e-10);
        assertTrue(!r.stall().stalled(), r.stall().message());
    }

    /**
     * With noise and m < N the minimiser fits the data exactly; the restart schedule with delta = 1e-12 cannot
     * follow (the problem is not sharp enough for p = 40) and the detector says so. An independent check confirms
     * the stall is real: a long plain Chambolle-Pock run reaches a lower objective than the stalled FIRENET.
     */
    @Test
    void stallOnANoisyGaussianProblemIsRealAndDetected() {
        int m = 60, n = 100;
        MatrixOperator a = MatrixOperator.gaussian(m, n, 3);
        double L = a.normEstimate(500, 1) * (1 + 1e-9);
        double[] y = a.apply(sparse(n));
        double[] e = Tensor.randn(9, 2 * m).data();
        for (int i = 0; i < y.length; i++) y[i] += 0.01 * e[i];
        Firenet f = Firenet.builder(a).lambda(0.05).innerIterations(40).restarts(40).operatorNorm(L)
                .epsilon0(ComplexArrays.norm(y)).build();
        Reconstruction r = f.reconstruct(y);
        assertTrue(r.stall().stalled(), r.stall().message());
        SqrtLasso problem = new SqrtLasso(a, 0.05, null);
        double[] z = new SqrtLassoPrimalDual(problem).run(y, new double[2 * n], null, 50000, 1 / L, 1 / L, false, null);
        assertTrue(problem.objective(z, y) < r.objectives()[39] - 1e-3,
                "long CP " + problem.objective(z, y) + " vs stalled FIRENET " + r.objectives()[39]);
    }

    private static double[] sparse(int n) {
        double[] x = new double[2 * n];
        for (int k = 0; k < 8; k++) x[2 * (k * 11)] = 1 + k; // 8-sparse, ||x||_1 = 36
        return x;
    }
}
