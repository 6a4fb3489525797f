package org.neuralop4j.operators.fno;

/**
 * The model FLOP count of an FNO pass, independent of how it is executed: 1x1 linear layers {@code 2 B S C_in C_out},
 * each real FFT {@code 2.5 S log2 S} per signal (forward of the layer input, inverse of its output), mode mixing
 * {@code 8 B C_in C_out} per kept complex mode, activations not counted. A training step is counted as three forward
 * passes (forward + backward through activations and weights), the usual convention. With these rules the FNO-1D
 * of the paper (s = 1024, width 64, modes 16, batch 20) costs about 1.3 GFLOP per forward pass.
 */
public final class FnoFlops {
    private FnoFlops() {}

    /** FLOPs of one forward pass of {@code config} on a batch of {@code batch} samples of grid {@code sizes}. */
    public static double forward(FnoConfig config, int batch, int... sizes) {
        int d = config.dimensions();
        if (sizes.length != d) throw new IllegalArgumentException("sizes must have " + d + " entries");
        double s = 1, padded = 1, kept = 1;
        for (int j = 0; j < d; j++) {
            s *= sizes[j];
            padded *= sizes[j] + Math.round(config.padding * sizes[j]);
            kept *= j < d - 1 ? 2 * config.modes[j] : config.modes[j];
        }
        int w = config.width, in = config.inChannels + (config.grid ? d : 0);
        double f = 2.0 * batch * s * in * w;
        double fft = 2.5 * padded * (Math.log(padded) / Math.log(2));
        for (int l = 0; l < config.layers; l++) {
            f += 2.0 * batch * padded * w * w;           // skip path
            f += 2.0 * batch * w * fft;                  // rfftn of the input channels and irfftn of the output channels
            f += 8.0 * batch * w * w * kept;             // complex mode mixing
        }
        f += 2.0 * batch * s * w * config.projectionWidth + 2.0 * batch * s * config.projectionWidth * config.outChannels;
        return f;
    }

    /** FLOPs of a training step (forward, backward, optimizer): three forward passes. */
    public static double trainStep(FnoConfig config, int batch, int... sizes) { return 3 * forward(config, batch, sizes); }
}
