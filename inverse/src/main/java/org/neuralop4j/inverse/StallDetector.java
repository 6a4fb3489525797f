package org.neuralop4j.inverse;

/**
 * Says when restarts stop contracting. The restart schedule of FIRENET/WARPd assumes each restart shrinks the
 * error bound to {@code eps_k = e^{-1}(delta + eps_{k-1})}; that holds only when the inner iteration count
 * {@code p} is large enough for the problem's sharpness constant (Colbrook, Antun, Hansen, PNAS 2022,
 * arXiv:2101.08286, Thm. 2; Colbrook, SIAM J. Imaging Sci. 2022, arXiv:2110.12437). When it is too small, the
 * scheduled bound keeps shrinking but the iterates do not follow: the rescaled steps shrink with {@code eps_k}, so
 * the iterates still converge geometrically, only to a point that is not a minimiser (with noiseless data, a
 * data-consistent point of too large l1 norm). Step sizes and data residuals then look just like a healthy run.
 *
 * <p>What tells them apart is a probe: one more restart {@code R_n} at the last scale, from {@code psi_n}. While
 * restarts work, {@code psi_n} is already within about {@code eps_n} of the solution and the probe moves it by a
 * fraction of the last restart's step; when they stall, the iterate is far from the solution and moving at the
 * schedule's speed limit, so the probe moves it about as far as the last restart did. The detector fires when the
 * probe ratio {@code ||R_n(psi_n) - psi_n|| / ||psi_n - psi_{n-1}||} exceeds {@code threshold}, unless the last
 * step {@code ||psi_n - psi_{n-1}||} is below {@code floorFraction * eps_n}: then the schedule has reached the floor
 * set by {@code delta} (the noise allowance), the iterate moves far less than the bound allows, and further restarts
 * cannot improve it; that is reported as a floor, not a stall.
 */
public final class StallDetector {
    private final double threshold, floorFraction;

    /**
     * Threshold 0.6, floor fraction 0.1 (measured on Shepp-Logan with subsampled Fourier and Haar: probe ratio about
     * 0.15 for healthy runs and 0.9 to 1 when p is too small; last step about 0.12 eps_n when healthy, 0.24 to 0.43
     * eps_n when stalled, below 0.08 eps_n at a noise floor).
     */
    public StallDetector() { this(0.6, 0.1); }

    /**
     * @param threshold     probe ratio above which the run counts as stalled, in (0, 10]
     * @param floorFraction last step, relative to {@code eps_n}, below which a non-contracting run is at its floor
     */
    public StallDetector(double threshold, double floorFraction) {
        this.threshold = org.neuralop4j.core.Checks.inRange("threshold", threshold, 1e-12, 10);
        this.floorFraction = org.neuralop4j.core.Checks.nonNegative("floorFraction", floorFraction);
    }

    /** The outcome: whether it stalled, the probe ratio and a sentence saying so. */
    public static final class Verdict {
        private final boolean stalled;
        private final double probeRatio;
        private final String message;

        Verdict(boolean stalled, double probeRatio, String message) {
            this.stalled = stalled;
            this.probeRatio = probeRatio;
            this.message = message;
        }

        /** @return true when restarts stopped contracting */
        public boolean stalled() { return stalled; }

        /** @return the probe ratio the verdict is based on */
        public double probeRatio() { return probeRatio; }

        /** @return a human-readable explanation */
        public String message() { return message; }

        @Override
        public String toString() { return message; }
    }

    /**
     * Judges a run (see the class documentation); a NaN ratio (no change at all) counts as converged.
     * @param probeRatio {@code ||R_n(psi_n) - psi_n|| / ||psi_n - psi_{n-1}||}
     * @param lastChange {@code ||psi_n - psi_{n-1}||}
     * @param lastBound  {@code eps_n}
     */
    public Verdict detect(double probeRatio, double lastChange, double lastBound) {
        if (Double.isNaN(probeRatio)) return new Verdict(false, probeRatio, "converged: the iterates no longer change");
        if (probeRatio > threshold && lastChange <= floorFraction * lastBound)
            return new Verdict(false, probeRatio, String.format("at the floor set by delta: the iterate moves %.2g, far less than the "
                    + "error bound %.2g allows; more restarts cannot improve it", lastChange, lastBound));
        if (probeRatio > threshold)
            return new Verdict(true, probeRatio, String.format("stalled: restarts stopped contracting (one more restart moves the "
                    + "iterate %.2f times as far as the last one did; a contracting run gives about 0.15). p is too small "
                    + "for this problem (increase p), or delta is below the noise level (raise delta to it)", probeRatio));
        return new Verdict(false, probeRatio, String.format("contracting: one more restart moves the iterate %.2f times as far as the last", probeRatio));
    }
}
