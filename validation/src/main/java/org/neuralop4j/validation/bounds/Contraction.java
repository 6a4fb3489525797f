package org.neuralop4j.validation.bounds;

import org.neuralop4j.core.Checks;

/**
 * Geometric contraction of an error sequence {@code e_0, e_1, ...}: per-step ratios {@code e_{k+1}/e_k}, the rate
 * {@code r} of a least-squares fit {@code log e_k = log C + k log r}, and checks against a bound
 * {@code e_k <= C r^k} (e.g. the restart bound of a FIRENET, arXiv:2101.08286, Theorem 3:
 * error after k restarts at most {@code C * upsilon^k}).
 */
public final class Contraction {
    private final double[] errors;
    private final double[] ratios;
    private final double fittedRate;
    private final double fittedConstant;

    private Contraction(double[] errors, double[] ratios, double fittedRate, double fittedConstant) {
        this.errors = errors;
        this.ratios = ratios;
        this.fittedRate = fittedRate;
        this.fittedConstant = fittedConstant;
    }

    /**
     * @param errors at least two positive errors, in iteration order (copied)
     * @return the analysis
     */
    public static Contraction analyze(double[] errors) {
        if (errors.length < 2) throw new IllegalArgumentException("a contraction needs at least two errors, got " + errors.length);
        double[] k = new double[errors.length], y = new double[errors.length];
        for (int i = 0; i < errors.length; i++) {
            Checks.positive("errors[" + i + "]", errors[i]);
            k[i] = i;
            y[i] = Math.log(errors[i]);
        }
        double[] ratios = new double[errors.length - 1];
        for (int i = 0; i + 1 < errors.length; i++) ratios[i] = errors[i + 1] / errors[i];
        double[] line = LeastSquaresLine.fit(k, y);
        return new Contraction(errors.clone(), ratios, Math.exp(line[1]), Math.exp(line[0]));
    }

    /** @return {@code e_{k+1} / e_k} for each step */
    public double[] ratios() { return ratios.clone(); }

    /** @return the largest per-step ratio */
    public double maxRatio() {
        double m = 0;
        for (double r : ratios) m = Math.max(m, r);
        return m;
    }

    /** @return the fitted geometric rate {@code r} */
    public double fittedRate() { return fittedRate; }

    /** @return the fitted constant {@code C} */
    public double fittedConstant() { return fittedConstant; }

    /**
     * @param constant {@code C}
     * @param rate     {@code r}
     * @return the first index k with {@code e_k > C r^k}, or -1 when the bound holds for every k
     */
    public int firstViolation(double constant, double rate) {
        double b = constant;
        for (int i = 0; i < errors.length; i++, b *= rate) if (errors[i] > b) return i;
        return -1;
    }

    /** @return whether {@code e_k <= C r^k} for all k */
    public boolean satisfiesBound(double constant, double rate) { return firstViolation(constant, rate) < 0; }
}
