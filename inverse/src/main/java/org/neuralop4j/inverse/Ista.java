package org.neuralop4j.inverse;

import java.util.Arrays;

/**
 * ISTA and FISTA for the weighted LASSO {@code min_z lambda ||z||_{l1_w} + ||B z - y||^2 / 2}
 * (Daubechies, Defrise, De Mol, CPAM 2004, doi:10.1002/cpa.20042; Beck and Teboulle, SIAM J. Imaging Sci. 2009,
 * doi:10.1137/080716542): {@code z <- soft_{lambda w / L^2}(u - B^H (B u - y) / L^2)} with {@code u = z} (ISTA) or
 * the Nesterov extrapolation {@code u = z_k + (t_{k-1} - 1)/t_k (z_k - z_{k-1})} (FISTA), {@code L >= ||B||}.
 * ISTA's unrolled form with learned matrices and thresholds is {@link Lista}.
 */
public final class Ista {
    private final LinearOperator b;
    private final double lambda, lipschitz;
    private final double[] weights;

    /**
     * @param b            {@code B}
     * @param lambda       {@code > 0}
     * @param weights      one positive weight per coefficient, or {@code null} for ones
     * @param operatorNorm an upper bound {@code L} on {@code ||B||}
     */
    public Ista(LinearOperator b, double lambda, double[] weights, double operatorNorm) {
        this.b = b;
        this.lambda = org.neuralop4j.core.Checks.positive("lambda", lambda);
        this.lipschitz = org.neuralop4j.core.Checks.positive("operatorNorm", operatorNorm);
        if (weights == null) {
            this.weights = new double[b.domainSize()];
            Arrays.fill(this.weights, 1);
        } else {
            if (weights.length != b.domainSize()) throw new IllegalArgumentException("weights has " + weights.length + " entries, expected " + b.domainSize());
            this.weights = weights.clone();
        }
    }

    /** @return {@code lambda ||z||_{l1_w} + ||B z - y||^2 / 2} */
    public double objective(double[] z, double[] y) {
        double[] r = b.apply(z);
        for (int i = 0; i < r.length; i++) r[i] -= y[i];
        double l1 = 0;
        for (int k = 0; k < weights.length; k++) l1 += weights[k] * Math.hypot(z[2 * k], z[2 * k + 1]);
        double nr = ComplexArrays.norm(r);
        return lambda * l1 + 0.5 * nr * nr;
    }

    /** Runs {@code iterations} ISTA steps from zero. */
    public double[] ista(double[] y, int iterations) { return run(y, iterations, false); }

    /** Runs {@code iterations} FISTA steps from zero. */
    public double[] fista(double[] y, int iterations) { return run(y, iterations, true); }

    private double[] run(double[] y, int iterations, boolean accelerate) {
        ComplexArrays.checkComplexLength("y", y, b.rangeSize());
        int n = b.domainSize();
        double step = 1 / (lipschitz * lipschitz);
        double[] z = new double[2 * n], zPrev = new double[2 * n], u = new double[2 * n], g = new double[2 * n];
        double[] r = new double[2 * b.rangeSize()];
        double t = 1;
        for (int it = 0; it < iterations; it++) {
            b.apply(u, r);
            for (int i = 0; i < r.length; i++) r[i] -= y[i];
            b.adjoint(r, g);
            System.arraycopy(z, 0, zPrev, 0, z.length);
            for (int i = 0; i < z.length; i++) z[i] = u[i] - step * g[i];
            Prox.softThreshold(z, step * lambda, weights, z);
            if (accelerate) {
                double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
                double mom = (t - 1) / tNext;
                for (int i = 0; i < z.length; i++) u[i] = z[i] + mom * (z[i] - zPrev[i]);
                t = tNext;
            } else System.arraycopy(z, 0, u, 0, z.length);
        }
        return z;
    }
}
