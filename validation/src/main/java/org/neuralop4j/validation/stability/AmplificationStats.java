package org.neuralop4j.validation.stability;

import java.util.Arrays;

/**
 * Summary of amplification ratios {@code ||Phi(y+e) - Phi(y)|| / ||e||} over a sample of perturbations.
 * Quantiles use linear interpolation between order statistics (NumPy's default {@code method="linear"}).
 */
public final class AmplificationStats {
    private final double[] ratios;
    private final double[] sorted;
    private final double radius;

    /**
     * @param ratios the observed ratios, in draw order (copied)
     * @param radius the absolute perturbation norm {@code ||e||} used
     */
    public AmplificationStats(double[] ratios, double radius) {
        if (ratios.length == 0) throw new IllegalArgumentException("ratios must not be empty");
        this.ratios = ratios.clone();
        this.sorted = ratios.clone();
        Arrays.sort(sorted);
        this.radius = radius;
    }

    /** @return the ratios in draw order (a copy) */
    public double[] ratios() { return ratios.clone(); }

    /** @return the absolute perturbation norm used */
    public double radius() { return radius; }

    /** @return number of draws */
    public int count() { return ratios.length; }

    /** @return the arithmetic mean of the ratios */
    public double mean() {
        double s = 0;
        for (double r : ratios) s += r;
        return s / ratios.length;
    }

    /** @return the largest ratio */
    public double max() { return sorted[sorted.length - 1]; }

    /** @return the smallest ratio */
    public double min() { return sorted[0]; }

    /**
     * @param q in [0, 1]
     * @return the q-quantile, linear interpolation between order statistics
     */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) throw new IllegalArgumentException("quantile q must lie in [0, 1], got " + q);
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        double w = pos - lo;
        return sorted[lo] + w * (sorted[hi] - sorted[lo]);
    }

    /** @return the median */
    public double median() { return quantile(0.5); }

    @Override
    public String toString() {
        return String.format("AmplificationStats[n=%d, radius=%.3g, mean=%.4g, q50=%.4g, q90=%.4g, max=%.4g]",
                count(), radius, mean(), median(), quantile(0.9), max());
    }
}
