package org.neuralop4j.core.pde.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.pde.BurgersSolver;
import org.neuralop4j.core.pde.GaussianRandomField;
import org.neuralop4j.core.pde.SampleStreams;

/**
 * Burgers data as in the FNO paper (Li et al., arXiv:2010.08895, section 5.1): {@code u0 ~ N(0, sigma^2
 * (-Laplacian + tau^2)^(-alpha))} on the periodic unit interval (sigma = 25, tau = 5, alpha = 2, mean zero), solved
 * to time T with viscosity nu on a fine grid by {@link BurgersSolver} and subsampled.
 *
 * <p>Arrays: {@code a} (N, 1, s) initial condition, {@code u} (N, 1, s) solution at T, {@code x} (s) grid points
 * {@code j/s}; s = resolution, taken as every (solverPoints/s)-th point of the solver grid.
 */
public final class BurgersDataset implements DatasetGenerator {
    private final int solverPoints, resolution;
    private final double nu, t, dt, alpha, tau, sigma;
    private final GaussianRandomField grf;
    private final BurgersSolver solver;

    /**
     * @param solverPoints fine grid the PDE is solved on (FNO: 8192)
     * @param resolution   saved grid size s; must divide solverPoints (FNO: 1024, 512, ... 256)
     * @param nu           viscosity (FNO: 0.1)
     * @param t            final time (FNO: 1)
     * @param dt           time step
     * @param alpha        GRF smoothness (FNO: 2)
     * @param tau          GRF inverse length scale (FNO: 5)
     * @param sigma        GRF amplitude (FNO: 25, i.e. variance scale 625)
     * @throws IllegalArgumentException for inconsistent parameters or an unstable time step
     */
    public BurgersDataset(int solverPoints, int resolution, double nu, double t, double dt, double alpha, double tau, double sigma) {
        if (!(nu > 0) || Double.isInfinite(nu)) throw new IllegalArgumentException("viscosity nu must be positive and finite, got " + nu);
        Checks.positive("t (final time)", t);
        Checks.positive("dt", dt);
        if (dt > t) throw new IllegalArgumentException("dt = " + dt + " exceeds the final time t = " + t);
        if (resolution < 4) throw new IllegalArgumentException("resolution must be at least 4, got " + resolution);
        if (solverPoints < resolution || solverPoints % resolution != 0)
            throw new IllegalArgumentException("solver grid (" + solverPoints + " points) must be a multiple of the resolution " + resolution);
        this.solverPoints = solverPoints;
        this.resolution = resolution;
        this.nu = nu;
        this.t = t;
        this.dt = dt;
        this.alpha = alpha;
        this.tau = tau;
        this.sigma = sigma;
        this.grf = new GaussianRandomField(1, solverPoints, alpha, tau, sigma, GaussianRandomField.Boundary.PERIODIC, true);
        this.solver = new BurgersSolver(solverPoints, nu, dt);
        // max|u| <= max|u0| for Burgers; a Gaussian field rarely exceeds 6 standard deviations
        solver.requireStable(6 * Math.sqrt(grf.maxPointwiseVariance()));
    }

    /** The FNO setup: 8192 solver points saved at 1024, nu = 0.1, T = 1, dt = 0.01, alpha = 2, tau = 5, sigma = 25. */
    public static BurgersDataset fno() { return new BurgersDataset(8192, 1024, 0.1, 1, 0.01, 2, 5, 25); }

    @Override public String name() { return "burgers"; }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("equation", "u_t + (u^2/2)_x = nu u_xx on the periodic interval [0,1)");
        p.put("solver", "pseudo-spectral, ETDRK4, 2/3 dealiasing");
        p.put("solver_points", solverPoints);
        p.put("resolution", resolution);
        p.put("nu", nu);
        p.put("t", t);
        p.put("dt", dt);
        p.put("initial_condition", "GRF sigma^2 (-Laplacian + tau^2 I)^(-alpha), periodic, mean zero");
        p.put("alpha", alpha);
        p.put("tau", tau);
        p.put("sigma", sigma);
        return p;
    }

    @Override
    public Map<String, String> arrays() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("a", "(N, 1, s) initial condition u(x, 0)");
        a.put("u", "(N, 1, s) solution u(x, T)");
        a.put("x", "(s) grid points j/s");
        return a;
    }

    @Override
    public Map<String, Tensor> generate(int n, long seed, ProgressListener progress) {
        int s = resolution, stride = solverPoints / resolution;
        Tensor a = Tensor.zeros(n, 1, s), u = Tensor.zeros(n, 1, s);
        double[] ad = a.data(), ud = u.data();
        DatasetGenerator.forEachSample(n, progress, i -> {
            double[] u0 = grf.sample(SampleStreams.forSample(seed, i));
            double[] ut = solver.solve(u0, t);
            for (int j = 0; j < s; j++) {
                ad[i * s + j] = u0[j * stride];
                ud[i * s + j] = ut[j * stride];
            }
        });
        double[] x = new double[s];
        for (int j = 0; j < s; j++) x[j] = (double) j / s;
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("a", a);
        out.put("u", u);
        out.put("x", Tensor.wrap(x, s));
        return out;
    }
}
