package org.neuralop4j.operators.fno;

/**
 * The activations an FNO training step must keep for its backward pass, counted from the architecture (float64,
 * {@code B} batch, {@code S} grid points, {@code S'} after padding, width {@code W}, projection width {@code P}):
 * the lifting's input {@code B (c_in + d) S}; every Fourier layer's input {@code B W S'} (its weight gradients need
 * it); the nonlinearity's derivative after each Fourier layer but the last {@code B W S'} (or, equivalently, its
 * pre-activation); the projection's input {@code B W S}, its hidden layer's derivative {@code B P S} and the output
 * layer's input {@code B P S}. The spectral convolution also keeps the kept modes of its input, which is small and
 * not counted. A training step's peak heap is measured against this (the benchmark's {@code --heap}).
 */
public final class FnoMemory {
    private FnoMemory() {}

    /** @return bytes of the activations a training step of {@code config} on {@code batch} samples must keep */
    public static long activationBytes(FnoConfig config, int batch, int... sizes) {
        int d = config.dimensions();
        if (sizes.length != d) throw new IllegalArgumentException("sizes must have " + d + " entries");
        long s = 1, padded = 1;
        for (int n : sizes) {
            s *= n;
            padded *= n + Math.round(config.padding * n);
        }
        long w = config.width, p = config.projectionWidth, in = config.inChannels + (config.grid ? d : 0);
        long doubles = in * s + (long) config.layers * w * padded + (long) (config.layers - 1) * w * padded
                + w * s + 2 * p * s;
        return 8L * batch * doubles;
    }
}
