package org.neuralop4j.core.pde.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.pde.GaussianRandomField;
import org.neuralop4j.core.pde.NavierStokes2d;
import org.neuralop4j.core.pde.SampleStreams;

/**
 * 2-D Navier–Stokes vorticity data as in the FNO paper (Li et al., arXiv:2010.08895, section 5.3): initial
 * vorticity {@code w0 ~ N(0, 2 * 7^(3/2) (-Laplacian + 49 I)^(-2.5))} (periodic, mean zero; the factor 2 is that of
 * the FNO generator code, see {@link GaussianRandomField#fnoPeriodic}), forcing
 * {@code 0.1 (sin 2 pi (x+y) + cos 2 pi (x+y))}, viscosity nu (1e-3, 1e-4 or 1e-5), solved by
 * {@link NavierStokes2d} on an S x S grid and recorded at T equally spaced times up to the final time.
 *
 * <p>Arrays: {@code a} (N, 1, s, s) initial vorticity, {@code u} (N, 1, s, s, T) vorticity at times
 * {@code t_1..t_T} (time last, like the FNO files' (N, s, s, T) with a channel axis added), {@code t} (T) the record
 * times, {@code x} (s) grid points {@code j/s}. The saved grid keeps every (S/s)-th point of the solver grid.
 */
public final class NavierStokesDataset implements DatasetGenerator {
    private final int solverResolution, resolution, records;
    private final double nu, finalTime, dt, alpha, tau;
    private final GaussianRandomField grf;
    private final NavierStokes2d solver;

    /**
     * @param solverResolution solver grid points per axis (FNO: 256)
     * @param resolution       saved points per axis, dividing the solver resolution (FNO: 64)
     * @param nu               viscosity (FNO: 1e-3, 1e-4, 1e-5)
     * @param finalTime        final time (FNO: 50, 30, 20)
     * @param records          number of snapshots (FNO: one per time unit)
     * @param dt               time step
     * @param alpha            GRF smoothness (FNO: 2.5)
     * @param tau              GRF inverse length scale (FNO: 7)
     * @throws IllegalArgumentException for inconsistent parameters or a step that is unstable for the initial data
     */
    public NavierStokesDataset(int solverResolution, int resolution, double nu, double finalTime, int records, double dt, double alpha, double tau) {
        if (!(nu > 0) || Double.isInfinite(nu)) throw new IllegalArgumentException("viscosity nu must be positive and finite, got " + nu);
        Checks.positive("final time", finalTime);
        Checks.positive("records", records);
        Checks.positive("dt", dt);
        if (dt > finalTime / records) throw new IllegalArgumentException("dt = " + dt + " exceeds the record interval " + finalTime / records);
        if (resolution < 4) throw new IllegalArgumentException("resolution must be at least 4, got " + resolution);
        if (solverResolution < resolution || solverResolution % resolution != 0)
            throw new IllegalArgumentException("solver resolution " + solverResolution + " must be a multiple of the resolution " + resolution);
        this.solverResolution = solverResolution;
        this.resolution = resolution;
        this.records = records;
        this.nu = nu;
        this.finalTime = finalTime;
        this.dt = dt;
        this.alpha = alpha;
        this.tau = tau;
        this.grf = GaussianRandomField.fnoPeriodic(2, solverResolution, alpha, tau);
        this.solver = new NavierStokes2d(solverResolution, nu, dt, NavierStokes2d.fnoForcing(solverResolution));
        // the initial velocity of the first sample sets the scale; the solve re-checks the Courant number as it runs
        double u0 = solver.maxVelocity(grf.sample(SampleStreams.forSample(0, 0)));
        solver.requireStable(1.5 * u0);
    }

    /** The FNO setup for viscosity {@code nu}: solved at 256 with dt = 2.5e-3, saved at 64; T = 50 / 30 / 20 for nu = 1e-3 / 1e-4 / 1e-5. */
    public static NavierStokesDataset fno(double nu) {
        double t = nu >= 1e-3 ? 50 : nu >= 1e-4 ? 30 : 20;
        return new NavierStokesDataset(256, 64, nu, t, (int) t, 2.5e-3, 2.5, 7);
    }

    @Override public String name() { return "navier-stokes"; }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("equation", "w_t + u.grad w = nu Laplacian w + f on the unit torus, f = 0.1 (sin 2pi(x+y) + cos 2pi(x+y))");
        p.put("solver", "pseudo-spectral, 2/3 dealiasing, RK3 (advection) / Crank-Nicolson (viscosity)");
        p.put("solver_resolution", solverResolution);
        p.put("resolution", resolution);
        p.put("nu", nu);
        p.put("final_time", finalTime);
        p.put("records", records);
        p.put("dt", dt);
        p.put("initial_condition", "GRF 2 tau^(2 alpha - 2) (-Laplacian + tau^2 I)^(-alpha), periodic, mean zero (FNO generator code)");
        p.put("alpha", alpha);
        p.put("tau", tau);
        return p;
    }

    @Override
    public Map<String, String> arrays() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("a", "(N, 1, s, s) initial vorticity w(x, y, 0)");
        a.put("u", "(N, 1, s, s, T) vorticity at the record times, time last");
        a.put("t", "(T) record times");
        a.put("x", "(s) grid points j/s along each axis");
        return a;
    }

    @Override
    public Map<String, Tensor> generate(int n, long seed, ProgressListener progress) {
        int s = resolution, big = solverResolution, r = big / s, nt = records;
        Tensor a = Tensor.zeros(n, 1, s, s), u = Tensor.zeros(n, 1, s, s, nt);
        double[] ad = a.data(), ud = u.data();
        DatasetGenerator.forEachSample(n, progress, i -> {
            double[] w0 = grf.sample(SampleStreams.forSample(seed, i));
            double[][] w = solver.solve(w0, finalTime, nt);
            for (int p = 0; p < s; p++)
                for (int q = 0; q < s; q++) {
                    int src = (p * r) * big + q * r, dst = (i * s + p) * s + q;
                    ad[dst] = w0[src];
                    for (int k = 0; k < nt; k++) ud[dst * nt + k] = w[k][src];
                }
        });
        double[] times = new double[nt], x = new double[s];
        for (int k = 0; k < nt; k++) times[k] = finalTime * (k + 1) / nt;
        for (int j = 0; j < s; j++) x[j] = (double) j / s;
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("a", a);
        out.put("u", u);
        out.put("t", Tensor.wrap(times, nt));
        out.put("x", Tensor.wrap(x, s));
        return out;
    }
}
