package org.neuralop4j.core.pde;

import org.apache.commons.rng.UniformRandomProvider;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.Tensor;

/**
 * The antiderivative operator {@code v -> u}, {@code u(x) = int_0^x v(s) ds} on [0,1], DeepONet's first example
 * (Lu, Jin, Pang, Zhang &amp; Karniadakis, Nature Machine Intelligence 3 (2021), DOI 10.1038/s42256-021-00302-5).
 *
 * <p>As in DeepONet's generator, {@code v} is a Gaussian process with the RBF kernel
 * {@code k(x, x') = exp(-(x - x')^2 / (2 l^2))} sampled at {@code gridPoints} equispaced points of [0,1] and
 * interpolated by a cubic spline (here the natural spline, {@link CubicSpline}). The GP draw is {@code v = L xi} with a
 * pivoted Cholesky factor {@code L} of the kernel matrix, truncated when the remaining diagonal is below
 * {@link #TRUNCATION}: exact up to that truncation, no jitter, and cheap (the RBF kernel has low numerical rank). The labels are the spline's exact integrals, so they are the
 * antiderivative of the very function whose sensor values are given, to rounding (about 1e-15), unlike DeepXDE's
 * published files, which come from an ODE solver at loose tolerance (errors near 1e-2).
 *
 * <p>Sensors are {@code m} points {@code linspace(0, 1, m)}. Aligned data query {@code u} at the sensors; unaligned
 * data at {@code m} uniform random points per sample. Immutable and thread-safe after construction.
 */
public final class AntiderivativeData {
    private final double lengthScale;
    private final int gridPoints, sensors;
    private final double[] factor; // gridPoints x rank, row-major: Q sqrt(Lambda)
    private final int rank;
    /** Entrywise bound on the difference between the kernel matrix and the covariance actually sampled. */
    public static final double TRUNCATION = 1e-13;

    /**
     * @param lengthScale RBF length scale l &gt; 0 (DeepONet: 0.2)
     * @param gridPoints  points of the GP draw (DeepONet: 1000), at least 2
     * @param sensors     number m of sensors and query points per sample (DeepONet: 100), at least 2
     */
    public AntiderivativeData(double lengthScale, int gridPoints, int sensors) {
        Checks.positive("lengthScale", lengthScale);
        if (gridPoints < 2) throw new IllegalArgumentException("gridPoints must be at least 2, got " + gridPoints);
        if (sensors < 2) throw new IllegalArgumentException("sensors (m) must be at least 2, got " + sensors);
        if (gridPoints > 4000) throw new IllegalArgumentException("gridPoints is limited to 4000, got " + gridPoints);
        this.lengthScale = lengthScale;
        this.gridPoints = gridPoints;
        this.sensors = sensors;
        // pivoted Cholesky K ~ L L^T (Harbrecht, Peters & Schneider, Appl. Numer. Math. 62 (2012),
        // DOI 10.1016/j.apnum.2011.10.001): stops when every remaining diagonal entry of K - L L^T is below the
        // tolerance, so |K - L L^T| <= TRUNCATION entrywise (a PSD remainder is bounded by its diagonal)
        int n = gridPoints;
        double[] diag = new double[n];
        java.util.Arrays.fill(diag, 1.0);
        java.util.List<double[]> cols = new java.util.ArrayList<>();
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = (double) i / (n - 1);
        double inv2l2 = 1 / (2 * lengthScale * lengthScale);
        while (cols.size() < n) {
            int p = 0;
            for (int i = 1; i < n; i++) if (diag[i] > diag[p]) p = i;
            if (diag[p] <= TRUNCATION) break;
            double piv = Math.sqrt(diag[p]);
            double[] col = new double[n];
            for (int i = 0; i < n; i++) {
                double d = x[i] - x[p], v = Math.exp(-d * d * inv2l2);
                for (double[] c : cols) v -= c[i] * c[p];
                col[i] = v / piv;
            }
            for (int i = 0; i < n; i++) diag[i] = Math.max(0, diag[i] - col[i] * col[i]);
            diag[p] = 0;
            cols.add(col);
        }
        rank = cols.size();
        factor = new double[n * rank];
        for (int c = 0; c < rank; c++) {
            double[] col = cols.get(c);
            for (int i = 0; i < n; i++) factor[i * rank + c] = col[i];
        }
    }

    /** @return {@code (L L^T)_{ij}}, the covariance of the draws at GP points i and j */
    double sampledCovariance(int i, int j) {
        double s = 0;
        for (int c = 0; c < rank; c++) s += factor[i * rank + c] * factor[j * rank + c];
        return s;
    }

    /** DeepONet's setup: l = 0.2, 1000 GP points, m = 100 sensors. */
    public static AntiderivativeData deepOnetDefaults() { return new AntiderivativeData(0.2, 1000, 100); }

    /** @return the rank of the truncated kernel factor */
    public int rank() { return rank; }

    /** @return the number m of sensors */
    public int sensors() { return sensors; }

    /** @return the RBF length scale */
    public double lengthScale() { return lengthScale; }

    /** @return the number of GP points */
    public int gridPoints() { return gridPoints; }

    /** @return sensor locations {@code linspace(0, 1, m)} */
    public double[] sensorPoints() {
        double[] x = new double[sensors];
        for (int i = 0; i < sensors; i++) x[i] = (double) i / (sensors - 1);
        x[sensors - 1] = 1;
        return x;
    }

    /** Draws one input function {@code v} (the spline through a GP draw); advances {@code rng} by rank normals. */
    public CubicSpline sampleFunction(UniformRandomProvider rng) {
        double[] xi = new double[rank];
        Tensor.fillNormal(rng, xi, 0, rank);
        double[] v = new double[gridPoints];
        for (int i = 0; i < gridPoints; i++) {
            double s = 0;
            for (int c = 0; c < rank; c++) s += factor[i * rank + c] * xi[c];
            v[i] = s;
        }
        return new CubicSpline(0, 1, v);
    }

    /**
     * One sample: sensor values of {@code v}, query points and labels {@code u(x) = int_0^x v}.
     * @param rng     the sample's random stream
     * @param aligned query at the sensors (true) or at m uniform random points (false)
     * @param v       out: m sensor values
     * @param x       out: m query points
     * @param y       out: m labels
     */
    public void sample(UniformRandomProvider rng, boolean aligned, double[] v, double[] x, double[] y) {
        if (v.length != sensors || x.length != sensors || y.length != sensors)
            throw new IllegalArgumentException("output arrays must have length m = " + sensors);
        CubicSpline s = sampleFunction(rng);
        double[] sp = sensorPoints();
        for (int i = 0; i < sensors; i++) {
            v[i] = s.value(sp[i]);
            x[i] = aligned ? sp[i] : rng.nextDouble();
            y[i] = s.integral(x[i]);
        }
    }
}
