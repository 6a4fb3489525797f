package org.neuralop4j.inverse;

import org.neuralop4j.core.fft.Fft;

/**
 * {@code A = P_Omega F}: the unitary 1-D or 2-D discrete Fourier transform {@code F} (forward transform scaled by
 * {@code 1/sqrt(N)}) followed by the selection of the frequencies in a {@link SamplingMask}. Because {@code F} is
 * unitary and {@code P_Omega} selects rows, {@code A A^H = I_m} and {@code ||A|| = 1} exactly.
 *
 * <p>Inputs are images of shape {@code dims} (row-major, interleaved complex); measurement {@code j} is the
 * coefficient at the mask's {@code j}-th sampled index, in the mask's centred ({@code fftshift}) layout. Fast:
 * one FFT per application ({@code core.fft.Fft}), no matrices. Holds a work buffer (not thread-safe).
 */
public final class SubsampledFourier implements LinearOperator {
    private final int[] dims;
    private final int n;
    private final int[] fftIndex;
    private final double[] work;
    private final double scale;

    /** @param mask a {@link SamplingMask.Spectrum#FOURIER} mask; its dims are the image dims */
    public SubsampledFourier(SamplingMask mask) {
        this.dims = mask.dims();
        this.n = mask.size();
        int[] idx = mask.indicesView();
        fftIndex = new int[idx.length];
        for (int j = 0; j < idx.length; j++) fftIndex[j] = centredToFftOrder(dims, idx[j]);
        work = new double[2 * n];
        scale = 1 / Math.sqrt(n);
    }

    /** Maps a flat index in the centred layout to the flat index in FFT order (frequency 0 first). */
    static int centredToFftOrder(int[] dims, int flat) {
        int out = 0, rem = flat, stride = 1;
        for (int d = dims.length - 1; d >= 0; d--) {
            int i = rem % dims[d];
            rem /= dims[d];
            int f = ((i - dims[d] / 2) % dims[d] + dims[d]) % dims[d];
            out += f * stride;
            stride *= dims[d];
        }
        return out;
    }

    @Override public int domainSize() { return n; }
    @Override public int rangeSize() { return fftIndex.length; }

    @Override
    public void apply(double[] x, double[] out) {
        ComplexArrays.checkComplexLength("x", x, n);
        ComplexArrays.checkComplexLength("out", out, fftIndex.length);
        System.arraycopy(x, 0, work, 0, 2 * n);
        Fft.fftn(work, 1, dims, false);
        ComplexArrays.gather(work, fftIndex, scale, out);
    }

    @Override
    public void adjoint(double[] y, double[] out) {
        ComplexArrays.checkComplexLength("y", y, fftIndex.length);
        ComplexArrays.checkComplexLength("out", out, n);
        ComplexArrays.scatter(y, fftIndex, work);
        Fft.fftn(work, 1, dims, true); // carries 1/N; the unitary inverse needs 1/sqrt(N)
        double s = Math.sqrt(n);
        for (int i = 0; i < 2 * n; i++) out[i] = work[i] * s;
    }
}
