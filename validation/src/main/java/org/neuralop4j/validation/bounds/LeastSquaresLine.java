package org.neuralop4j.validation.bounds;

/** Ordinary least-squares line {@code y = a + b x} (centred sums, so large offsets in x do not cancel badly). */
final class LeastSquaresLine {
    private LeastSquaresLine() {}

    /** @return {@code {a, b, R^2}}; R^2 is 1 when y is constant and fitted exactly */
    static double[] fit(double[] x, double[] y) {
        int n = x.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx, dy = y[i] - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        if (!(sxx > 0)) throw new IllegalArgumentException("least-squares line needs at least two distinct x values");
        double b = sxy / sxx, a = my - b * mx;
        double ssRes = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - a - b * x[i];
            ssRes += r * r;
        }
        double r2 = syy > 0 ? 1 - ssRes / syy : (ssRes == 0 ? 1 : 0);
        return new double[] {a, b, r2};
    }
}
