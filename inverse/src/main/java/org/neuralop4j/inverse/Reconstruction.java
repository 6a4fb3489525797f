package org.neuralop4j.inverse;

/**
 * The output of a restarted solver ({@link Firenet}, {@link Warpd}): the coefficients, the image, and one record
 * per restart {@code k = 1..n}: the scheduled error bound {@code eps_k}, the objective {@code F(psi_k)},
 * the data residual {@code ||B psi_k - y||}, the step {@code ||psi_k - psi_{k-1}||}
 * and (when the true image was given) the relative error {@code ||x_k - x|| / ||x||}; plus the stall verdict.
 */
public final class Reconstruction {
    private final double[] coefficients, image;
    private final double[] bounds, objectives, residuals, changes, errors;
    private final double probeRatio;
    private final StallDetector.Verdict stall;

    private Reconstruction(double[] coefficients, double[] image, Builder b, StallDetector detector) {
        this.coefficients = coefficients;
        this.image = image;
        this.bounds = java.util.Arrays.copyOf(b.bounds, b.k);
        this.objectives = java.util.Arrays.copyOf(b.objectives, b.k);
        this.residuals = java.util.Arrays.copyOf(b.residuals, b.k);
        this.changes = java.util.Arrays.copyOf(b.changes, b.k);
        this.errors = java.util.Arrays.copyOf(b.errors, b.k);
        this.probeRatio = b.probeChange / b.lastChange;
        this.stall = detector.detect(probeRatio, b.lastChange, b.k == 0 ? Double.NaN : b.bounds[b.k - 1]);
    }

    /** @return the final coefficients {@code psi_n} (interleaved complex, shared) */
    public double[] coefficients() { return coefficients; }

    /** @return the reconstruction {@code x = W^{-1} psi_n} (interleaved complex, shared) */
    public double[] image() { return image; }

    /** @return the real part of the image */
    public double[] realImage() { return ComplexArrays.realPart(image); }

    /** @return {@code eps_k}, k = 1..n (index k-1) */
    public double[] errorBounds() { return bounds.clone(); }

    /** @return {@code F(psi_k)} */
    public double[] objectives() { return objectives.clone(); }

    /** @return the data residuals {@code ||B psi_k - y||} */
    public double[] residuals() { return residuals.clone(); }

    /** @return {@code ||psi_k - psi_{k-1}||} */
    public double[] changes() { return changes.clone(); }

    /** @return relative image errors per restart (NaN when no truth was given) */
    public double[] relativeErrors() { return errors.clone(); }

    /** @return the relative error after the last restart (NaN when no truth was given) */
    public double finalRelativeError() { return errors.length == 0 ? Double.NaN : errors[errors.length - 1]; }

    /**
     * @return the error contraction factors {@code err_{k+1} / err_k}; entry {@code i} is restart {@code i+2} over
     *         restart {@code i+1}
     */
    public double[] contractionFactors() {
        double[] r = new double[Math.max(0, errors.length - 1)];
        for (int i = 0; i < r.length; i++) r[i] = errors[i + 1] / errors[i];
        return r;
    }

    /**
     * @return {@code ||R_n(psi_n) - psi_n|| / ||psi_n - psi_{n-1}||}, where {@code R_n} is one more restart at the
     *         last scale: small while restarts contract, near 1 when they stall
     */
    public double probeRatio() { return probeRatio; }

    /** @return the stall verdict */
    public StallDetector.Verdict stall() { return stall; }

    static final class Builder {
        final double[] bounds, objectives, residuals, changes, errors;
        final double delta, operatorNorm;
        int k;
        double probeChange = Double.NaN, lastChange = Double.NaN;

        void probe(double probeChange, double lastChange) {
            this.probeChange = probeChange;
            this.lastChange = lastChange;
        }

        Builder(int n, double delta, double operatorNorm) {
            this.delta = delta;
            this.operatorNorm = operatorNorm;
            bounds = new double[n];
            objectives = new double[n];
            residuals = new double[n];
            changes = new double[n];
            errors = new double[n];
        }

        void add(double bound, double objective, double residual, double change, double error) {
            bounds[k] = bound;
            objectives[k] = objective;
            residuals[k] = residual;
            changes[k] = change;
            errors[k] = error;
            k++;
        }

        Reconstruction build(double[] coefficients, double[] image, StallDetector detector) {
            return new Reconstruction(coefficients, image, this, detector);
        }
    }
}
