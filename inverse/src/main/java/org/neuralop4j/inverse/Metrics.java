package org.neuralop4j.inverse;

/** Image quality numbers. */
public final class Metrics {
    private Metrics() {}

    /** @return {@code ||x - ref|| / ||ref||} for real arrays */
    public static double relativeError(double[] x, double[] ref) {
        ComplexArrays.checkSameLength("ref", x, ref);
        return ComplexArrays.distance(x, ref) / ComplexArrays.norm(ref);
    }

    /**
     * Peak signal-to-noise ratio in dB, {@code 10 log10(peak^2 / MSE)} with {@code peak = max(ref) - min(ref)}
     * (1 for images in [0, 1]), of real images.
     */
    public static double psnr(double[] x, double[] ref) {
        ComplexArrays.checkSameLength("ref", x, ref);
        double mse = 0, lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - ref[i];
            mse += d * d;
            lo = Math.min(lo, ref[i]);
            hi = Math.max(hi, ref[i]);
        }
        mse /= x.length;
        double peak = hi - lo;
        return 10 * Math.log10(peak * peak / mse);
    }
}
