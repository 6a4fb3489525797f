package org.neuralop4j.core.pde;

import org.neuralop4j.core.Checks;
import org.neuralop4j.core.fft.Fft;

/**
 * Incompressible Navier–Stokes in vorticity form on the unit torus:
 * {@code w_t + u . grad w = nu Laplacian w + f}, {@code u = (psi_y, -psi_x)}, {@code -Laplacian psi = w},
 * the FNO benchmark (Li et al., arXiv:2010.08895, forcing {@code 0.1 (sin 2 pi (x+y) + cos 2 pi (x+y))}).
 *
 * <p><b>Discretisation.</b> Pseudo-spectral on the {@code n x n} grid {@code (x_i, y_j) = (i, j)/n}, arrays
 * row-major with the first index along x. The advection term is formed in physical space and dealiased with the
 * 2/3 rule (modes with {@code 3|k_x| >= n} or {@code 3|k_y| >= n} are zeroed; the initial vorticity is truncated
 * to the same band, so products are alias-free). Time stepping: the three-stage Runge–Kutta / Crank–Nicolson
 * scheme of Spalart, Moser &amp; Rogers (J. Comput. Phys. 96 (1991), DOI 10.1016/0021-9991(91)90264-L): advection
 * and forcing explicit (third-order low-storage RK, stable on the imaginary axis up to {@code sqrt 3}),
 * viscosity by a Crank–Nicolson-type implicit step in each stage; second order overall. Stability needs the
 * Courant number {@code dt * max|u| * n} to stay below about {@code sqrt(3) / pi}; {@link #requireStable} checks
 * it and the solve stops with an error if it is exceeded on the way.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class NavierStokes2d {
    private static final double[] GAMMA = {8.0 / 15, 5.0 / 12, 3.0 / 4};
    private static final double[] ZETA = {0, -17.0 / 60, -5.0 / 12};
    private static final double[] ALPHA = {29.0 / 96, -3.0 / 40, 1.0 / 6};
    private static final double[] BETA = {37.0 / 160, 5.0 / 24, 1.0 / 6};
    /** Courant limit: RK3's imaginary-axis bound sqrt 3 over the largest resolved angular wave number pi n (dealiased). */
    static final double MAX_COURANT = Math.sqrt(3) / Math.PI;

    private final int n;
    private final double nu, dt;
    private final double[] forcingHat; // half spectrum of the forcing, or null
    private final double[] lap, kx, ky, mask; // per half-spectrum mode: 4 pi^2 |k|^2, 2 pi k_x, 2 pi k_y, dealias mask

    /**
     * @param n       grid points per axis, at least 4
     * @param nu      viscosity, &gt; 0
     * @param dt      largest time step, &gt; 0 (a solve to time T takes {@code ceil(T/dt)} equal steps)
     * @param forcing time-independent forcing on the grid ({@code n*n}, not modified), or null for none
     */
    public NavierStokes2d(int n, double nu, double dt, double[] forcing) {
        if (n < 4) throw new IllegalArgumentException("n (grid points per axis) must be at least 4, got " + n);
        if (!(nu > 0) || Double.isInfinite(nu)) throw new IllegalArgumentException("viscosity nu must be positive and finite, got " + nu);
        Checks.positive("dt", dt);
        if (forcing != null && forcing.length != n * n)
            throw new IllegalArgumentException("forcing has " + forcing.length + " values, expected n*n = " + (n * n));
        this.n = n;
        this.nu = nu;
        this.dt = dt;
        int h = Fft.halfLength(n), modes = n * h;
        lap = new double[modes];
        kx = new double[modes];
        ky = new double[modes];
        mask = new double[modes];
        for (int i = 0; i < n; i++) {
            int k1 = i <= n / 2 ? i : i - n;
            for (int j = 0; j < h; j++) {
                int m = i * h + j;
                kx[m] = 2 * Math.PI * k1;
                ky[m] = 2 * Math.PI * j;
                lap[m] = kx[m] * kx[m] + ky[m] * ky[m];
                mask[m] = 3L * Math.abs(k1) < n && 3L * j < n ? 1 : 0;
            }
        }
        if (forcing == null) forcingHat = null;
        else {
            forcingHat = Fft.rfftn(forcing, 1, n, n);
            for (int m = 0; m < modes; m++) { forcingHat[2 * m] *= mask[m]; forcingHat[2 * m + 1] *= mask[m]; }
        }
    }

    /** The FNO forcing {@code 0.1 (sin 2 pi (x+y) + cos 2 pi (x+y))} on the {@code n x n} grid. */
    public static double[] fnoForcing(int n) {
        double[] f = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double t = 2 * Math.PI * (i + j) / n;
                f[i * n + j] = 0.1 * (Math.sin(t) + Math.cos(t));
            }
        return f;
    }

    /** @return grid points per axis */
    public int n() { return n; }

    /** @return the number of steps a solve over a time span {@code t} takes */
    public int steps(double t) { return Math.max(1, (int) Math.ceil(t / dt - 1e-9)); }

    /** @return the Courant number {@code dt * uMax * n} of a velocity bound {@code uMax} */
    public double courantNumber(double uMax) { return dt * Math.abs(uMax) * n; }

    /** Fails with a clear message if a velocity of size {@code uMax} makes the step unstable. */
    public void requireStable(double uMax) {
        double c = courantNumber(uMax);
        if (c > MAX_COURANT)
            throw new IllegalArgumentException(String.format("time step dt = %g is unstable on a %d x %d grid for velocities up to %.3g "
                    + "(Courant number dt*|u|*n = %.3g > %.3g): use dt <= %.3g", dt, n, n, uMax, c, MAX_COURANT, MAX_COURANT / (Math.abs(uMax) * n)));
    }

    /** @return {@code max |u|} (Euclidean velocity) of the vorticity field {@code w} ({@code n*n}) */
    public double maxVelocity(double[] w) {
        double[] vel = velocity(Fft.rfftn(w, 1, n, n));
        double m = 0;
        for (int p = 0; p < n * n; p++) m = Math.max(m, Math.hypot(vel[p], vel[n * n + p]));
        return m;
    }

    /** Velocity (u, v) in physical space, {@code 2*n*n} values, from the vorticity spectrum. */
    private double[] velocity(double[] wHat) {
        int modes = lap.length;
        double[] spec = new double[4 * modes];
        for (int m = 1; m < modes; m++) {
            double re = wHat[2 * m] / lap[m], im = wHat[2 * m + 1] / lap[m]; // psi_hat
            // u = psi_y: i ky psi; v = -psi_x: -i kx psi
            spec[2 * m] = -ky[m] * im;
            spec[2 * m + 1] = ky[m] * re;
            spec[2 * (modes + m)] = kx[m] * im;
            spec[2 * (modes + m) + 1] = -kx[m] * re;
        }
        return Fft.irfftn(spec, 2, n, n);
    }

    /** {@code f_hat - mask * FFT(u w_x + v w_y)}, the explicit right-hand side. */
    private double[] explicitTerm(double[] wHat, double[] out) {
        int modes = lap.length;
        double[] spec = new double[8 * modes];
        for (int m = 1; m < modes; m++) {
            double re = wHat[2 * m], im = wHat[2 * m + 1];
            double pr = re / lap[m], pi = im / lap[m];
            spec[2 * m] = -ky[m] * pi;                     // u = i ky psi
            spec[2 * m + 1] = ky[m] * pr;
            spec[2 * (modes + m)] = kx[m] * pi;            // v = -i kx psi
            spec[2 * (modes + m) + 1] = -kx[m] * pr;
            spec[2 * (2 * modes + m)] = -kx[m] * im;       // w_x = i kx w
            spec[2 * (2 * modes + m) + 1] = kx[m] * re;
            spec[2 * (3 * modes + m)] = -ky[m] * im;       // w_y = i ky w
            spec[2 * (3 * modes + m) + 1] = ky[m] * re;
        }
        double[] phys = Fft.irfftn(spec, 4, n, n);
        int nn = n * n;
        double[] adv = new double[nn];
        for (int p = 0; p < nn; p++) adv[p] = phys[p] * phys[2 * nn + p] + phys[nn + p] * phys[3 * nn + p];
        double[] advHat = Fft.rfftn(adv, 1, n, n);
        for (int m = 0; m < modes; m++) {
            double fr = forcingHat == null ? 0 : forcingHat[2 * m], fi = forcingHat == null ? 0 : forcingHat[2 * m + 1];
            out[2 * m] = fr - mask[m] * advHat[2 * m];
            out[2 * m + 1] = fi - mask[m] * advHat[2 * m + 1];
        }
        return out;
    }

    /**
     * Advances {@code w0} and records the vorticity at {@code records} equally spaced times
     * {@code t_r = r * t / records}, {@code r = 1..records}.
     * @param w0      initial vorticity, {@code n*n} (not modified)
     * @param t       final time, &gt; 0
     * @param records number of snapshots, at least 1; {@code ceil(t/dt)} is rounded up to a multiple of it
     * @return {@code records} arrays of {@code n*n} values
     * @throws IllegalStateException if the Courant number exceeds the stability limit during the run
     */
    public double[][] solve(double[] w0, double t, int records) {
        if (w0.length != n * n) throw new IllegalArgumentException("w0 has " + w0.length + " values, expected n*n = " + (n * n));
        Checks.positive("t", t);
        Checks.positive("records", records);
        int perRecord = Math.max(1, (int) Math.ceil(steps(t) / (double) records - 1e-9));
        double h = t / ((double) perRecord * records);
        int modes = lap.length;
        double[] w = Fft.rfftn(w0, 1, n, n);
        for (int m = 0; m < modes; m++) { w[2 * m] *= mask[m]; w[2 * m + 1] *= mask[m]; }
        double[] nPrev = new double[2 * modes], nCur = new double[2 * modes];
        double[][] out = new double[records][];
        int checkEvery = Math.max(1, perRecord / 8);
        for (int r = 0; r < records; r++) {
            for (int s = 0; s < perRecord; s++) {
                for (int stage = 0; stage < 3; stage++) {
                    explicitTerm(w, nCur);
                    double g = GAMMA[stage] * h, z = ZETA[stage] * h, a = ALPHA[stage] * h * nu, b = BETA[stage] * h * nu;
                    for (int m = 0; m < modes; m++) {
                        double lhs = 1 / (1 + b * lap[m]), rhs = 1 - a * lap[m];
                        w[2 * m] = (rhs * w[2 * m] + g * nCur[2 * m] + z * nPrev[2 * m]) * lhs;
                        w[2 * m + 1] = (rhs * w[2 * m + 1] + g * nCur[2 * m + 1] + z * nPrev[2 * m + 1]) * lhs;
                    }
                    double[] tmp = nPrev; nPrev = nCur; nCur = tmp;
                }
                if ((s + 1) % checkEvery == 0) checkCourant(w, h, r, s);
            }
            out[r] = Fft.irfftn(w, 1, n, n);
        }
        return out;
    }

    /** @return the vorticity at time {@code t} */
    public double[] solve(double[] w0, double t) { return solve(w0, t, 1)[0]; }

    private void checkCourant(double[] wHat, double h, int record, int step) {
        double[] vel = velocity(wHat);
        double m = 0;
        for (int p = 0; p < n * n; p++) {
            double v = Math.hypot(vel[p], vel[n * n + p]);
            if (!(v <= m)) m = v; // NaN propagates into m and fails the check below
            if (Double.isNaN(m)) break;
        }
        double c = h * m * n;
        if (!(c <= MAX_COURANT))
            throw new IllegalStateException(String.format("Navier-Stokes solve became unstable in record %d, step %d: Courant number %.3g > %.3g "
                    + "(dt = %g, max|u| = %.3g): use a smaller dt", record + 1, step + 1, c, MAX_COURANT, h, m));
    }
}
