package org.neuralop4j.operators.fno;

/**
 * The two linear maps around a spectral convolution's mode mixing, and their transposes.
 *
 * <ul>
 *   <li>{@code forward}: {@code rows} real signals of shape {@code (n_1..n_d)} to their kept Fourier coefficients
 *       {@code X_k = sum_x u(x) exp(-2 pi i k.x / n)} (unnormalised, NumPy convention), layout of {@link ModeGeometry}.</li>
 *   <li>{@code inverse}: kept coefficients to the real signal that NumPy's {@code irfftn} gives for the zero-padded
 *       half spectrum, {@code u(x) = (1/N) sum_k c_{k_d} Re(Y_k exp(2 pi i k.x / n))} with {@code c = 1} at the
 *       last axis' frequency 0 and Nyquist, else 2.</li>
 *   <li>{@code forwardTranspose}, {@code inverseTranspose}: the transposes of these maps as real-linear maps
 *       (gradients: a complex coefficient's gradient is stored as (dL/dRe, dL/dIm)).</li>
 * </ul>
 * Every implementation computes the same maps; they differ only in speed and rounding.
 */
interface ModeTransform {
    ModeGeometry geometry();

    /** @return (rows, rowLength) spectrum of (rows, N) real input */
    double[] forward(double[] x, int rows);

    /** @return (rows, N) real signal from (rows, rowLength) spectrum */
    double[] inverse(double[] spectrum, int rows);

    /** {@code y += inverse(spectrum)}, for a sum with another path computed into {@code y} first. */
    default void inverseAdd(double[] spectrum, int rows, double[] y) {
        inverseAdd(spectrum, 0, rows, y, 0);
    }

    /**
     * {@code y += inverse(spectrum)} on {@code rows} rows starting at the given offsets (one batch item of a larger
     * array). Equal to the whole-array call's rows to rounding, and bit for bit unless the smaller row count moves
     * one of the transform's products onto another path of {@link org.neuralop4j.core.linalg.Gemm} (see
     * {@link SpectralConvolution#perBatchItem}).
     */
    default void inverseAdd(double[] spectrum, int spectrumOff, int rows, double[] y, int yOff) {
        int len = geometry().rowLength(), n = geometry().spatialSize;
        boolean whole = spectrumOff == 0 && spectrum.length == rows * len;
        double[] part = whole ? spectrum : java.util.Arrays.copyOfRange(spectrum, spectrumOff, spectrumOff + rows * len);
        double[] u = inverse(part, rows);
        for (int i = 0; i < rows * n; i++) y[yOff + i] += u[i];
    }

    /** @return (rows, N) = forward^T applied to (rows, rowLength) */
    double[] forwardTranspose(double[] g, int rows);

    /** @return (rows, rowLength) = inverse^T applied to (rows, N) */
    double[] inverseTranspose(double[] g, int rows);

    /**
     * {@code z = inverse^T g} on {@code rows} rows starting at the given offsets, written over {@code z}; equal to the
     * whole-array call's rows as {@link #inverseAdd(double[], int, int, double[], int)} is.
     */
    default void inverseTransposeInto(double[] g, int gOff, int rows, double[] z, int zOff) {
        int len = geometry().rowLength(), n = geometry().spatialSize;
        double[] u = inverseTranspose(java.util.Arrays.copyOfRange(g, gOff, gOff + rows * n), rows);
        System.arraycopy(u, 0, z, zOff, rows * len);
    }

    /** @return floating-point operations of one call of any of the four maps on {@code rows} rows (estimate) */
    double flops(int rows);
}
