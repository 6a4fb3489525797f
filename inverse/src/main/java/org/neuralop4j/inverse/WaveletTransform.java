package org.neuralop4j.inverse;

import java.util.Arrays;
import org.neuralop4j.core.Parallel;

/**
 * The orthonormal periodic multilevel discrete wavelet transform {@code W} in 1-D or 2-D (separable), as a
 * {@link LinearOperator}: {@code apply} is the analysis {@code z = W x} (image to coefficients) and {@code adjoint}
 * the synthesis {@code x = W^T z}; since {@code W} is orthogonal, {@code W^T W = W W^T = I}.
 *
 * <p>One level on a periodic line of even length {@code L}: {@code a[k] = sum_t h[t] x[(2k + t) mod L]},
 * {@code d[k] = sum_t g[t] x[(2k + t) mod L]}, stored as {@code [a | d]}. In 2-D each level transforms every row,
 * then every column, of the current approximation block (the Mallat layout of MATLAB/PyWavelets' {@code wavedec2}
 * with {@code 'per'} mode, up to the filter's time origin): after {@code J} levels the approximation sits in the
 * top-left {@code n1/2^J x n2/2^J} block, and the details of level {@code j} (finest {@code j = 1}) in the three
 * blocks between {@code n/2^j} and {@code n/2^(j-1)}. Every length must be divisible by {@code 2^J}.
 *
 * <p>Real filters act on real and imaginary parts alike, so complex data are transformed componentwise.
 * {@link #levelOf(int)} gives each coefficient's scale, for level-dependent weights.
 */
public final class WaveletTransform implements LinearOperator {
    private final Wavelet wavelet;
    private final int[] dims;
    private final int levels;
    private final int n;

    /**
     * @param wavelet the filter
     * @param dims    1 or 2 lengths, each divisible by {@code 2^levels}
     * @param levels  number of decomposition levels, {@code >= 1}
     */
    public WaveletTransform(Wavelet wavelet, int[] dims, int levels) {
        SamplingMask.checkDims(dims);
        if (levels < 1) throw new IllegalArgumentException("levels must be >= 1, got " + levels);
        for (int d : dims)
            if (d % (1 << levels) != 0)
                throw new IllegalArgumentException("each dimension must be divisible by 2^levels = " + (1 << levels) + ", got dims " + Arrays.toString(dims));
        this.wavelet = wavelet;
        this.dims = dims.clone();
        this.levels = levels;
        this.n = SamplingMask.size(dims);
    }

    /** The deepest decomposition that leaves a coarsest block of at least {@code 2 x 2} (or 2 in 1-D): {@code log2(min dim) - 1}. */
    public static int maxLevels(int[] dims) {
        int l = 0, m = Integer.MAX_VALUE;
        for (int d : dims) m = Math.min(m, d);
        while (m % 2 == 0 && m / 2 >= 2) {
            m /= 2;
            l++;
        }
        return Math.max(1, l);
    }

    /** @return the wavelet */
    public Wavelet wavelet() { return wavelet; }

    /** @return the number of levels */
    public int levels() { return levels; }

    /** @return the dims (copy) */
    public int[] dims() { return dims.clone(); }

    @Override public int domainSize() { return n; }
    @Override public int rangeSize() { return n; }

    /**
     * @return the scale of coefficient {@code flat}: 0 for the coarsest approximation, {@code 1 .. levels} for the
     *         details from coarsest to finest
     */
    public int levelOf(int flat) {
        for (int j = 1; j <= levels; j++) {
            boolean inside = true;
            int rem = flat;
            for (int d = dims.length - 1; d >= 0; d--) {
                int i = rem % dims[d];
                rem /= dims[d];
                if (i >= dims[d] >> j) inside = false;
            }
            if (!inside) return levels - j + 1;
        }
        return 0;
    }

    @Override
    public void apply(double[] x, double[] out) {
        ComplexArrays.checkComplexLength("x", x, n);
        ComplexArrays.checkComplexLength("out", out, n);
        System.arraycopy(x, 0, out, 0, 2 * n);
        if (dims.length == 1) {
            for (int j = 0; j < levels; j++) lines(out, 1, dims[0] >> j, 0, true);
        } else {
            int n2 = dims[1];
            for (int j = 0; j < levels; j++) {
                int r = dims[0] >> j, c = dims[1] >> j;
                lines(out, r, c, n2, true); // rows: line i starts at i*n2
                columns(out, r, c, n2, true);
            }
        }
    }

    @Override
    public void adjoint(double[] z, double[] out) {
        ComplexArrays.checkComplexLength("z", z, n);
        ComplexArrays.checkComplexLength("out", out, n);
        System.arraycopy(z, 0, out, 0, 2 * n);
        if (dims.length == 1) {
            for (int j = levels - 1; j >= 0; j--) lines(out, 1, dims[0] >> j, 0, false);
        } else {
            int n2 = dims[1];
            for (int j = levels - 1; j >= 0; j--) {
                int r = dims[0] >> j, c = dims[1] >> j;
                columns(out, r, c, n2, false);
                lines(out, r, c, n2, false);
            }
        }
    }

    /**
     * One analysis or synthesis level on {@code count} contiguous lines of length {@code len}, line {@code i}
     * starting at complex offset {@code i * lineStep}. The periodic wrap-around is handled by an extended copy of
     * the line (length {@code len + filter length}), so the filter loops have no modulo.
     */
    private void lines(double[] z, int count, int len, int lineStep, boolean analysis) {
        int f = wavelet.length();
        int grain = Parallel.grainFor(count, 8L * len * f);
        Parallel.forRange(count, grain, (l0, l1) -> {
            double[] ext = new double[2 * (len + f)];
            double[] res = new double[2 * len];
            for (int l = l0; l < l1; l++) {
                int base = 2 * l * lineStep;
                if (analysis) {
                    System.arraycopy(z, base, ext, 0, 2 * len);
                    for (int t = len; t < len + f; t++) {
                        int k = base + 2 * (t % len);
                        ext[2 * t] = z[k];
                        ext[2 * t + 1] = z[k + 1];
                    }
                    analyse(ext, z, base, len);
                } else {
                    System.arraycopy(z, base, res, 0, 2 * len);
                    synthesise(res, ext, len);
                    // fold the extension back onto the period
                    System.arraycopy(ext, 0, z, base, 2 * len);
                    for (int t = len; t < len + f; t++) {
                        int k = base + 2 * (t % len);
                        z[k] += ext[2 * t];
                        z[k + 1] += ext[2 * t + 1];
                    }
                }
            }
        });
    }

    /**
     * One level along the columns of the top-left {@code r x c} block (row stride {@code n2}), done a row at a
     * time so that the inner loops run over contiguous memory: analysis row {@code k} is
     * {@code sum_t h[t] row[(2k + t) mod r]}; synthesis is its transpose. Work is split over column ranges, so
     * every output entry is computed by one task in a fixed order (thread-count independent).
     */
    private void columns(double[] z, int r, int c, int n2, boolean analysis) {
        double[] h = wavelet.h(), g = wavelet.g();
        int f = h.length, half = r / 2;
        int grain = Math.max(8, Parallel.grainFor(c, 4L * r * f));
        Parallel.forRange(c, grain, (c0, c1) -> {
            int w = 2 * (c1 - c0);
            double[] tmp = new double[r * w];
            for (int i = 0; i < r; i++) System.arraycopy(z, 2 * (i * n2 + c0), tmp, i * w, w);
            if (analysis) {
                for (int k = 0; k < half; k++) {
                    int ao = 2 * (k * n2 + c0), dOff = 2 * ((half + k) * n2 + c0);
                    java.util.Arrays.fill(z, ao, ao + w, 0);
                    java.util.Arrays.fill(z, dOff, dOff + w, 0);
                    for (int t = 0; t < f; t++) {
                        int src = ((2 * k + t) % r) * w;
                        double ht = h[t], gt = g[t];
                        for (int q = 0; q < w; q++) {
                            double v = tmp[src + q];
                            z[ao + q] += ht * v;
                            z[dOff + q] += gt * v;
                        }
                    }
                }
            } else {
                for (int i = 0; i < r; i++) java.util.Arrays.fill(z, 2 * (i * n2 + c0), 2 * (i * n2 + c0) + w, 0);
                for (int k = 0; k < half; k++) {
                    int ao = k * w, dOff = (half + k) * w;
                    for (int t = 0; t < f; t++) {
                        int dst = 2 * (((2 * k + t) % r) * n2 + c0);
                        double ht = h[t], gt = g[t];
                        for (int q = 0; q < w; q++) z[dst + q] += ht * tmp[ao + q] + gt * tmp[dOff + q];
                    }
                }
            }
        });
    }

    /** {@code a[k] = sum_t h[t] x[2k + t]}, {@code d[k] = sum_t g[t] x[2k + t]} on the extended line, into {@code out[off..]}. */
    private void analyse(double[] ext, double[] out, int off, int len) {
        double[] h = wavelet.h(), g = wavelet.g();
        int half = len / 2, f = h.length;
        for (int k = 0; k < half; k++) {
            double ar = 0, ai = 0, dr = 0, di = 0;
            for (int t = 0, i = 4 * k; t < f; t++, i += 2) {
                double xr = ext[i], xi = ext[i + 1];
                ar += h[t] * xr;
                ai += h[t] * xi;
                dr += g[t] * xr;
                di += g[t] * xi;
            }
            out[off + 2 * k] = ar;
            out[off + 2 * k + 1] = ai;
            out[off + 2 * (half + k)] = dr;
            out[off + 2 * (half + k) + 1] = di;
        }
    }

    /** The transpose: {@code ext[2k + t] += h[t] a[k] + g[t] d[k]} (to be folded modulo {@code len}). */
    private void synthesise(double[] c, double[] ext, int len) {
        double[] h = wavelet.h(), g = wavelet.g();
        int half = len / 2, f = h.length;
        Arrays.fill(ext, 0);
        for (int k = 0; k < half; k++) {
            double ar = c[2 * k], ai = c[2 * k + 1], dr = c[2 * (half + k)], di = c[2 * (half + k) + 1];
            for (int t = 0, i = 4 * k; t < f; t++, i += 2) {
                ext[i] += h[t] * ar + g[t] * dr;
                ext[i + 1] += h[t] * ai + g[t] * di;
            }
        }
    }
}
