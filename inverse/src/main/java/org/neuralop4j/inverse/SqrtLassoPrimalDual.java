package org.neuralop4j.inverse;

/**
 * The Chambolle-Pock primal-dual method for the weighted square-root LASSO {@link SqrtLasso} (Chambolle and Pock,
 * J. Math. Imaging Vis. 2011, doi:10.1007/s10851-010-0251-1), in the form FIRENET unrolls
 * (Colbrook, Antun, Hansen, PNAS 2022, arXiv:2101.08286, Algorithm "InnerIt"): with step sizes
 * {@code tau sigma ||B||^2 <= 1},
 * <pre>
 *   z_{j+1} = soft_{tau lambda w}(z_j - tau B^H v_j)
 *   v_{j+1} = proj_{||.|| <= 1}(v_j + sigma B(2 z_{j+1} - z_j) - sigma y)
 * </pre>
 * starting from {@code (z_0, v_0)}, and returns the ergodic average {@code (1/p) sum_{j=1}^p z_j} (for which
 * {@code F(avg) - F* <= (||z_0 - z*||^2 / tau + ||v_0 - v*||^2 / sigma) / p}) or the last iterate.
 *
 * <p>{@code B(2 z_{j+1} - z_j)} is computed as {@code 2 B z_{j+1} - B z_j} with {@code B z_j} carried over from
 * the previous step: one {@code B} and one {@code B^H} per step. All buffers are preallocated in the constructor;
 * an instance is not thread-safe.
 */
public final class SqrtLassoPrimalDual {
    private final SqrtLasso problem;
    private final LinearOperator b;
    private final int n, m;
    private final double[] z, v, bz, bzNext, sum, grad;

    /** @param problem the square-root LASSO to solve */
    public SqrtLassoPrimalDual(SqrtLasso problem) {
        this.problem = problem;
        this.b = problem.operator();
        n = b.domainSize();
        m = b.rangeSize();
        z = new double[2 * n];
        v = new double[2 * m];
        bz = new double[2 * m];
        bzNext = new double[2 * m];
        sum = new double[2 * n];
        grad = new double[2 * n];
    }

    /** @return the problem */
    public SqrtLasso problem() { return problem; }

    /**
     * Runs {@code p} steps from {@code (z0, v0)}.
     * @param y        data, {@code m} complex entries (not modified)
     * @param z0       primal start, {@code N} entries (not modified)
     * @param v0       dual start, {@code m} entries, or {@code null} for zero (not modified)
     * @param ergodic  return the average of {@code z_1..z_p} (true) or {@code z_p} (false)
     * @param vOut     if not {@code null}, receives the last dual iterate {@code v_p}
     * @return the primal output (new array)
     */
    public double[] run(double[] y, double[] z0, double[] v0, int p, double tau, double sigma, boolean ergodic, double[] vOut) {
        ComplexArrays.checkComplexLength("y", y, m);
        ComplexArrays.checkComplexLength("z0", z0, n);
        if (p < 1) throw new IllegalArgumentException("p must be >= 1, got " + p);
        org.neuralop4j.core.Checks.positive("tau", tau);
        org.neuralop4j.core.Checks.positive("sigma", sigma);
        System.arraycopy(z0, 0, z, 0, 2 * n);
        if (v0 == null) java.util.Arrays.fill(v, 0);
        else {
            ComplexArrays.checkComplexLength("v0", v0, m);
            System.arraycopy(v0, 0, v, 0, 2 * m);
        }
        java.util.Arrays.fill(sum, 0);
        b.apply(z, bz);
        double[] w = problem.weights();
        double lambda = problem.lambda();
        double[] bzCur = bz, bzNew = bzNext;
        for (int j = 0; j < p; j++) {
            primalStep(b, z, v, tau, lambda, w, grad);
            b.apply(z, bzNew);
            dualStep(v, bzNew, bzCur, y, sigma, 1.0);
            for (int i = 0; i < sum.length; i++) sum[i] += z[i];
            double[] t = bzCur;
            bzCur = bzNew;
            bzNew = t;
        }
        if (vOut != null) System.arraycopy(v, 0, vOut, 0, 2 * m);
        double[] out = new double[2 * n];
        if (ergodic) for (int i = 0; i < out.length; i++) out[i] = sum[i] / p;
        else System.arraycopy(z, 0, out, 0, out.length);
        return out;
    }

    /** {@code z <- soft_{tau lambda w}(z - tau B^H v)}; {@code work} receives {@code B^H v}. */
    static void primalStep(LinearOperator b, double[] z, double[] v, double tau, double lambda, double[] w, double[] work) {
        b.adjoint(v, work);
        for (int i = 0; i < z.length; i++) z[i] -= tau * work[i];
        Prox.softThreshold(z, tau * lambda, w, z);
    }

    /** {@code v <- proj_ball(v + sigma (2 bzNew - bzOld) - sigma scale y)}. */
    static void dualStep(double[] v, double[] bzNew, double[] bzOld, double[] y, double sigma, double scale) {
        double sy = sigma * scale;
        for (int i = 0; i < v.length; i++) v[i] = v[i] + sigma * (2 * bzNew[i] - bzOld[i]) - sy * y[i];
        Prox.projectBall(v, 1.0, v);
    }
}
