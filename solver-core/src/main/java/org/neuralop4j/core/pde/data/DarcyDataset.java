package org.neuralop4j.core.pde.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.pde.DarcySolver;
import org.neuralop4j.core.pde.GaussianRandomField;
import org.neuralop4j.core.pde.SampleStreams;

/**
 * Darcy data as in the FNO paper (Li et al., arXiv:2010.08895, section 5.2): coefficient {@code a = 12} where a
 * zero-Neumann GRF {@code N(0, (-Laplacian + tau^2)^(-alpha))} (alpha = 2, tau = 3) is {@code >= 0} and {@code 3}
 * elsewhere, forcing {@code f = 1}, {@code u = 0} on the boundary, solved by {@link DarcySolver}.
 *
 * <p>Grid: the vertex grid {@code (i, j)/(S-1)} with boundary nodes, S = solver resolution; the saved resolution s
 * must satisfy {@code (S-1) = r (s-1)} and keeps every r-th node (FNO: S = 421, s = 421, 211, 141, 106, 85, ...).
 * Arrays: {@code a} (N, 1, s, s) coefficient, {@code u} (N, 1, s, s) solution, {@code x} (s) node coordinates;
 * the first spatial axis is x.
 */
public final class DarcyDataset implements DatasetGenerator {
    private final int solverResolution, resolution;
    private final double alpha, tau, high, low;
    private final GaussianRandomField grf;
    private final DarcySolver solver;

    /**
     * @param solverResolution grid points per axis of the solve (boundary included), at least 3
     * @param resolution       saved points per axis; {@code solverResolution - 1} must be a multiple of {@code resolution - 1}
     * @param alpha            GRF smoothness (FNO: 2)
     * @param tau              GRF inverse length scale (FNO: 3)
     * @param high             coefficient where the GRF is {@code >= 0} (FNO: 12)
     * @param low              coefficient where it is negative (FNO: 3)
     */
    public DarcyDataset(int solverResolution, int resolution, double alpha, double tau, double high, double low) {
        if (resolution < 3) throw new IllegalArgumentException("resolution must be at least 3 (boundary included), got " + resolution);
        if (solverResolution < resolution || (solverResolution - 1) % (resolution - 1) != 0)
            throw new IllegalArgumentException("solver resolution " + solverResolution + " must satisfy (S-1) = r (s-1) for the resolution s = "
                    + resolution + " (e.g. S = 421 for s = 85, 106, 141, 211, 421)");
        Checks.positive("high coefficient", high);
        Checks.positive("low coefficient", low);
        this.solverResolution = solverResolution;
        this.resolution = resolution;
        this.alpha = alpha;
        this.tau = tau;
        this.high = high;
        this.low = low;
        this.grf = GaussianRandomField.fnoNeumann2d(solverResolution, alpha, tau);
        this.solver = new DarcySolver(solverResolution);
    }

    /** FNO's coefficient law solved and saved on the 85 x 85 grid. */
    public static DarcyDataset fno(int resolution) { return new DarcyDataset(resolution, resolution, 2, 3, 12, 3); }

    @Override public String name() { return "darcy"; }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("equation", "-div(a grad u) = 1 on (0,1)^2, u = 0 on the boundary");
        p.put("solver", "5-point finite differences, arithmetic face averages, multigrid-preconditioned CG to relative residual 1e-10");
        p.put("grid", "vertex grid (i, j)/(S-1) including boundary nodes; first axis is x");
        p.put("solver_resolution", solverResolution);
        p.put("resolution", resolution);
        p.put("coefficient", "high where a zero-Neumann GRF tau^(2 alpha - 2) (-Laplacian + tau^2 I)^(-alpha) (mean zero) is >= 0, low elsewhere");
        p.put("alpha", alpha);
        p.put("tau", tau);
        p.put("high", high);
        p.put("low", low);
        return p;
    }

    @Override
    public Map<String, String> arrays() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("a", "(N, 1, s, s) coefficient a(x_i, y_j)");
        a.put("u", "(N, 1, s, s) solution u(x_i, y_j), zero on the boundary");
        a.put("x", "(s) node coordinates i/(s-1)");
        return a;
    }

    @Override
    public Map<String, Tensor> generate(int n, long seed, ProgressListener progress) {
        int s = resolution, big = solverResolution, r = (big - 1) / (s - 1);
        Tensor a = Tensor.zeros(n, 1, s, s), u = Tensor.zeros(n, 1, s, s);
        double[] ad = a.data(), ud = u.data();
        double[] f = new double[big * big];
        Arrays.fill(f, 1);
        DatasetGenerator.forEachSample(n, progress, i -> {
            double[] g = grf.sample(SampleStreams.forSample(seed, i));
            double[] coef = new double[g.length];
            for (int p = 0; p < g.length; p++) coef[p] = g[p] >= 0 ? high : low;
            double[] sol = solver.solve(coef, f).u;
            int off = i * s * s;
            for (int p = 0; p < s; p++)
                for (int q = 0; q < s; q++) {
                    ad[off + p * s + q] = coef[(p * r) * big + q * r];
                    ud[off + p * s + q] = sol[(p * r) * big + q * r];
                }
        });
        double[] x = new double[s];
        for (int j = 0; j < s; j++) x[j] = (double) j / (s - 1);
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("a", a);
        out.put("u", u);
        out.put("x", Tensor.wrap(x, s));
        return out;
    }
}
