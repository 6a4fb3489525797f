package org.neuralop4j.operators.fno;

import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.ScratchArrays;
import org.neuralop4j.core.linalg.Gemm;

/**
 * Truncated DFTs as matrix products: only the kept modes are computed, one axis at a time, each axis a GEMM
 * through {@link Gemm}. The last axis is a real GEMM {@code (rows*prod n_{<d}, n_d) x (n_d, 2 m_d)}; every other
 * axis, whose kept frequencies {@code -m..m-1} come in pairs {@code +-f}, one real GEMM with the cosines and sines
 * of frequencies {@code 0..m} ({@code 2m + 1} real basis vectors for {@code 2m} complex coefficients, half the
 * arithmetic of applying the complex matrix as {@code [Re G; Im G]}) and a pass over the small side of the map
 * that splits or folds the pairs. Costs {@code O(N * sum_j 2 K_j)} per row instead of the FFT's
 * {@code O(N log N)} over all modes, which wins when few modes are kept (see {@link SpectralConvolution.Transform}).
 */
final class DftModeTransform implements ModeTransform {
    private final ModeGeometry g;
    /** (n_d, 2 m_d): [cos | -sin] of the last axis' forward DFT */
    private final double[] lastForward;
    /** (2 m_d, n_d): [c cos; -c sin] / n_d, the last axis' inverse */
    private final double[] lastInverse;
    /**
     * Per non-last axis {@code j} with {@code n} points and {@code m} kept frequencies of each sign: the distinct
     * real rows of its DFT matrices. The kept frequencies are {@code -m..m-1}, and {@code exp(-+2 pi i f x / n)} at
     * {@code f} and {@code -f} share the cosine and differ only in the sign of the sine, so every map along the axis
     * is one real GEMM on {@code 2m + 1} basis vectors instead of {@code 4m}: cosines of frequencies {@code 0..m}
     * (rows {@code 0..m}) and sines of {@code 1..m} (rows {@code m+1..2m}); {@code (2m + 1) x n}.
     */
    private final double[][] cosSinRows;
    /** ... and its transpose, {@code n x (2m + 1)}, for the maps back to space. */
    private final double[][] cosSinColumns;

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
        cosSinRows = new double[d - 1][];
        cosSinColumns = new double[d - 1][];
        for (int j = 0; j < d - 1; j++) {
            int n = g.n[j], m = g.m[j], basis = 2 * m + 1;
            double[] rows = new double[basis * n], columns = new double[n * basis];
            for (int f = 0; f <= m; f++)
                for (int x = 0; x < n; x++) {
                    double a = angle(f, x, n), c = Math.cos(a), s = Math.sin(a);
                    rows[f * n + x] = c;
                    columns[x * basis + f] = c;
                    if (f > 0) {
                        rows[(m + f) * n + x] = s;
                        columns[x * basis + m + f] = s;
                    }
                }
            cosSinRows[j] = rows;
            cosSinColumns[j] = columns;
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
        double[] z = new double[rows * g.rowLength()];
        toModes(x, 0, rows, false, z, 0);
        return z;
    }

    @Override
    public double[] inverseTranspose(double[] gy, int rows) {
        double[] z = new double[rows * g.rowLength()];
        toModes(gy, 0, rows, true, z, 0);
        return z;
    }

    @Override
    public void inverseTransposeInto(double[] gy, int gyOff, int rows, double[] z, int zOff) {
        toModes(gy, gyOff, rows, true, z, zOff);
    }

    /**
     * The maps toward the modes, written over {@code z} from {@code zOff} for {@code rows} rows of {@code x} from
     * {@code xOff}: the forward DFT, or ({@code inverseTranspose}) the inverse's transpose, which differs by the
     * last axis' matrix and by {@code 1 / n} on the other axes. The last axis' product comes first, then the other
     * axes, the last of them (axis 0) written straight into {@code z}.
     */
    private void toModes(double[] x, int xOff, int rows, boolean inverseTranspose, double[] z, int zOff) {
        int d = g.d, nd = g.n[d - 1], md = g.m[d - 1];
        int lines = spatialOuter(rows, d - 1);
        double[] t = d == 1 ? z : new double[lines * 2 * md];
        int tOff = d == 1 ? zOff : 0;
        if (inverseTranspose) Gemm.gemm(false, true, lines, 2 * md, nd, 1.0, x, xOff, nd, lastInverse, 0, nd, 0.0, t, tOff, 2 * md);
        else Gemm.gemm(false, false, lines, 2 * md, nd, 1.0, x, xOff, nd, lastForward, 0, 2 * md, 0.0, t, tOff, 2 * md);
        for (int j = d - 2; j >= 0; j--) {
            int outer = spatialOuter(rows, j);
            double[] next = j == 0 ? z : new double[outer * 2 * g.m[j] * tail(j)];
            toFrequencies(t, outer, j, tail(j), inverseTranspose ? 1.0 / g.n[j] : 1.0, next, j == 0 ? zOff : 0);
            t = next;
        }
    }

    @Override
    public double[] inverse(double[] spectrum, int rows) {
        int lines = spatialOuter(rows, g.d - 1);
        double[] y = ScratchArrays.take(lines * g.n[g.d - 1]); // the last GEMM writes all of it (beta 0)
        toSpace(spectrum, 0, rows, true, lastInverse, false, y, 0, 0.0);
        return y;
    }

    @Override
    public void inverseAdd(double[] spectrum, int spectrumOff, int rows, double[] y, int yOff) {
        toSpace(spectrum, spectrumOff, rows, true, lastInverse, false, y, yOff, 1.0);
    }

    @Override
    public double[] forwardTranspose(double[] gz, int rows) {
        int lines = spatialOuter(rows, g.d - 1);
        double[] y = ScratchArrays.take(lines * g.n[g.d - 1]); // the last GEMM writes all of it (beta 0)
        toSpace(gz, 0, rows, false, lastForward, true, y, 0, 0.0);
        return y;
    }

    /**
     * The maps back to space, {@code y = beta y + map(spectrum)} on {@code rows} rows starting at the given offsets:
     * the inverse ({@code inverse}: {@code exp(+2 pi i f x / n) / n} on the non-last axes) or the forward map's
     * transpose ({@code exp(+2 pi i f x / n)}); {@code beta} is 0 (write) or 1 (accumulate).
     */
    private void toSpace(double[] spectrum, int spectrumOff, int rows, boolean inverse, double[] last,
                         boolean lastTransposed, double[] y, int yOff, double beta) {
        int d = g.d, nd = g.n[d - 1], md = g.m[d - 1];
        double[] z = spectrum;
        int zOff = spectrumOff;
        for (int j = 0; j < d - 1; j++) {
            double[] next = toPositions(z, zOff, spatialOuter(rows, j), j, tail(j), inverse ? 1.0 / g.n[j] : 1.0);
            if (z != spectrum) ScratchArrays.give(z); // the previous axis' intermediate
            z = next;
            zOff = 0;
        }
        int lines = spatialOuter(rows, d - 1);
        if (lastTransposed) Gemm.gemm(false, true, lines, nd, 2 * md, 1.0, z, zOff, 2 * md, last, 0, 2 * md, beta, y, yOff, nd);
        else Gemm.gemm(false, false, lines, nd, 2 * md, 1.0, z, zOff, 2 * md, last, 0, nd, beta, y, yOff, nd);
        if (z != spectrum) ScratchArrays.give(z); // an intermediate of toPositions
    }

    /**
     * Along non-last axis {@code j} of {@code (outer, n_j, tail)} data whose tail is planar complex in groups of
     * {@code 2 m_d}: {@code X[f] = scale sum_x exp(-2 pi i f x / n) z[x]} for the kept frequencies, in
     * {@code (outer, 2 m_j, tail)} order. One batched real GEMM gives, per outer index, {@code Cz = sum_x cos z[x]}
     * and {@code Sz = sum_x sin z[x]} for frequencies {@code 0..m} (the basis of {@link #cosSinRows}); then
     * {@code X[f] = Cz - i Sz} and {@code X[-f] = Cz + i Sz}, written into {@code out} from {@code outOff}.
     */
    private void toFrequencies(double[] in, int outer, int j, int tail, double scale, double[] out, int outOff) {
        int n = g.n[j], m = g.m[j], basis = 2 * m + 1, block = basis * tail, kept = 2 * m;
        double[] p = new double[outer * block];
        Gemm.gemmBatched(outer, false, false, basis, tail, n, scale, cosSinRows[j], 0, 0, n, in, 0, n * tail, tail,
                0.0, p, 0, block, tail);
        int md = g.m[g.d - 1], groups = tail / (2 * md);
        Parallel.forRange(outer, Parallel.grainFor(outer, 2L * kept * tail), (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                int src = o * block, dst = outOff + o * kept * tail;
                System.arraycopy(p, src, out, dst, tail); // frequency 0: Cz
                for (int f = 1; f <= m; f++) {
                    int cz = src + f * tail, sz = src + (m + f) * tail;
                    int plus = f < m ? dst + f * tail : -1, minus = dst + (kept - f) * tail;
                    for (int q = 0; q < groups; q++)
                        for (int t = 0; t < md; t++) {
                            int re = q * 2 * md + t, im = re + md;
                            double cRe = p[cz + re], cIm = p[cz + im], sRe = p[sz + re], sIm = p[sz + im];
                            if (plus >= 0) { // Cz - i Sz
                                out[plus + re] = cRe + sIm;
                                out[plus + im] = cIm - sRe;
                            }
                            out[minus + re] = cRe - sIm; // Cz + i Sz
                            out[minus + im] = cIm + sRe;
                        }
                }
            }
        });
    }

    /**
     * The way back along non-last axis {@code j}: {@code (outer, 2 m_j, tail)} coefficients to
     * {@code y[x] = scale sum_f exp(+2 pi i f x / n) Z[f]} in {@code (outer, n_j, tail)}. The pairs fold first,
     * {@code U_f = Z[f] + Z[-f]} and {@code V_f = Z[f] - Z[-f]} ({@code Z[m] = 0}: only {@code -m} is kept), so that
     * {@code y[x] = sum_f cos U_f + i sin V_f}; with {@code i V} stored as {@code (-Im V, Re V)} that is one batched
     * real GEMM of {@link #cosSinColumns} with the folded coefficients, written straight into the result.
     */
    private double[] toPositions(double[] in, int inOff, int outer, int j, int tail, double scale) {
        int n = g.n[j], m = g.m[j], basis = 2 * m + 1, block = basis * tail, kept = 2 * m;
        double[] folded = ScratchArrays.take(outer * block); // every element is written below
        int md = g.m[g.d - 1], groups = tail / (2 * md);
        Parallel.forRange(outer, Parallel.grainFor(outer, 2L * kept * tail), (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                int src = inOff + o * kept * tail, dst = o * block;
                System.arraycopy(in, src, folded, dst, tail); // frequency 0: U = Z[0]
                for (int f = 1; f <= m; f++) {
                    int plus = f < m ? src + f * tail : -1, minus = src + (kept - f) * tail;
                    int u = dst + f * tail, v = dst + (m + f) * tail;
                    for (int q = 0; q < groups; q++)
                        for (int t = 0; t < md; t++) {
                            int re = q * 2 * md + t, im = re + md;
                            double pRe = plus >= 0 ? in[plus + re] : 0.0, pIm = plus >= 0 ? in[plus + im] : 0.0;
                            double mRe = in[minus + re], mIm = in[minus + im];
                            folded[u + re] = pRe + mRe;
                            folded[u + im] = pIm + mIm;
                            folded[v + re] = -(pIm - mIm); // i V = (-Im V, Re V)
                            folded[v + im] = pRe - mRe;
                        }
                }
            }
        });
        double[] out = ScratchArrays.take(outer * n * tail); // the GEMMs write all of it
        Gemm.gemmBatched(outer, false, false, n, tail, basis, scale, cosSinColumns[j], 0, 0, basis, folded, 0, block, tail,
                0.0, out, 0, n * tail, tail);
        ScratchArrays.give(folded);
        return out;
    }

    @Override
    public double flops(int rows) {
        int d = g.d;
        double f = 2.0 * spatialOuter(rows, d - 1) * g.n[d - 1] * 2 * g.m[d - 1];
        for (int j = d - 2; j >= 0; j--) f += 2.0 * spatialOuter(rows, j) * (2 * g.m[j] + 1) * g.n[j] * tail(j);
        return f;
    }
}
