package org.neuralop4j.operators.fno;

import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.fft.Fft;

/**
 * Kept modes through full real FFTs ({@link Fft#rfftn}/{@link Fft#irfftn}) followed by a gather of the kept
 * corner blocks, or preceded by a scatter into a zero half spectrum. The transposes follow from the FFT
 * identities {@code forward^T g = N irfftn(g / c)} and {@code inverse^T g = (c / N) rfftn(g)} ({@code c} the
 * Hermitian weights of the last axis, see {@link ModeGeometry#hermitianWeight}).
 */
final class FftModeTransform implements ModeTransform {
    private final ModeGeometry g;
    /** for each kept (k_1..k_{d-1}) outer position q: offset of its line in the half spectrum, in complex units */
    private final int[] lineOffset;
    private final int half, halfRow;

    FftModeTransform(ModeGeometry geometry) {
        this.g = geometry;
        int d = g.d;
        half = Fft.halfLength(g.n[d - 1]);
        int outerCount = g.modeCount / g.m[d - 1];
        lineOffset = new int[outerCount];
        int rowLines = 1;
        for (int j = 0; j < d - 1; j++) rowLines *= g.n[j];
        halfRow = rowLines * half;
        for (int q = 0; q < outerCount; q++) {
            int rem = q, line = 0, stride = 1;
            for (int j = d - 2; j >= 0; j--) {
                int pos = rem % g.k[j];
                rem /= g.k[j];
                int f = g.frequency(j, pos);
                line += (f >= 0 ? f : g.n[j] + f) * stride;
                stride *= g.n[j];
            }
            lineOffset[q] = line * half;
        }
    }

    @Override
    public ModeGeometry geometry() { return g; }

    @Override
    public double[] forward(double[] x, int rows) {
        return gather(Fft.rfftn(x, rows, g.n), rows, false);
    }

    @Override
    public double[] inverseTranspose(double[] gy, int rows) {
        return gather(Fft.rfftn(gy, rows, g.n), rows, true);
    }

    @Override
    public double[] inverse(double[] spectrum, int rows) {
        return Fft.irfftn(scatter(spectrum, rows, false), rows, g.n);
    }

    @Override
    public double[] forwardTranspose(double[] gz, int rows) {
        return Fft.irfftn(scatter(gz, rows, true), rows, g.n);
    }

    /** Half spectrum (interleaved) to kept modes (planar last axis); with {@code weighted}, times c / N. */
    private double[] gather(double[] spec, int rows, boolean weighted) {
        int md = g.m[g.d - 1], len = g.rowLength(), outerCount = lineOffset.length;
        double[] w = lastWeights(weighted, false);
        double[] out = new double[rows * len];
        Parallel.forRange(rows, Parallel.grainFor(rows, len), (r0, r1) -> {
            for (int r = r0; r < r1; r++)
                for (int q = 0; q < outerCount; q++) {
                    int src = 2 * (r * halfRow + lineOffset[q]), dst = r * len + q * 2 * md;
                    for (int t = 0; t < md; t++) {
                        out[dst + t] = w[t] * spec[src + 2 * t];
                        out[dst + md + t] = w[t] * spec[src + 2 * t + 1];
                    }
                }
        });
        return out;
    }

    /** Kept modes to a zero-padded half spectrum; with {@code weighted}, times N / c. */
    private double[] scatter(double[] modes, int rows, boolean weighted) {
        int md = g.m[g.d - 1], len = g.rowLength(), outerCount = lineOffset.length;
        double[] w = lastWeights(weighted, true);
        double[] spec = new double[2 * rows * halfRow];
        Parallel.forRange(rows, Parallel.grainFor(rows, len), (r0, r1) -> {
            for (int r = r0; r < r1; r++)
                for (int q = 0; q < outerCount; q++) {
                    int dst = 2 * (r * halfRow + lineOffset[q]), src = r * len + q * 2 * md;
                    for (int t = 0; t < md; t++) {
                        spec[dst + 2 * t] = w[t] * modes[src + t];
                        spec[dst + 2 * t + 1] = w[t] * modes[src + md + t];
                    }
                }
        });
        return spec;
    }

    private double[] lastWeights(boolean weighted, boolean inverted) {
        int md = g.m[g.d - 1];
        double[] w = new double[md];
        for (int t = 0; t < md; t++) {
            double c = g.hermitianWeight(t) / g.spatialSize;
            w[t] = !weighted ? 1.0 : inverted ? 1.0 / c : c;
        }
        return w;
    }

    @Override
    public double flops(int rows) {
        // the classical 2.5 N log2 N estimate of a real FFT over N points
        return 2.5 * rows * g.spatialSize * (Math.log(g.spatialSize) / Math.log(2));
    }
}
