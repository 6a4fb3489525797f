package org.neuralop4j.operators.nonlocal;

import org.neuralop4j.core.fft.Fft;

/**
 * Applies a real Fourier multiplier {@code m(k)} that depends only on {@code |k|} to fields on a periodic grid:
 * {@code y = F^{-1}[ m(|2 pi k| / L) F[x] ]} over the trailing {@code d} axes of a {@code (batch, dims...)} array.
 *
 * <p>Because {@code m} is real and even in {@code k}, the operator is self-adjoint in the Euclidean inner product
 * of grid values, which the layers use for their backward passes. Wave numbers follow FFT order: for axis
 * length {@code n}, index {@code j} stands for {@code k = j} if {@code j <= n/2}, else {@code j - n}.
 */
final class SpectralSymbol {
    /** The multiplier as a function of the angular wave number magnitude {@code |xi| = 2 pi |k| / L}. */
    @FunctionalInterface
    interface Multiplier {
        double at(double xiMagnitude);
    }

    private SpectralSymbol() {}

    /** |xi| for every entry of the half spectrum of a {@code dims} grid with period {@code length}. */
    static double[] wavenumberMagnitudes(int[] dims, double length) {
        int d = dims.length, h = Fft.halfLength(dims[d - 1]);
        int rows = 1;
        for (int i = 0; i < d - 1; i++) rows *= dims[i];
        double[] mag = new double[rows * h];
        double scale = 2 * Math.PI / length;
        for (int r = 0; r < rows; r++) {
            double sq = 0;
            int rem = r;
            for (int a = d - 2; a >= 0; a--) {
                int j = rem % dims[a];
                rem /= dims[a];
                int k = j <= dims[a] / 2 ? j : j - dims[a];
                sq += (double) k * k;
            }
            for (int j = 0; j < h; j++) mag[r * h + j] = scale * Math.sqrt(sq + (double) j * j);
        }
        return mag;
    }

    /** Evaluates {@code m} on the magnitudes. */
    static double[] evaluate(double[] magnitudes, Multiplier m) {
        double[] out = new double[magnitudes.length];
        for (int i = 0; i < out.length; i++) out[i] = m.at(magnitudes[i]);
        return out;
    }

    /**
     * {@code y = F^{-1}[ symbol * F[x] ]} for {@code batch} fields of shape {@code dims}; {@code symbol} has one
     * real value per half-spectrum entry. When {@code channelWeights} is not null, field {@code b} is additionally
     * scaled by {@code channelWeights[b % channelWeights.length]}.
     */
    static double[] apply(double[] x, int batch, int[] dims, double[] symbol, double[] channelWeights) {
        double[] spec = Fft.rfftn(x, batch, dims);
        int per = symbol.length;
        for (int b = 0; b < batch; b++) {
            double w = channelWeights == null ? 1.0 : channelWeights[b % channelWeights.length];
            int base = 2 * b * per;
            for (int i = 0; i < per; i++) {
                double s = w * symbol[i];
                spec[base + 2 * i] *= s;
                spec[base + 2 * i + 1] *= s;
            }
        }
        return Fft.irfftn(spec, batch, dims);
    }
}
