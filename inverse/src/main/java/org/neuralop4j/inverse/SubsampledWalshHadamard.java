package org.neuralop4j.inverse;

/**
 * {@code A = P_Omega H}: the orthonormal 1-D or 2-D Walsh-Hadamard transform in sequency order (coefficient
 * {@code k} of an axis is the Walsh function with {@code k} sign changes), followed by the selection of the
 * entries of a {@link SamplingMask} ({@link SamplingMask.Spectrum#WALSH} layout). {@code ||A|| = 1}.
 *
 * <p>Fast: an in-place butterfly transform ({@code N log N} additions), no matrices. The dims must be powers of two.
 * Holds a work buffer (not thread-safe).
 */
public final class SubsampledWalshHadamard implements LinearOperator {
    private final int[] dims;
    private final int n;
    private final int[] naturalIndex;
    private final double[] work;
    private final double scale;

    /** @param mask a Walsh-layout mask whose dims are powers of two */
    public SubsampledWalshHadamard(SamplingMask mask) {
        this.dims = mask.dims();
        for (int d : dims)
            if (Integer.bitCount(d) != 1) throw new IllegalArgumentException("Walsh-Hadamard dims must be powers of two, got " + java.util.Arrays.toString(dims));
        this.n = mask.size();
        int[][] perm = new int[dims.length][];
        for (int d = 0; d < dims.length; d++) perm[d] = sequencyToNatural(dims[d]);
        int[] idx = mask.indicesView();
        naturalIndex = new int[idx.length];
        for (int j = 0; j < idx.length; j++) {
            int out = 0, rem = idx[j], stride = 1;
            for (int d = dims.length - 1; d >= 0; d--) {
                int i = rem % dims[d];
                rem /= dims[d];
                out += perm[d][i] * stride;
                stride *= dims[d];
            }
            naturalIndex[j] = out;
        }
        work = new double[2 * n];
        scale = 1 / Math.sqrt(n);
    }

    /** Sequency index {@code k} holds the natural-order (Hadamard) coefficient {@code bitreverse(gray(k))}. */
    static int[] sequencyToNatural(int len) {
        int bits = Integer.numberOfTrailingZeros(len);
        int[] p = new int[len];
        for (int k = 0; k < len; k++) {
            int g = k ^ (k >>> 1);
            p[k] = bits == 0 ? 0 : Integer.reverse(g) >>> (32 - bits);
        }
        return p;
    }

    /** Unnormalised natural-order fast Walsh-Hadamard transform along every axis of interleaved complex data. */
    static void fwht(double[] z, int[] dims) {
        int stride = 1;
        for (int d = dims.length - 1; d >= 0; d--) {
            int len = dims[d];
            int outer = z.length / 2 / (len * stride);
            for (int o = 0; o < outer; o++) {
                for (int in = 0; in < stride; in++) {
                    int base = o * len * stride + in;
                    for (int h = 1; h < len; h <<= 1) {
                        for (int i = 0; i < len; i += 2 * h) {
                            for (int t = i; t < i + h; t++) {
                                int a = 2 * (base + t * stride), b = 2 * (base + (t + h) * stride);
                                double ar = z[a], ai = z[a + 1], br = z[b], bi = z[b + 1];
                                z[a] = ar + br;
                                z[a + 1] = ai + bi;
                                z[b] = ar - br;
                                z[b + 1] = ai - bi;
                            }
                        }
                    }
                }
            }
            stride *= len;
        }
    }

    @Override public int domainSize() { return n; }
    @Override public int rangeSize() { return naturalIndex.length; }

    @Override
    public void apply(double[] x, double[] out) {
        ComplexArrays.checkComplexLength("x", x, n);
        ComplexArrays.checkComplexLength("out", out, naturalIndex.length);
        System.arraycopy(x, 0, work, 0, 2 * n);
        fwht(work, dims);
        ComplexArrays.gather(work, naturalIndex, scale, out);
    }

    @Override
    public void adjoint(double[] y, double[] out) {
        ComplexArrays.checkComplexLength("y", y, naturalIndex.length);
        ComplexArrays.checkComplexLength("out", out, n);
        ComplexArrays.scatter(y, naturalIndex, work);
        fwht(work, dims); // the natural-order transform is symmetric, so H^T = H
        for (int i = 0; i < 2 * n; i++) out[i] = work[i] * scale;
    }
}
