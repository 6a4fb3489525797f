package org.neuralop4j.core.pde;

/**
 * Natural cubic spline through values {@code y_i} at the uniform knots {@code x_i = a + i h}, {@code i = 0..N-1},
 * with its exact antiderivative {@code U(x) = int_a^x S}. On {@code [x_i, x_{i+1}]}, with {@code t = x - x_i},
 * {@code r = x_{i+1} - x}:
 * {@code S = M_i r^3/(6h) + M_{i+1} t^3/(6h) + (y_i/h - M_i h/6) r + (y_{i+1}/h - M_{i+1} h/6) t},
 * where the second derivatives {@code M} solve the tridiagonal natural-spline system ({@code M_0 = M_{N-1} = 0}).
 * The integral is evaluated from this closed form plus prefix sums of whole-interval integrals, so it is exact up
 * to rounding. Immutable.
 */
public final class CubicSpline {
    private final double a, h;
    private final double[] y, m, prefix;

    /**
     * @param a  first knot
     * @param b  last knot, &gt; a
     * @param y  values at the {@code y.length >= 2} equispaced knots from a to b (copied)
     */
    public CubicSpline(double a, double b, double[] y) {
        if (y.length < 2) throw new IllegalArgumentException("a spline needs at least 2 knots, got " + y.length);
        if (!(b > a)) throw new IllegalArgumentException("interval [a, b] must have b > a, got [" + a + ", " + b + "]");
        int n = y.length;
        this.a = a;
        this.h = (b - a) / (n - 1);
        this.y = y.clone();
        this.m = new double[n];
        if (n > 2) {
            // Thomas algorithm for h/6 M_{i-1} + 2h/3 M_i + h/6 M_{i+1} = (y_{i+1} - 2 y_i + y_{i-1}) / h
            int k = n - 2;
            double[] c = new double[k], d = new double[k];
            for (int i = 0; i < k; i++) {
                double rhs = 6 * (y[i + 2] - 2 * y[i + 1] + y[i]) / (h * h); // scaled by 6/h: M_{i-1} + 4 M_i + M_{i+1}
                double diag = 4 - (i > 0 ? c[i - 1] : 0);
                c[i] = 1 / diag;
                d[i] = (rhs - (i > 0 ? d[i - 1] : 0)) / diag;
            }
            m[k] = d[k - 1];
            for (int i = k - 2; i >= 0; i--) m[i + 1] = d[i] - c[i] * m[i + 2];
        }
        prefix = new double[n];
        for (int i = 0; i + 1 < n; i++)
            prefix[i + 1] = prefix[i] + 0.5 * h * (this.y[i] + this.y[i + 1]) - h * h * h * (m[i] + m[i + 1]) / 24;
    }

    private int interval(double x) {
        if (!(x >= a - 1e-12 * h && x <= a + (y.length - 1) * h + 1e-12 * h))
            throw new IllegalArgumentException("x = " + x + " lies outside the spline's interval [" + a + ", " + (a + (y.length - 1) * h) + "]");
        int i = (int) Math.floor((x - a) / h);
        return Math.max(0, Math.min(y.length - 2, i));
    }

    /** @return {@code S(x)} for x in the knot interval */
    public double value(double x) {
        int i = interval(x);
        double t = x - (a + i * h), r = h - t;
        return m[i] * r * r * r / (6 * h) + m[i + 1] * t * t * t / (6 * h)
                + (y[i] / h - m[i] * h / 6) * r + (y[i + 1] / h - m[i + 1] * h / 6) * t;
    }

    /** @return {@code int_a^x S(s) ds} for x in the knot interval */
    public double integral(double x) {
        int i = interval(x);
        double t = x - (a + i * h), r = h - t;
        double h4 = h * h * h * h;
        return prefix[i] + m[i] * (h4 - r * r * r * r) / (24 * h) + m[i + 1] * t * t * t * t / (24 * h)
                + (y[i] / h - m[i] * h / 6) * (h * h - r * r) / 2 + (y[i + 1] / h - m[i + 1] * h / 6) * t * t / 2;
    }
}
