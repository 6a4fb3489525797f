package org.neuralop4j.core.pde;

import org.apache.commons.rng.UniformRandomProvider;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.fft.Fft;

/**
 * Gaussian random fields on the unit cube {@code [0,1]^d} (d = 1 or 2) with covariance operator
 * {@code C = sigma^2 (-Laplacian + tau^2 I)^(-alpha)}, sampled through its Karhunen–Loève expansion
 * {@code u = sum_k sqrt(lambda_k) xi_k phi_k}, {@code xi_k ~ N(0,1)} i.i.d., where {@code (mu_k, phi_k)} are the
 * orthonormal eigenpairs of {@code -Laplacian} for the chosen boundary condition and
 * {@code lambda_k = sigma^2 (mu_k + tau^2)^(-alpha)}. This is the prior of Li et al., "Fourier neural operator for
 * parametric partial differential equations", arXiv:2010.08895, and of Stuart, Acta Numerica 19 (2010),
 * DOI 10.1017/S0962492910000061.
 *
 * <ul>
 *   <li>{@link Boundary#PERIODIC}: {@code phi_k = exp(2 pi i k.x)}, {@code mu_k = 4 pi^2 |k|^2}, on the periodic
 *       grid {@code x_j = j / n}, {@code j = 0..n-1}; all modes the grid resolves, {@code -n/2 <= k < n/2}
 *       (with the Nyquist mode), are kept. Sampled as {@code sqrt(N) * ifft(sqrt(lambda) * fft(white noise))},
 *       which has exactly the truncated covariance.</li>
 *   <li>{@link Boundary#NEUMANN} (zero normal derivative): {@code phi_k = prod_i c_{k_i} cos(pi k_i x_i)} with
 *       {@code c_0 = 1}, {@code c_k = sqrt 2}, {@code mu_k = pi^2 |k|^2}, {@code k_i = 0..n-1}; the FNO Darcy
 *       coefficient prior (graph-pde {@code GRF.m}).</li>
 *   <li>{@link Boundary#DIRICHLET} (zero value): {@code phi_k = prod_i sqrt 2 sin(pi k_i x_i)}, {@code k_i = 1..n-2}.</li>
 * </ul>
 * Neumann and Dirichlet fields are evaluated on the vertex grid {@code x_j = j/(n-1)}, {@code j = 0..n-1}, which
 * includes both boundary points (a type-I discrete cosine / sine transform, computed with FFTs of length
 * {@code 2(n-1)}).
 *
 * <p>With {@code zeroMean} the constant mode ({@code k = 0}, periodic and Neumann only) is left out, as in the FNO
 * generators; the covariance is then {@code C} restricted to mean-zero functions.
 *
 * <p>Samples are returned row-major with shape {@code (n)} or {@code (n, n)} (first index = first coordinate).
 * Instances are immutable and thread-safe; all randomness comes from the generator passed to {@link #sample}.
 */
public final class GaussianRandomField {
    /** Boundary condition of the Laplacian whose eigenfunctions form the expansion basis. */
    public enum Boundary { PERIODIC, NEUMANN, DIRICHLET }

    private final int dim;
    private final int n;
    private final double alpha, tau, sigma;
    private final Boundary boundary;
    private final boolean zeroMean;
    /** Per-mode square-root weights in the layout {@link #sample} fills (see there). */
    private final double[] weights;

    /**
     * @param dim      1 or 2
     * @param n        grid points per axis (periodic: at least 2; Neumann: at least 2; Dirichlet: at least 3)
     * @param alpha    smoothness exponent, &gt; d/2 for a field with finite pointwise variance
     * @param tau      inverse length scale, &gt; 0
     * @param sigma    amplitude, &gt; 0
     * @param boundary basis, see the class comment
     * @param zeroMean leave out the constant mode
     */
    public GaussianRandomField(int dim, int n, double alpha, double tau, double sigma, Boundary boundary, boolean zeroMean) {
        Checks.inRange("dim", dim, 1, 2);
        Checks.positive("alpha", alpha);
        Checks.positive("tau", tau);
        Checks.positive("sigma", sigma);
        if (boundary == null) throw new IllegalArgumentException("boundary must not be null");
        int minN = boundary == Boundary.DIRICHLET ? 3 : 2;
        if (n < minN) throw new IllegalArgumentException("n (grid points per axis) must be at least " + minN + " for " + boundary + ", got " + n);
        if ((long) Math.pow(n, dim) * 4 > Integer.MAX_VALUE) throw new IllegalArgumentException("grid " + n + "^" + dim + " is too large");
        this.dim = dim;
        this.n = n;
        this.alpha = alpha;
        this.tau = tau;
        this.sigma = sigma;
        this.boundary = boundary;
        this.zeroMean = zeroMean;
        this.weights = buildWeights();
    }

    /**
     * The periodic prior of the FNO generator code (Navier–Stokes initial vorticity: d = 2, alpha = 2.5, tau = 7),
     * mean zero, with covariance {@code 2 tau^(2 alpha - d) (-Laplacian + tau^2)^(-alpha)}: the paper states the
     * covariance without the factor 2, but its generator ({@code GaussianRF} in the FNO repository, which takes the
     * real part of an inverse FFT of independent complex coefficients of standard deviation
     * {@code sqrt 2 sigma (...)^(-alpha/2)}) draws fields with twice that variance; this matches the published data.
     */
    public static GaussianRandomField fnoPeriodic(int dim, int n, double alpha, double tau) {
        return new GaussianRandomField(dim, n, alpha, tau, Math.sqrt(2) * Math.pow(tau, 0.5 * (2 * alpha - dim)), Boundary.PERIODIC, true);
    }

    /**
     * The FNO Darcy prior {@code N(0, tau^(2 alpha - 2) (-Laplacian + tau^2)^(-alpha))} with zero-Neumann cosine
     * basis and mean zero, on the {@code n x n} vertex grid of the unit square (graph-pde {@code GRF.m}).
     */
    public static GaussianRandomField fnoNeumann2d(int n, double alpha, double tau) {
        return new GaussianRandomField(2, n, alpha, tau, Math.pow(tau, alpha - 1), Boundary.NEUMANN, true);
    }

    /** @return {@code lambda = sigma^2 (mu + tau^2)^(-alpha)} for the Laplacian eigenvalue {@code mu} */
    public double eigenvalue(double mu) { return sigma * sigma * Math.pow(mu + tau * tau, -alpha); }

    /** @return the covariance eigenvalue of periodic Fourier mode {@code k} (integer wave numbers), 0 if left out */
    public double periodicEigenvalue(int... k) {
        double k2 = 0;
        for (int v : k) k2 += (double) v * v;
        if (zeroMean && k2 == 0) return 0;
        return eigenvalue(4 * Math.PI * Math.PI * k2);
    }

    /** @return the covariance eigenvalue of cosine/sine mode {@code k}, 0 if left out */
    public double boundedEigenvalue(int... k) {
        double k2 = 0;
        for (int v : k) k2 += (double) v * v;
        if (zeroMean && k2 == 0) return 0;
        return eigenvalue(Math.PI * Math.PI * k2);
    }

    /**
     * @return the largest pointwise variance of a sample over the grid: the sum of all retained eigenvalues times the
     *         squared basis functions' maximum (exact for periodic fields, whose variance is the same everywhere)
     */
    public double maxPointwiseVariance() {
        double v = 0;
        if (boundary == Boundary.PERIODIC) {
            if (dim == 1) for (int i = 0; i < n; i++) v += periodicEigenvalue(signedFrequency(i, n));
            else for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) v += periodicEigenvalue(signedFrequency(i, n), signedFrequency(j, n));
            return v;
        }
        for (double w : weights) v += w * w;
        return v;
    }

    /** @return the grid shape, {@code (n)} or {@code (n, n)} */
    public int[] shape() { return dim == 1 ? new int[] {n} : new int[] {n, n}; }

    /** @return grid points per axis */
    public int n() { return n; }

    /** @return the boundary condition */
    public Boundary boundary() { return boundary; }

    /** @return coordinates of the grid points along one axis: {@code j/n} (periodic) or {@code j/(n-1)} */
    public double[] axisPoints() {
        double[] x = new double[n];
        double h = boundary == Boundary.PERIODIC ? 1.0 / n : 1.0 / (n - 1);
        for (int j = 0; j < n; j++) x[j] = j * h;
        return x;
    }

    private static int signedFrequency(int idx, int len) { return idx <= len / 2 ? idx : idx - len; }

    private double[] buildWeights() {
        if (boundary == Boundary.PERIODIC) {
            int h = Fft.halfLength(n);
            if (dim == 1) {
                double[] w = new double[h];
                for (int k = 0; k < h; k++) w[k] = Math.sqrt(periodicEigenvalue(k));
                return w;
            }
            double[] w = new double[n * h];
            for (int i = 0; i < n; i++)
                for (int k = 0; k < h; k++) w[i * h + k] = Math.sqrt(periodicEigenvalue(signedFrequency(i, n), k));
            return w;
        }
        // cosine/sine coefficients k = 0..n-1 per axis; the normalisation c_k of the basis is folded in
        double[] c = new double[n];
        for (int k = 0; k < n; k++) {
            boolean used = boundary == Boundary.NEUMANN || (k >= 1 && k <= n - 2);
            c[k] = !used ? 0 : (boundary == Boundary.NEUMANN && k == 0 ? 1 : Math.sqrt(2));
        }
        if (dim == 1) {
            double[] w = new double[n];
            for (int k = 0; k < n; k++) w[k] = c[k] * Math.sqrt(boundedEigenvalue(k));
            return w;
        }
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++) w[i * n + k] = c[i] * c[k] * Math.sqrt(boundedEigenvalue(i, k));
        return w;
    }

    /**
     * Draws one field.
     * @param rng the random stream (advanced by {@code n^d} normal draws)
     * @return the field values on the grid, row-major, length {@code n^d}
     */
    public double[] sample(UniformRandomProvider rng) {
        int total = dim == 1 ? n : n * n;
        double[] xi = new double[total];
        Tensor.fillNormal(rng, xi, 0, total);
        if (boundary == Boundary.PERIODIC) {
            int[] dims = shape();
            double[] spec = Fft.rfftn(xi, 1, dims);
            for (int m = 0; m < weights.length; m++) {
                spec[2 * m] *= weights[m];
                spec[2 * m + 1] *= weights[m];
            }
            double[] u = Fft.irfftn(spec, 1, dims);
            double scale = Math.sqrt(total);
            for (int i = 0; i < total; i++) u[i] *= scale;
            return u;
        }
        for (int m = 0; m < total; m++) xi[m] *= weights[m];
        boolean sine = boundary == Boundary.DIRICHLET;
        if (dim == 1) return TrigTransforms.synthesis(xi, 1, n - 1, sine);
        double[] rows = TrigTransforms.synthesis(xi, n, n - 1, sine);
        double[] cols = TrigTransforms.synthesis(transpose(rows, n), n, n - 1, sine);
        return transpose(cols, n);
    }

    /** @return one field as a tensor of shape {@link #shape()} */
    public Tensor sampleTensor(UniformRandomProvider rng) { return Tensor.wrap(sample(rng), shape()); }

    static double[] transpose(double[] a, int n) {
        double[] t = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) t[j * n + i] = a[i * n + j];
        return t;
    }
}
