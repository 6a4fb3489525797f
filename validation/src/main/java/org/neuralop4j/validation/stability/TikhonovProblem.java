package org.neuralop4j.validation.stability;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.Tensor;

/**
 * A linear inverse problem with a chosen spectrum and its Tikhonov reconstruction map, whose operator norm is
 * known in closed form: a test case for the stability checks.
 *
 * <p>{@code A = U diag(sigma) V^T} ({@code (m, n)}, {@code m >= n}) with {@code U, V} the Q factors of seeded
 * Gaussian matrices (Haar-distributed orthogonal after fixing the signs of R's diagonal). The reconstruction map
 * {@code Phi(y) = (A^T A + mu I)^{-1} A^T y} is formed by an LU solve (not from the SVD formula, so the check is
 * not circular); in the SVD basis it is {@code V diag(sigma_i / (sigma_i^2 + mu)) U^T}, so
 * {@code ||Phi|| = max_i sigma_i / (sigma_i^2 + mu)} (at most {@code 1 / (2 sqrt(mu))}, reached at
 * {@code sigma = sqrt(mu)}).
 */
public final class TikhonovProblem {
    private final Tensor forward;
    private final MatrixMap reconstruction;
    private final double[] sigma;
    private final double mu;

    private TikhonovProblem(Tensor forward, MatrixMap reconstruction, double[] sigma, double mu) {
        this.forward = forward;
        this.reconstruction = reconstruction;
        this.sigma = sigma;
        this.mu = mu;
    }

    /**
     * @param m     number of measurements
     * @param sigma singular values of {@code A} (length {@code n <= m}, positive)
     * @param mu    Tikhonov weight, positive
     * @param seed  seed of the orthogonal factors
     */
    public static TikhonovProblem create(int m, double[] sigma, double mu, long seed) {
        int n = sigma.length;
        Checks.positive("n", n);
        Checks.argument(m >= n, "m must be >= n = " + n + ", got " + m);
        Checks.positive("mu", mu);
        for (double s : sigma) Checks.positive("sigma", s);
        DMatrixRMaj u = orthogonal(m, seed);
        DMatrixRMaj v = orthogonal(n, seed + 1);
        DMatrixRMaj us = CommonOps_DDRM.extract(u, 0, m, 0, n); // U[:, :n] diag(sigma)
        for (int i = 0; i < m; i++)
            for (int k = 0; k < n; k++) us.set(i, k, us.get(i, k) * sigma[k]);
        DMatrixRMaj a = new DMatrixRMaj(m, n);
        CommonOps_DDRM.multTransB(us, v, a);
        DMatrixRMaj ata = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransA(a, a, ata);
        for (int i = 0; i < n; i++) ata.add(i, i, mu);
        DMatrixRMaj at = CommonOps_DDRM.transpose(a, null);
        DMatrixRMaj phi = new DMatrixRMaj(n, m);
        if (!CommonOps_DDRM.solve(ata, at, phi)) throw new IllegalStateException("A^T A + mu I is singular for mu = " + mu);
        return new TikhonovProblem(Tensor.wrap(a.getData().clone(), m, n), new MatrixMap(Tensor.wrap(phi.getData().clone(), n, m)),
                sigma.clone(), mu);
    }

    /** Singular values {@code 10^(-decades * i / (n-1))}, i = 0..n-1: a smoothly decaying spectrum. */
    public static double[] geometricSpectrum(int n, double decades) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = Math.pow(10, -decades * i / Math.max(1, n - 1));
        return s;
    }

    private static DMatrixRMaj orthogonal(int n, long seed) {
        Tensor g = Tensor.randn(seed, n, n);
        DMatrixRMaj x = new DMatrixRMaj(n, n, true, g.data());
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, n);
        if (!qr.decompose(x)) throw new IllegalStateException("QR decomposition failed");
        DMatrixRMaj q = qr.getQ(null, false);
        DMatrixRMaj r = qr.getR(null, false);
        for (int j = 0; j < n; j++)
            if (r.get(j, j) < 0) for (int i = 0; i < n; i++) q.set(i, j, -q.get(i, j));
        return q;
    }

    /** @return {@code A}, shape {@code (m, n)} */
    public Tensor forward() { return forward; }

    /** @return the reconstruction map {@code Phi}, vectors {@code (m) -> (n)} */
    public MatrixMap reconstruction() { return reconstruction; }

    /** @return the singular values of {@code A} */
    public double[] sigma() { return sigma.clone(); }

    /** @return the Tikhonov weight */
    public double mu() { return mu; }

    /** @return {@code ||Phi||_2 = max_i sigma_i / (sigma_i^2 + mu)}, exact */
    public double reconstructionNorm() {
        double best = 0;
        for (double s : sigma) best = Math.max(best, s / (s * s + mu));
        return best;
    }

    /** @return {@code ||Phi||_F / sqrt(m)}: the root-mean-square ratio a random perturbation sees */
    public double randomPerturbationRms() {
        double s2 = 0;
        for (double s : sigma) {
            double g = s / (s * s + mu);
            s2 += g * g;
        }
        return Math.sqrt(s2 / forward.dim(0));
    }
}
