package org.neuralop4j.operators.fno;

import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.linalg.Gemm;

/**
 * Truncated DFTs as matrix products: only the kept modes are computed, one axis at a time, each axis a GEMM
 * through {@link Gemm}. The last axis is a real GEMM {@code (rows*prod n_{<d}, n_d) x (n_d, 2 m_d)}; every other
 * axis a complex matrix {@code G} applied along that axis as one real GEMM with {@code [Re G; Im G]} followed by
 * a cheap combination of the four real products. Costs {@code O(N * sum_j 2 K_j)} per row instead of the FFT's
 * {@code O(N log N)} over all modes, which wins when few modes are kept (see {@link SpectralConvolution.Transform}).
 */
final class DftModeTransform implements ModeTransform {
    private final ModeGeometry g;
    /** (n_d, 2 m_d): [cos | -sin] of the last axis' forward DFT */
    private final double[] lastForward;
    /** (2 m_d, n_d): [c cos; -c sin] / n_d, the last axis' inverse */
    private final double[] lastInverse;
    /** per non-last axis: forward (2K x n) = [Re; Im] of exp(-2 pi i f x / n), and its conjugate transpose (2n x K) */
    private final double[][] axisForward, axisForwardAdjoint, axisInverse, axisInverseAdjoint;

    DftModeTransform(ModeGeometry geometry) {
        this.g = geometry;
        int d = g.d, nd = g.n[d - 1], md = g.m[d - 1];
        lastForward = new double[nd * 2 * md];
        lastInverse = new double[2 * md * nd];
        for (int x = 0; x < nd; x++)
            for (int k = 0; k < md; k++) {
                double a = angle(k, x, nd), c = Math.cos(a), s = Math.sin(a), w = g.hermitianWeight(k) / nd;
                lastForward[x * 2 * md + k] = c;
                lastForward[x * 2 * md + md + k] = -s;
                lastInverse[k * nd + x] = w * c;
                lastInverse[(md + k) * nd + x] = -w * s;
            }
        axisForward = new double[d - 1][];
        axisForwardAdjoint = new double[d - 1][];
        axisInverse = new double[d - 1][];
        axisInverseAdjoint = new double[d - 1][];
        for (int j = 0; j < d - 1; j++) {
            int n = g.n[j], kk = g.k[j];
            double[] f = new double[2 * kk * n], fh = new double[2 * n * kk], e = new double[2 * n * kk], eh = new double[2 * kk * n];
            for (int p = 0; p < kk; p++)
                for (int x = 0; x < n; x++) {
                    double a = angle(g.frequency(j, p), x, n), c = Math.cos(a), s = Math.sin(a);
                    // forward F[p][x] = exp(-i a); its adjoint F^H[x][p] = exp(+i a)
                    f[p * n + x] = c;
                    f[(kk + p) * n + x] = -s;
                    fh[x * kk + p] = c;
                    fh[(n + x) * kk + p] = s;
                    // inverse E[x][p] = exp(+i a) / n; its adjoint E^H[p][x] = exp(-i a) / n
                    e[x * kk + p] = c / n;
                    e[(n + x) * kk + p] = s / n;
                    eh[p * n + x] = c / n;
                    eh[(kk + p) * n + x] = -s / n;
                }
            axisForward[j] = f;
            axisForwardAdjoint[j] = fh;
            axisInverse[j] = e;
            axisInverseAdjoint[j] = eh;
        }
    }

    /** {@code 2 pi (f x mod n) / n}, reduced exactly in integers so large products keep full accuracy. */
    static double angle(int f, int x, int n) {
        return 2 * Math.PI * Math.floorMod((long) f * x, (long) n) / n;
    }

    @Override
    public ModeGeometry geometry() { return g; }

    private int spatialOuter(int rows, int upTo) {
        int p = rows;
        for (int j = 0; j < upTo; j++) p *= g.n[j];
        return p;
    }

    /** Length of the block after axis j: frequency axes j+1..d-2 times the planar last axis. */
    private int tail(int j) {
        int r = 2 * g.m[g.d - 1];
        for (int i = j + 1; i < g.d - 1; i++) r *= g.k[i];
        return r;
    }

    @Override
    public double[] forward(double[] x, int rows) {
        int d = g.d, nd = g.n[d - 1], md = g.m[d - 1];
        int lines = spatialOuter(rows, d - 1);
        double[] z = new double[lines * 2 * md];
        Gemm.gemm(false, false, lines, 2 * md, nd, 1.0, x, 0, nd, lastForward, 0, 2 * md, 0.0, z, 0, 2 * md);
        for (int j = d - 2; j >= 0; j--) z = complexAxis(z, spatialOuter(rows, j), g.n[j], g.k[j], tail(j), axisForward[j]);
        return z;
    }

    @Override
    public double[] inverseTranspose(double[] gy, int rows) {
        int d = g.d, nd = g.n[d - 1], md = g.m[d - 1];
        int lines = spatialOuter(rows, d - 1);
        double[] z = new double[lines * 2 * md];
        Gemm.gemm(false, true, lines, 2 * md, nd, 1.0, gy, 0, nd, lastInverse, 0, nd, 0.0, z, 0, 2 * md);
        for (int j = d - 2; j >= 0; j--) z = complexAxis(z, spatialOuter(rows, j), g.n[j], g.k[j], tail(j), axisInverseAdjoint[j]);
        return z;
    }

    @Override
    public double[] inverse(double[] spectrum, int rows) {
        return toSpace(spectrum, rows, axisInverse, lastInverse, false, null);
    }

    @Override
    public void inverseAdd(double[] spectrum, int rows, double[] y) {
        toSpace(spectrum, rows, axisInverse, lastInverse, false, y);
    }

    @Override
    public double[] forwardTranspose(double[] gz, int rows) {
        return toSpace(gz, rows, axisForwardAdjoint, lastForward, true, null);
    }

    /** The maps back to space; the last axis' GEMM accumulates into {@code addTo} when it is given. */
    private double[] toSpace(double[] spectrum, int rows, double[][] axisMatrices, double[] last, boolean lastTransposed,
                             double[] addTo) {
        int d = g.d, nd = g.n[d - 1], md = g.m[d - 1];
        double[] z = spectrum;
        for (int j = 0; j < d - 1; j++) z = complexAxis(z, spatialOuter(rows, j), g.k[j], g.n[j], tail(j), axisMatrices[j]);
        int lines = spatialOuter(rows, d - 1);
        double[] y = addTo == null ? new double[lines * nd] : addTo;
        double beta = addTo == null ? 0.0 : 1.0;
        if (lastTransposed) Gemm.gemm(false, true, lines, nd, 2 * md, 1.0, z, 0, 2 * md, last, 0, 2 * md, beta, y, 0, nd);
        else Gemm.gemm(false, false, lines, nd, 2 * md, 1.0, z, 0, 2 * md, last, 0, nd, beta, y, 0, nd);
        return y;
    }

    /**
     * Applies the complex matrix {@code G} (outLen x inLen, stored as [Re G; Im G], 2 outLen x inLen) along the
     * middle axis of {@code (outer, inLen, tail)} data whose tail is planar complex in its last 2 m_d entries: per
     * outer index one real GEMM {@code [Re G; Im G] (2 outLen x inLen) x block (inLen x tail)}, all as one batched
     * call with G shared (no transposes of the data), then the four real products are combined into the complex
     * result in {@code (outer, outLen, tail)} order while the block's product is still in cache.
     */
    private double[] complexAxis(double[] in, int outer, int inLen, int outLen, int tail, double[] gMat) {
        int w = 2 * outLen, block = w * tail;
        double[] p = new double[outer * block];
        Gemm.gemmBatched(outer, false, false, w, tail, inLen, 1.0, gMat, 0, 0, inLen, in, 0, inLen * tail, tail,
                0.0, p, 0, block, tail);
        double[] out = new double[outer * outLen * tail];
        int md = g.m[g.d - 1], pairs = tail / (2 * md);
        Parallel.forRange(outer, Parallel.grainFor(outer, 2L * outLen * tail), (o0, o1) -> {
            for (int o = o0; o < o1; o++)
                for (int r = 0; r < outLen; r++) {
                    int reRow = o * block + r * tail, imRow = reRow + outLen * tail, dst = (o * outLen + r) * tail;
                    for (int q = 0; q < pairs; q++)
                        for (int t = 0; t < md; t++) {
                            int re = q * 2 * md + t, im = re + md;
                            // (Re G + i Im G)(x_re + i x_im): re = ReG x_re - ImG x_im, im = ReG x_im + ImG x_re
                            out[dst + re] = p[reRow + re] - p[imRow + im];
                            out[dst + im] = p[reRow + im] + p[imRow + re];
                        }
                }
        });
        return out;
    }

    @Override
    public double flops(int rows) {
        int d = g.d;
        double f = 2.0 * spatialOuter(rows, d - 1) * g.n[d - 1] * 2 * g.m[d - 1];
        for (int j = d - 2; j >= 0; j--) f += 2.0 * spatialOuter(rows, j) * 2 * g.k[j] * g.n[j] * tail(j);
        return f;
    }
}
