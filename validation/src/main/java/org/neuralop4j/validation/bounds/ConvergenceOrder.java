package org.neuralop4j.validation.bounds;

import org.neuralop4j.core.Checks;

/**
 * Empirical order of convergence: least-squares fit of {@code log err = log C + p log h} to pairs
 * {@code (h_i, err_i)}, so that {@code err ~ C h^p}. Also the pairwise orders
 * {@code log(err_i / err_{i+1}) / log(h_i / h_{i+1})} between consecutive pairs.
 */
public final class ConvergenceOrder {
    private final double order;
    private final double constant;
    private final double rSquared;
    private final double[] pairwise;

    private ConvergenceOrder(double order, double constant, double rSquared, double[] pairwise) {
        this.order = order;
        this.constant = constant;
        this.rSquared = rSquared;
        this.pairwise = pairwise;
    }

    /**
     * @param h   mesh sizes (positive, at least two distinct)
     * @param err errors (positive), same length
     * @return the fit
     */
    public static ConvergenceOrder fit(double[] h, double[] err) {
        if (h.length != err.length) throw new IllegalArgumentException("h has " + h.length + " values but err has " + err.length);
        if (h.length < 2) throw new IllegalArgumentException("a convergence order needs at least two (h, error) pairs, got " + h.length);
        int n = h.length;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            Checks.positive("h[" + i + "]", h[i]);
            Checks.positive("err[" + i + "]", err[i]);
            x[i] = Math.log(h[i]);
            y[i] = Math.log(err[i]);
        }
        double[] line = LeastSquaresLine.fit(x, y);
        double[] pairwise = new double[n - 1];
        for (int i = 0; i + 1 < n; i++) pairwise[i] = (y[i] - y[i + 1]) / (x[i] - x[i + 1]);
        return new ConvergenceOrder(line[1], Math.exp(line[0]), line[2], pairwise);
    }

    /** @return the fitted order {@code p} */
    public double order() { return order; }

    /** @return the fitted constant {@code C} */
    public double constant() { return constant; }

    /** @return coefficient of determination of the log-log fit (1 = exactly a power law) */
    public double rSquared() { return rSquared; }

    /** @return orders between consecutive pairs */
    public double[] pairwiseOrders() { return pairwise.clone(); }

    @Override
    public String toString() { return String.format("order %.4f (C = %.4g, R^2 = %.6f)", order, constant, rSquared); }
}
