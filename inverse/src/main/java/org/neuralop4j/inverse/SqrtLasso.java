package org.neuralop4j.inverse;

import java.util.Arrays;

/**
 * The weighted square-root LASSO {@code min_z F(z) = lambda ||z||_{l1_w} + ||B z - y||_2}, with
 * {@code ||z||_{l1_w} = sum_k w_k |z_k|} and {@code B = A W^{-1}} (measurement after synthesis from the sparse
 * coefficients {@code z}). Its dual is {@code max Re<v, y>} over {@code ||v||_2 <= 1} and
 * {@code |(B^H v)_k| <= lambda w_k}, which gives the duality-gap certificate {@link #gap}.
 */
public final class SqrtLasso {
    private final LinearOperator b;
    private final double lambda;
    private final double[] weights;
    private final double[] workM, workN;

    /**
     * @param b       {@code B: C^N -> C^m}
     * @param lambda  {@code > 0}
     * @param weights {@code N} positive weights (copied); {@code null} means all ones
     */
    public SqrtLasso(LinearOperator b, double lambda, double[] weights) {
        this.b = b;
        this.lambda = org.neuralop4j.core.Checks.positive("lambda", lambda);
        if (weights == null) {
            this.weights = new double[b.domainSize()];
            Arrays.fill(this.weights, 1.0);
        } else {
            if (weights.length != b.domainSize())
                throw new IllegalArgumentException("weights has " + weights.length + " entries, expected " + b.domainSize());
            for (int i = 0; i < weights.length; i++)
                if (!(weights[i] > 0)) throw new IllegalArgumentException("weights[" + i + "] must be positive, got " + weights[i]);
            this.weights = weights.clone();
        }
        workM = new double[2 * b.rangeSize()];
        workN = new double[2 * b.domainSize()];
    }

    /** @return {@code B} */
    public LinearOperator operator() { return b; }

    /** @return lambda */
    public double lambda() { return lambda; }

    /** @return the weights (shared, do not modify) */
    public double[] weights() { return weights; }

    /** @return {@code sum_k w_k |z_k|} */
    public double weightedL1(double[] z) {
        double s = 0;
        for (int k = 0; k < weights.length; k++) s += weights[k] * Math.hypot(z[2 * k], z[2 * k + 1]);
        return s;
    }

    /** @return {@code F(z) = lambda ||z||_{l1_w} + ||B z - y||_2} */
    public double objective(double[] z, double[] y) {
        b.apply(z, workM);
        for (int i = 0; i < workM.length; i++) workM[i] -= y[i];
        return lambda * weightedL1(z) + ComplexArrays.norm(workM);
    }

    /** @return {@code ||B z - y||_2} */
    public double residual(double[] z, double[] y) {
        b.apply(z, workM);
        for (int i = 0; i < workM.length; i++) workM[i] -= y[i];
        return ComplexArrays.norm(workM);
    }

    /**
     * Dual value of {@code v} after scaling it into the dual feasible set: {@code Re<s v, y>} with the largest
     * {@code s <= 1 / max(1, ||v||)} such that {@code |(B^H s v)_k| <= lambda w_k}. A lower bound on {@code min F}.
     */
    public double dualValue(double[] v, double[] y) {
        b.adjoint(v, workN);
        double s = 1 / Math.max(1, ComplexArrays.norm(v));
        for (int k = 0; k < weights.length; k++) {
            double mag = Math.hypot(workN[2 * k], workN[2 * k + 1]);
            if (mag * s > lambda * weights[k]) s = lambda * weights[k] / mag;
        }
        return s * ComplexArrays.realDot(v, y);
    }

    /** @return the duality gap {@code F(z) - dualValue(v)}, an upper bound on {@code F(z) - min F} */
    public double gap(double[] z, double[] v, double[] y) {
        return objective(z, y) - dualValue(v, y);
    }
}
