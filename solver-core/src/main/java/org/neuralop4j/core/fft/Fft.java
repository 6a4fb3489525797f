package org.neuralop4j.core.fft;

import java.util.HashMap;
import java.util.Map;
import org.jtransforms.fft.DoubleFFT_1D;
import org.neuralop4j.core.Parallel;

/**
 * Batched FFTs along the trailing 1, 2 or 3 axes of row-major arrays, for any lengths (JTransforms underneath:
 * mixed radix for smooth lengths, Bluestein otherwise).
 *
 * <p><b>Convention</b> (the same as NumPy's default {@code norm="backward"}): the forward transform is
 * unnormalised, {@code X[k] = sum_n x[n] exp(-2 pi i k n / N)}, and the inverse carries the factor {@code 1/N}
 * (N = product of the transformed lengths), so {@code inverse(forward(x)) == x}.
 *
 * <p><b>Layouts.</b> Complex arrays are interleaved {@code (re, im)} pairs. A real input of logical shape
 * {@code (batch, n_1, ..., n_d)} has the half spectrum of shape {@code (batch, n_1, ..., n_{d-1}, n_d/2 + 1)}
 * (NumPy's {@code rfftn}): non-negative frequencies only along the last axis, all frequencies (in FFT order
 * {@code 0, 1, ..., -1}) along the others. The inverse real transform ignores the imaginary parts that a real
 * signal's spectrum must have zero (frequency 0 and, for even length, the Nyquist frequency on the last axis).
 *
 * <p>Batches and lines are processed in parallel through {@link Parallel}; every line's arithmetic is independent
 * of the thread count, so results are bit-identical for any number of threads.
 */
public final class Fft {
    static {
        // We parallelise over lines ourselves; JTransforms' own threads would nest inside ours.
        pl.edu.icm.jlargearrays.ConcurrencyUtils.setNumberOfThreads(1);
    }

    private static final ThreadLocal<Map<Integer, DoubleFFT_1D>> PLANS = ThreadLocal.withInitial(HashMap::new);

    private Fft() {}

    private static DoubleFFT_1D plan(int n) {
        return PLANS.get().computeIfAbsent(n, DoubleFFT_1D::new);
    }

    /** @return {@code n / 2 + 1}, the length of the last axis of a real signal's half spectrum */
    public static int halfLength(int n) { return n / 2 + 1; }

    private static int product(int[] dims, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) p *= dims[i];
        return p;
    }

    private static void checkDims(int batch, int[] dims) {
        if (batch < 0) throw new IllegalArgumentException("batch must be >= 0, got " + batch);
        if (dims.length < 1 || dims.length > 3)
            throw new IllegalArgumentException("FFTs run over 1, 2 or 3 trailing axes, got " + dims.length);
        for (int d : dims) if (d < 1) throw new IllegalArgumentException("transform lengths must be positive, got " + java.util.Arrays.toString(dims));
    }

    /**
     * Forward real-to-complex FFT over the trailing axes.
     * @param x     real input, length {@code batch * prod(dims)}
     * @param batch number of independent signals
     * @param dims  transformed lengths {@code n_1..n_d}, d in 1..3
     * @return the half spectrum, interleaved complex, length {@code 2 * batch * prod(dims[0..d-2]) * (n_d/2+1)}
     */
    public static double[] rfftn(double[] x, int batch, int... dims) {
        checkDims(batch, dims);
        int d = dims.length, n = dims[d - 1], h = halfLength(n);
        int rows = batch * product(dims, 0, d - 1);
        if (x.length != rows * n)
            throw new IllegalArgumentException("input has " + x.length + " values, expected batch * prod(dims) = " + (rows * n));
        double[] out = new double[2 * rows * h];
        Parallel.forRange(rows, Parallel.grainFor(rows, 5L * n * (32 - Integer.numberOfLeadingZeros(n))), (r0, r1) -> {
            double[] buf = new double[n];
            DoubleFFT_1D p = plan(n);
            for (int r = r0; r < r1; r++) {
                System.arraycopy(x, r * n, buf, 0, n);
                p.realForward(buf);
                unpackHalf(buf, n, out, 2 * r * h);
            }
        });
        int[] cdims = dims.clone();
        cdims[d - 1] = h;
        for (int axis = d - 2; axis >= 0; axis--) complexAlongAxis(out, batch, cdims, axis, false);
        return out;
    }

    /**
     * Inverse of {@link #rfftn}: complex half spectrum to real signal, scaled by {@code 1/prod(dims)}.
     * @param spec  half spectrum as produced by {@link #rfftn} (not modified)
     * @param batch number of signals
     * @param dims  the real signal's lengths (needed because {@code n_d} even and odd share a half length)
     * @return real signal, length {@code batch * prod(dims)}
     */
    public static double[] irfftn(double[] spec, int batch, int... dims) {
        checkDims(batch, dims);
        int d = dims.length, n = dims[d - 1], h = halfLength(n);
        int rows = batch * product(dims, 0, d - 1);
        if (spec.length != 2 * rows * h)
            throw new IllegalArgumentException("spectrum has " + spec.length + " values, expected " + (2 * rows * h));
        double[] work = d > 1 ? spec.clone() : spec;
        int[] cdims = dims.clone();
        cdims[d - 1] = h;
        for (int axis = 0; axis <= d - 2; axis++) complexAlongAxis(work, batch, cdims, axis, true);
        double[] out = new double[rows * n];
        Parallel.forRange(rows, Parallel.grainFor(rows, 5L * n * (32 - Integer.numberOfLeadingZeros(n))), (r0, r1) -> {
            double[] buf = new double[n];
            DoubleFFT_1D p = plan(n);
            for (int r = r0; r < r1; r++) {
                packHalf(work, 2 * r * h, n, buf);
                p.realInverse(buf, true);
                System.arraycopy(buf, 0, out, r * n, n);
            }
        });
        return out;
    }

    /**
     * Complex FFT over the trailing axes, in place.
     * @param z       interleaved complex data of logical shape {@code (batch, dims...)}
     * @param inverse false: forward, unnormalised; true: inverse, scaled by {@code 1/prod(dims)}
     */
    public static void fftn(double[] z, int batch, int[] dims, boolean inverse) {
        checkDims(batch, dims);
        if (z.length != 2 * batch * product(dims, 0, dims.length))
            throw new IllegalArgumentException("complex data has " + z.length + " values, expected " + (2 * batch * product(dims, 0, dims.length)));
        for (int axis = dims.length - 1; axis >= 0; axis--) complexAlongAxis(z, batch, dims, axis, inverse);
    }

    /** Complex 1-D FFT of every line along {@code axis} of {@code (batch, dims...)} complex data, in place. */
    private static void complexAlongAxis(double[] z, int batch, int[] dims, int axis, boolean inverse) {
        int len = dims[axis];
        if (len == 1) return;
        int inner = product(dims, axis + 1, dims.length);
        int outer = batch * product(dims, 0, axis);
        int lines = outer * inner;
        Parallel.forRange(lines, Parallel.grainFor(lines, 5L * len * (32 - Integer.numberOfLeadingZeros(len))), (l0, l1) -> {
            double[] buf = new double[2 * len];
            DoubleFFT_1D p = plan(len);
            for (int l = l0; l < l1; l++) {
                int o = l / inner, i = l % inner;
                int base = 2 * (o * len * inner + i), stride = 2 * inner;
                for (int t = 0, s = base; t < len; t++, s += stride) {
                    buf[2 * t] = z[s];
                    buf[2 * t + 1] = z[s + 1];
                }
                if (inverse) p.complexInverse(buf, true);
                else p.complexForward(buf);
                for (int t = 0, s = base; t < len; t++, s += stride) {
                    z[s] = buf[2 * t];
                    z[s + 1] = buf[2 * t + 1];
                }
            }
        });
    }

    /** JTransforms' packed real spectrum of length n to interleaved half spectrum (n/2+1 complex values). */
    private static void unpackHalf(double[] a, int n, double[] out, int off) {
        out[off] = a[0];
        out[off + 1] = 0;
        if (n == 1) return;
        if (n % 2 == 0) {
            for (int k = 1; k < n / 2; k++) {
                out[off + 2 * k] = a[2 * k];
                out[off + 2 * k + 1] = a[2 * k + 1];
            }
            out[off + n] = a[1];
            out[off + n + 1] = 0;
        } else {
            int last = (n - 1) / 2;
            for (int k = 1; k < last; k++) {
                out[off + 2 * k] = a[2 * k];
                out[off + 2 * k + 1] = a[2 * k + 1];
            }
            out[off + 2 * last] = a[n - 1];
            out[off + 2 * last + 1] = a[1];
        }
    }

    /** Inverse of {@link #unpackHalf}: interleaved half spectrum to JTransforms' packed format. */
    private static void packHalf(double[] in, int off, int n, double[] a) {
        a[0] = in[off];
        if (n == 1) return;
        if (n % 2 == 0) {
            for (int k = 1; k < n / 2; k++) {
                a[2 * k] = in[off + 2 * k];
                a[2 * k + 1] = in[off + 2 * k + 1];
            }
            a[1] = in[off + n];
        } else {
            int last = (n - 1) / 2;
            for (int k = 1; k < last; k++) {
                a[2 * k] = in[off + 2 * k];
                a[2 * k + 1] = in[off + 2 * k + 1];
            }
            a[n - 1] = in[off + 2 * last];
            a[1] = in[off + 2 * last + 1];
        }
    }
}
