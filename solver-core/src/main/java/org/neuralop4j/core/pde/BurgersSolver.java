package org.neuralop4j.core.pde;

import org.neuralop4j.core.Checks;
import org.neuralop4j.core.fft.Fft;

/**
 * Viscous Burgers equation on the periodic interval (0,1):
 * {@code u_t + (u^2/2)_x = nu u_xx}, solved pseudo-spectrally on {@code n} equispaced points {@code x_j = j/n}.
 *
 * <p>In Fourier space {@code v_k' = L_k v_k + N_k(v)} with {@code L_k = -nu (2 pi k)^2} and
 * {@code N_k(v) = -(i pi k) FFT(u^2)_k}. Time stepping: ETDRK4 (Cox &amp; Matthews, J. Comput. Phys. 176 (2002),
 * DOI 10.1006/jcph.2002.6995), which integrates the stiff linear part exactly, with its coefficients evaluated by
 * the complex contour means of Kassam &amp; Trefethen, SIAM J. Sci. Comput. 26 (2005),
 * DOI 10.1137/S1064827502410633 (32 points on a unit circle around each {@code h L_k}). The quadratic term is
 * dealiased with the 2/3 rule: only modes with {@code 3|k| < n} are kept (also in the initial condition), so the
 * computed {@code u(T)} is a trigonometric polynomial of degree {@code < n/3}.
 *
 * <p>Fourth order in time (measured in the tests against the Cole–Hopf solution). The step is limited by accuracy
 * and by the explicit treatment of advection on the weakly damped modes, not by {@code nu k^2}.
 * Instances are immutable apart from a cache of the ETDRK4 coefficients and are safe to share between threads.
 */
public final class BurgersSolver {
    private static final int CONTOUR_POINTS = 32;

    private final int n;
    private final double nu;
    private final double dt;
    private volatile Coefficients cached;

    /**
     * @param n  grid points (at least 4; any length, smooth lengths are fastest)
     * @param nu viscosity, &gt; 0
     * @param dt largest time step; a solve to time T takes {@code ceil(T/dt)} equal steps
     */
    public BurgersSolver(int n, double nu, double dt) {
        if (n < 4) throw new IllegalArgumentException("n (grid points) must be at least 4, got " + n);
        if (!(nu > 0) || Double.isInfinite(nu)) throw new IllegalArgumentException("viscosity nu must be positive and finite, got " + nu);
        Checks.positive("dt", dt);
        this.n = n;
        this.nu = nu;
        this.dt = dt;
    }

    /** @return the grid size */
    public int n() { return n; }

    /**
     * A stability number for the explicit treatment of advection: {@code dt * 2 pi k* * uMax}, where
     * {@code k* = min(n/3, 1 / (2 pi sqrt(nu dt)))} is the highest mode that is not damped by at least a factor
     * {@code e} per step (ETDRK4 integrates the damping exactly, so faster modes cannot grow). Classical RK4 is
     * stable on the imaginary axis up to {@code 2 sqrt 2}; this heuristic asks for at most that.
     * @param uMax a bound on {@code max |u|} over the run (for Burgers, {@code max |u0|})
     */
    public double advectiveCourantNumber(double uMax) {
        double kStar = Math.min(n / 3.0, 1 / (2 * Math.PI * Math.sqrt(nu * dt)));
        return dt * 2 * Math.PI * kStar * Math.abs(uMax);
    }

    /** Fails with a clear message when {@link #advectiveCourantNumber} exceeds {@code 2 sqrt 2}. */
    public void requireStable(double uMax) {
        double c = advectiveCourantNumber(uMax);
        if (c > 2 * Math.sqrt(2))
            throw new IllegalArgumentException(String.format("time step dt = %g is unstable for n = %d, nu = %g and |u| up to %.3g "
                    + "(advective Courant number %.3g > 2.83): use a smaller dt", dt, n, nu, uMax, c));
    }

    /** @return the number of steps a solve to time {@code t} takes */
    public int steps(double t) { return Math.max(1, (int) Math.ceil(t / dt - 1e-9)); }

    private static final class Coefficients {
        final double h;
        final double[] e, e2, q, f1, f2, f3, ik; // per half-spectrum mode; ik = the dealiased factor -pi k

        Coefficients(double h, int modes) {
            this.h = h;
            e = new double[modes]; e2 = new double[modes]; q = new double[modes];
            f1 = new double[modes]; f2 = new double[modes]; f3 = new double[modes]; ik = new double[modes];
        }
    }

    private Coefficients coefficients(double h) {
        Coefficients c = cached;
        if (c != null && c.h == h) return c;
        int modes = Fft.halfLength(n);
        c = new Coefficients(h, modes);
        for (int k = 0; k < modes; k++) {
            double g = 2 * Math.PI * k;
            double lh = -nu * g * g * h;
            c.e[k] = Math.exp(lh);
            c.e2[k] = Math.exp(lh / 2);
            double sq = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int j = 0; j < CONTOUR_POINTS; j++) {
                double th = Math.PI * (j + 0.5) / CONTOUR_POINTS * 2;
                double rr = lh + Math.cos(th), ri = Math.sin(th);
                // e^{r}, e^{r/2}
                double ex = Math.exp(rr), er = ex * Math.cos(ri), ei = ex * Math.sin(ri);
                double hx = Math.exp(rr / 2), hr = hx * Math.cos(ri / 2), hi = hx * Math.sin(ri / 2);
                // 1/r, 1/r^3
                double d = rr * rr + ri * ri, ir = rr / d, ii = -ri / d;
                double i2r = ir * ir - ii * ii, i2i = 2 * ir * ii;
                double i3r = i2r * ir - i2i * ii, i3i = i2r * ii + i2i * ir;
                double r2r = rr * rr - ri * ri, r2i = 2 * rr * ri;
                // Q: (e^{r/2} - 1) / r
                sq += (hr - 1) * ir - hi * ii;
                // f1: (-4 - r + e^r (4 - 3r + r^2)) / r^3
                double ar = 4 - 3 * rr + r2r, ai = -3 * ri + r2i;
                double nr = -4 - rr + er * ar - ei * ai, ni = -ri + er * ai + ei * ar;
                s1 += nr * i3r - ni * i3i;
                // f2: (2 + r + e^r (r - 2)) / r^3
                ar = rr - 2; ai = ri;
                nr = 2 + rr + er * ar - ei * ai; ni = ri + er * ai + ei * ar;
                s2 += nr * i3r - ni * i3i;
                // f3: (-4 - 3r - r^2 + e^r (4 - r)) / r^3
                ar = 4 - rr; ai = -ri;
                nr = -4 - 3 * rr - r2r + er * ar - ei * ai; ni = -3 * ri - r2i + er * ai + ei * ar;
                s3 += nr * i3r - ni * i3i;
            }
            c.q[k] = h * sq / CONTOUR_POINTS;
            c.f1[k] = h * s1 / CONTOUR_POINTS;
            c.f2[k] = h * s2 / CONTOUR_POINTS;
            c.f3[k] = h * s3 / CONTOUR_POINTS;
            c.ik[k] = 3L * k < n ? -Math.PI * k : 0; // N_k = i * (-pi k) * FFT(u^2)_k, zero outside the 2/3 band
        }
        cached = c;
        return c;
    }

    /**
     * Advances {@code u0} to time {@code t}.
     * @param u0 initial values at {@code x_j = j/n}, length n (not modified)
     * @param t  final time, &gt;= 0
     * @return {@code u(., t)} at the same points
     * @throws IllegalStateException if the solution stops being finite (step too large for the data)
     */
    public double[] solve(double[] u0, double t) {
        if (u0.length != n) throw new IllegalArgumentException("u0 has length " + u0.length + ", expected n = " + n);
        Checks.nonNegative("t", t);
        if (t == 0) return u0.clone();
        int steps = steps(t);
        Coefficients c = coefficients(t / steps);
        int modes = Fft.halfLength(n), len = 2 * modes;
        double[] v = Fft.rfftn(u0, 1, n);
        for (int k = 0; k < modes; k++) if (3L * k >= n && k > 0) { v[2 * k] = 0; v[2 * k + 1] = 0; }
        double[] a = new double[len], b = new double[len], cc = new double[len];
        for (int s = 0; s < steps; s++) {
            double[] nv = nonlinear(v, c);
            for (int k = 0; k < modes; k++) {
                a[2 * k] = c.e2[k] * v[2 * k] + c.q[k] * nv[2 * k];
                a[2 * k + 1] = c.e2[k] * v[2 * k + 1] + c.q[k] * nv[2 * k + 1];
            }
            double[] na = nonlinear(a, c);
            for (int k = 0; k < modes; k++) {
                b[2 * k] = c.e2[k] * v[2 * k] + c.q[k] * na[2 * k];
                b[2 * k + 1] = c.e2[k] * v[2 * k + 1] + c.q[k] * na[2 * k + 1];
            }
            double[] nb = nonlinear(b, c);
            for (int k = 0; k < modes; k++) {
                cc[2 * k] = c.e2[k] * a[2 * k] + c.q[k] * (2 * nb[2 * k] - nv[2 * k]);
                cc[2 * k + 1] = c.e2[k] * a[2 * k + 1] + c.q[k] * (2 * nb[2 * k + 1] - nv[2 * k + 1]);
            }
            double[] nc = nonlinear(cc, c);
            for (int p = 0; p < len; p++) {
                int k = p >> 1;
                v[p] = c.e[k] * v[p] + c.f1[k] * nv[p] + 2 * c.f2[k] * (na[p] + nb[p]) + c.f3[k] * nc[p];
            }
            if (!Double.isFinite(v[2]) || !Double.isFinite(v[3]))
                throw new IllegalStateException("Burgers solve diverged at step " + (s + 1) + " of " + steps
                        + " (dt = " + c.h + ", nu = " + nu + "): use a smaller time step");
        }
        double[] u = Fft.irfftn(v, 1, n);
        for (double x : u) if (!Double.isFinite(x)) throw new IllegalStateException("Burgers solve produced non-finite values (dt = " + c.h + "): use a smaller time step");
        return u;
    }

    /** {@code N(v) = i (-pi k) FFT(u^2)} on the dealiased band, u = IFFT(v). */
    private double[] nonlinear(double[] v, Coefficients c) {
        double[] u = Fft.irfftn(v, 1, n);
        for (int j = 0; j < n; j++) u[j] *= u[j];
        double[] w = Fft.rfftn(u, 1, n);
        int modes = c.ik.length;
        for (int k = 0; k < modes; k++) {
            double re = w[2 * k], im = w[2 * k + 1], f = c.ik[k];
            w[2 * k] = -f * im;
            w[2 * k + 1] = f * re;
        }
        return w;
    }
}
