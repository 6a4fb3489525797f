package org.neuralop4j.inverse;

import java.util.Arrays;
import org.neuralop4j.core.Checks;

/**
 * WARPd, Weighted, Accelerated and Restarted Primal-dual (Colbrook, "WARPd: a linearly convergent first-order
 * primal-dual algorithm for inverse problems with approximate sharpness conditions", SIAM J. Imaging Sci. 2022,
 * doi:10.1137/21M1455000, arXiv:2110.12437), in general (analysis) form:
 * <pre>   min_x  lambda ||Psi x||_{l1_w} + ||A x - y||_2   </pre>
 * with an analysis operator {@code Psi} (the discrete gradient for anisotropic total variation, a wavelet or
 * frame analysis, ...). Inner iterations are Chambolle-Pock steps on {@code K = [Psi; A]}:
 * <pre>
 *   x' = x - tau (Psi^H u + A^H v)
 *   u  = proj_{|u_i| <= lambda w_i}(u + sigma Psi (2x' - x))
 *   v  = proj_{||v|| <= 1}(v + sigma (A (2x' - x) - a_k y))
 * </pre>
 * with {@code tau = sigma = 1 / L}, {@code L >= ||K|| = sqrt(||Psi||^2 + ||A||^2)} bound, and ergodic averages.
 * Restart {@code k} reweights the problem by {@code a_k = 2L / (eps_k p)} with the same schedule
 * {@code eps_k = e^{-1}(delta + eps_{k-1})} as {@link Firenet} (the problem is positively homogeneous, so the
 * rescaled problem has the same minimisers and the same dual feasible set), and, unlike FIRENET, warm-starts the
 * dual variables {@code (u, v)} from the previous restart instead of resetting them to zero.
 */
public final class Warpd {
    private final LinearOperator a, psi;
    private final double lambda, delta, epsilon0, l, tau, sigma;
    private final double[] weights;
    private final int p, restarts, n, m, k;
    private final StallDetector stallDetector = new StallDetector();

    /**
     * @param a            measurement operator {@code A: C^N -> C^m}
     * @param psi          analysis operator {@code Psi: C^N -> C^K}
     * @param lambda       {@code > 0}
     * @param weights      {@code K} positive weights or {@code null} for ones
     * @param p            inner iterations per restart
     * @param restarts     number of restarts
     * @param delta        noise allowance of the schedule
     * @param epsilon0     initial error bound (e.g. {@code ||y||})
     * @param operatorNorm an upper bound on {@code sqrt(||Psi||^2 + ||A||^2)}
     */
    public Warpd(LinearOperator a, LinearOperator psi, double lambda, double[] weights, int p, int restarts,
                 double delta, double epsilon0, double operatorNorm) {
        if (psi.domainSize() != a.domainSize())
            throw new IllegalArgumentException("Psi acts on " + psi.domainSize() + " entries but A on " + a.domainSize());
        this.a = a;
        this.psi = psi;
        this.lambda = Checks.positive("lambda", lambda);
        this.p = Checks.positive("p", p);
        this.restarts = Checks.positive("restarts", restarts);
        this.delta = Checks.nonNegative("delta", delta);
        this.epsilon0 = Checks.positive("epsilon0", epsilon0);
        this.l = Checks.positive("operatorNorm", operatorNorm);
        tau = 1 / l;
        sigma = 1 / l;
        n = a.domainSize();
        m = a.rangeSize();
        k = psi.rangeSize();
        this.weights = new double[k];
        if (weights == null) Arrays.fill(this.weights, 1);
        else {
            if (weights.length != k) throw new IllegalArgumentException("weights has " + weights.length + " entries, expected " + k);
            System.arraycopy(weights, 0, this.weights, 0, k);
        }
    }

    /** @return {@code lambda ||Psi x||_{l1_w} + ||A x - y||} */
    public double objective(double[] x, double[] y) {
        double[] c = psi.apply(x);
        double l1 = 0;
        for (int i = 0; i < k; i++) l1 += weights[i] * Math.hypot(c[2 * i], c[2 * i + 1]);
        double[] r = a.apply(x);
        for (int i = 0; i < r.length; i++) r[i] -= y[i];
        return lambda * l1 + ComplexArrays.norm(r);
    }

    /** Runs WARPd on {@code y}; with {@code truthImage} (or {@code null}) it records the per-restart relative error. */
    public Reconstruction reconstruct(double[] y, double[] truthImage) {
        ComplexArrays.checkComplexLength("y", y, m);
        double[] x = new double[2 * n], xNew = new double[2 * n], ext = new double[2 * n], sum = new double[2 * n];
        double[] u = new double[2 * k], v = new double[2 * m], pu = new double[2 * k], av = new double[2 * m];
        double[] gu = new double[2 * n], gv = new double[2 * n];
        double[] est = new double[2 * n], prev = new double[2 * n];
        double[] radii = new double[k];
        for (int i = 0; i < k; i++) radii[i] = lambda * weights[i];
        double truthNorm = truthImage == null ? 1 : ComplexArrays.norm(truthImage);
        Reconstruction.Builder hist = new Reconstruction.Builder(restarts, delta, l);
        double eps = epsilon0, al = 1;
        for (int r = 1; r <= restarts + 1; r++) {
            boolean probe = r == restarts + 1; // one more restart at the last scale, for the stall detector
            if (!probe) {
                eps = Math.exp(-1) * (delta + eps);
                al = 2 * l / (eps * p);
            }
            for (int i = 0; i < x.length; i++) x[i] = al * est[i];
            Arrays.fill(sum, 0);
            for (int j = 0; j < p; j++) {
                psi.adjoint(u, gu);
                a.adjoint(v, gv);
                for (int i = 0; i < x.length; i++) xNew[i] = x[i] - tau * (gu[i] + gv[i]);
                for (int i = 0; i < x.length; i++) ext[i] = 2 * xNew[i] - x[i];
                psi.apply(ext, pu);
                for (int i = 0; i < u.length; i++) u[i] += sigma * pu[i];
                Prox.projectModulus(u, radii, u);
                a.apply(ext, av);
                for (int i = 0; i < v.length; i++) v[i] += sigma * (av[i] - al * y[i]);
                Prox.projectBall(v, 1, v);
                double[] t = x;
                x = xNew;
                xNew = t;
                for (int i = 0; i < sum.length; i++) sum[i] += x[i];
            }
            if (probe) {
                double s2 = 0;
                for (int i = 0; i < est.length; i++) {
                    double d = sum[i] / (p * al) - est[i];
                    s2 += d * d;
                }
                hist.probe(Math.sqrt(s2), hist.changes[hist.k - 1]);
                break;
            }
            System.arraycopy(est, 0, prev, 0, est.length);
            for (int i = 0; i < est.length; i++) est[i] = sum[i] / (p * al);
            double[] res = a.apply(est);
            for (int i = 0; i < res.length; i++) res[i] -= y[i];
            double err = truthImage == null ? Double.NaN : ComplexArrays.distance(est, truthImage) / truthNorm;
            hist.add(eps, objective(est, y), ComplexArrays.norm(res), ComplexArrays.distance(est, prev), err);
        }
        return hist.build(est.clone(), est.clone(), stallDetector);
    }
}
