package org.neuralop4j.core.pde;

import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.fft.Fft;

/**
 * Poisson and fractional Poisson problems {@code (-Laplacian)^s u = f} on the periodic unit cube
 * {@code [0,1)^d} (d = 1, 2, 3), solved exactly in Fourier space on the grid {@code x_j = j/n}:
 * {@code u_k = f_k / (4 pi^2 |k|^2)^s} for {@code k != 0}. The fractional Laplacian is the Fourier multiplier
 * {@code (4 pi^2 |k|^2)^s} (the spectral definition; for periodic functions it agrees with the singular-integral
 * one, Kwaśnicki, Fract. Calc. Appl. Anal. 20 (2017), DOI 10.1515/fca-2017-0002).
 *
 * <p>Solvability: {@code f} must have mean zero; its mean is removed (the returned {@code u} has mean zero), which
 * is the least-squares solution when it does not. Wave numbers run over {@code -n/2 <= k < n/2} per axis (the
 * Nyquist mode, for even n, uses {@code |k| = n/2}). Spectrally accurate for smooth data.
 */
public final class SpectralPoisson {
    private SpectralPoisson() {}

    /**
     * Solves {@code (-Laplacian)^s u = f} for a batch of fields.
     * @param f     {@code batch * prod(dims)} values, row-major (not modified)
     * @param s     order, &gt; 0 (1 = the Poisson equation)
     * @param batch number of fields
     * @param dims  grid sizes, 1 to 3 axes
     * @return u, same layout
     */
    public static double[] solve(double[] f, double s, int batch, int... dims) {
        if (!(s > 0) || Double.isInfinite(s)) throw new IllegalArgumentException("order s must be positive and finite, got " + s);
        return multiply(f, -s, batch, dims);
    }

    /**
     * Applies {@code (-Laplacian)^s} for any real {@code s} (negative s applies the inverse on mean-zero fields;
     * the mean is always removed for {@code s != 0}).
     */
    public static double[] apply(double[] f, double s, int batch, int... dims) {
        if (!Double.isFinite(s)) throw new IllegalArgumentException("order s must be finite, got " + s);
        return multiply(f, s, batch, dims);
    }

    /**
     * Tensor form of {@link #solve}: the last {@code spatialDims} axes are the periodic grid, leading axes are batch.
     */
    public static Tensor solve(Tensor f, double s, int spatialDims) {
        if (spatialDims < 1 || spatialDims > 3 || spatialDims > f.rank())
            throw new IllegalArgumentException("spatialDims must be 1..3 and at most the rank of f " + java.util.Arrays.toString(f.shape()) + ", got " + spatialDims);
        int[] shape = f.shape();
        int[] dims = java.util.Arrays.copyOfRange(shape, shape.length - spatialDims, shape.length);
        int batch = f.sizeOf(0, shape.length - spatialDims);
        return Tensor.wrap(solve(f.data(), s, batch, dims), shape);
    }

    private static double[] multiply(double[] f, double s, int batch, int[] dims) {
        int total = 1;
        for (int d : dims) total *= d;
        if (f.length != batch * total)
            throw new IllegalArgumentException("f has " + f.length + " values, expected batch * prod(dims) = " + (batch * total));
        double[] spec = Fft.rfftn(f, batch, dims);
        int d = dims.length, h = Fft.halfLength(dims[d - 1]);
        int perField = spec.length / (2 * Math.max(1, batch));
        double[] symbol = new double[perField];
        int[] cdims = dims.clone();
        cdims[d - 1] = h;
        int[] st = Tensor.strides(cdims);
        for (int m = 0; m < perField; m++) {
            double k2 = 0;
            for (int a = 0; a < d; a++) {
                int idx = (m / st[a]) % cdims[a];
                int k = a == d - 1 ? idx : (idx <= dims[a] / 2 ? idx : idx - dims[a]);
                if (a < d - 1 && dims[a] % 2 == 0 && idx == dims[a] / 2) k = dims[a] / 2;
                k2 += (double) k * k;
            }
            symbol[m] = k2 == 0 ? 0 : (s == 0 ? 1 : Math.pow(4 * Math.PI * Math.PI * k2, s));
        }
        if (s == 0) symbol[0] = 1;
        for (int b = 0; b < batch; b++)
            for (int m = 0; m < perField; m++) {
                int p = 2 * (b * perField + m);
                spec[p] *= symbol[m];
                spec[p + 1] *= symbol[m];
            }
        return Fft.irfftn(spec, batch, dims);
    }
}
