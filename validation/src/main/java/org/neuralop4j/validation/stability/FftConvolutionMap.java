package org.neuralop4j.validation.stability;

import java.util.Arrays;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;
import org.neuralop4j.core.fft.Fft;

/**
 * Periodic (circular) convolution with a real kernel over the trailing 1-3 axes, computed with {@link Fft}:
 * {@code Phi(y) = irfftn(rfftn(k) * rfftn(y))} for every leading batch entry. Its adjoint is circular correlation,
 * {@code vjp(y, w) = irfftn(conj(rfftn(k)) * rfftn(w))}, and its operator norm is {@code max_f |rfftn(k)_f|}
 * exactly: a linear map with an analytic worst case whose forward and adjoint both go through the FFT.
 */
public final class FftConvolutionMap implements DifferentiableMap {
    private final int[] dims;
    private final double[] kernelHat;

    /** @param kernel the kernel on the periodic grid, shape {@code (n_1[, n_2[, n_3]])} (copied into its spectrum) */
    public FftConvolutionMap(Tensor kernel) {
        if (kernel.rank() < 1 || kernel.rank() > 3) throw new ShapeMismatchException("kernel", "(n_1[, n_2[, n_3]])", kernel.shape());
        this.dims = kernel.shape();
        this.kernelHat = Fft.rfftn(kernel.data(), 1, dims);
    }

    /** @return {@code max_f |k_hat_f|}, the operator norm */
    public double operatorNorm() {
        double m = 0;
        for (int i = 0; i < kernelHat.length; i += 2) m = Math.max(m, Math.hypot(kernelHat[i], kernelHat[i + 1]));
        return m;
    }

    @Override
    public Tensor apply(Tensor y) { return multiply(y, false, "y"); }

    @Override
    public Tensor vjp(Tensor y, Tensor w) { return multiply(w, true, "cotangent"); }

    private Tensor multiply(Tensor x, boolean conjugate, String name) {
        int r = x.rank(), d = dims.length;
        if (r < d || !Arrays.equals(Arrays.copyOfRange(x.shape(), r - d, r), dims))
            throw new ShapeMismatchException(name, "(..., " + Arrays.toString(dims).replaceAll("[\\[\\]]", "") + ")", x.shape());
        int batch = x.sizeOf(0, r - d);
        double[] spec = Fft.rfftn(x.data(), batch, dims);
        int per = kernelHat.length;
        double sign = conjugate ? -1 : 1;
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < per; i += 2) {
                int j = b * per + i;
                double kr = kernelHat[i], ki = sign * kernelHat[i + 1], sr = spec[j], si = spec[j + 1];
                spec[j] = kr * sr - ki * si;
                spec[j + 1] = kr * si + ki * sr;
            }
        return Tensor.wrap(Fft.irfftn(spec, batch, dims), x.shape());
    }
}
