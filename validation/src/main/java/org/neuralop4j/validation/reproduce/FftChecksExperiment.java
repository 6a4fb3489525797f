package org.neuralop4j.validation.reproduce;

import java.util.EnumSet;
import java.util.Set;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.fft.Fft;
import org.neuralop4j.validation.bounds.DeterminismCheck;
import org.neuralop4j.validation.report.Bound;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.ExperimentContext;
import org.neuralop4j.validation.report.ExperimentResult;
import org.neuralop4j.validation.report.MetricRow;
import org.neuralop4j.validation.report.ReferenceSource;
import org.neuralop4j.validation.report.RunMode;

/**
 * The FFT facade ({@code core.fft.Fft}) against its definition: round trips {@code irfftn(rfftn(x)) = x} in 1, 2
 * and 3 dimensions with odd, even and prime lengths; the half spectrum against the DFT sum evaluated directly;
 * Parseval's identity for {@code fftn}; and bit-identical results for 1 and N threads.
 */
final class FftChecksExperiment implements Experiment {
    private static final double TOL = 1e-12;

    @Override
    public String name() { return "fft-checks"; }

    @Override
    public String description() {
        return "FFT round trips, agreement with the direct DFT sum, Parseval, and bit-identical results for 1 and N threads.";
    }

    @Override
    public Set<RunMode> modes() { return EnumSet.allOf(RunMode.class); }

    @Override
    public ExperimentResult run(ExperimentContext ctx) {
        boolean full = ctx.full();
        long seed = ctx.seed();
        ExperimentResult.Builder out = ExperimentResult.builder(name(), description());
        int[][] shapes = full ? new int[][] {{1000}, {997}, {128, 96}, {45, 31}, {16, 15, 14}, {9, 8, 7}}
                : new int[][] {{100}, {97}, {30, 17}, {16, 16}, {9, 8, 7}};
        for (int[] dims : shapes) {
            ctx.progress("round trip " + java.util.Arrays.toString(dims));
            int batch = 3, n = batch * prod(dims);
            Tensor x = Tensor.randn(seed + n, n);
            double[] back = Fft.irfftn(Fft.rfftn(x.data(), batch, dims), batch, dims);
            out.row(MetricRow.of("round trip " + java.util.Arrays.toString(dims) + ": max |x' - x| / max |x|",
                    Tensor.vector(back).maxAbsDiff(x) / x.normInf())
                    .withReference(0, ReferenceSource.ANALYTIC, "irfftn(rfftn(x)) = x").withBound(Bound.atMost(TOL)));
        }
        for (int[] dims : new int[][] {{60}, {45}, {12, 10}, {7, 9}}) {
            ctx.progress("direct DFT " + java.util.Arrays.toString(dims));
            Tensor x = Tensor.randn(seed + 100 + prod(dims), prod(dims));
            double[] fast = Fft.rfftn(x.data(), 1, dims);
            double[] direct = directHalfSpectrum(x.data(), dims);
            double diff = 0, scale = 0;
            for (int i = 0; i < fast.length; i++) {
                diff = Math.max(diff, Math.abs(fast[i] - direct[i]));
                scale = Math.max(scale, Math.abs(direct[i]));
            }
            out.row(MetricRow.of("rfftn " + java.util.Arrays.toString(dims) + " vs direct DFT sum: max error / max |X|", diff / scale)
                    .withReference(0, ReferenceSource.ANALYTIC, "X_k = sum_n x_n exp(-2 pi i k.n / N)").withBound(Bound.atMost(TOL)));
        }
        int[] pd = full ? new int[] {64, 48} : new int[] {24, 20};
        Tensor z = Tensor.randn(seed + 7, 2 * prod(pd));
        double[] zh = z.data().clone();
        Fft.fftn(zh, 1, pd, false);
        double e0 = z.dot(z), e1 = 0;
        for (double v : zh) e1 += v * v;
        e1 /= prod(pd);
        out.row(MetricRow.of("Parseval fftn " + java.util.Arrays.toString(pd) + ": |sum|x|^2 - sum|X|^2/N| / sum|x|^2", Math.abs(e0 - e1) / e0)
                .withReference(0, ReferenceSource.ANALYTIC, "Parseval's identity").withBound(Bound.atMost(TOL)));

        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        int[] dd = full ? new int[] {128, 128} : new int[] {64, 64};
        int batch = full ? 32 : 16;
        Tensor field = Tensor.randn(seed + 9, batch * prod(dd));
        ctx.progress("determinism: 1 vs " + threads + " threads on " + batch + " x " + java.util.Arrays.toString(dd));
        DeterminismCheck.Result det = DeterminismCheck.run(() -> {
            double[] spec = Fft.rfftn(field.data(), batch, dd);
            for (int i = 0; i < spec.length; i++) spec[i] *= 1.0 / (1 + (i % 97)); // a spectral multiplier, as in a spectral layer
            return Tensor.vector(Fft.irfftn(spec, batch, dd));
        }, threads);
        out.row(MetricRow.of("determinism: max |difference| over repeat and 1 vs " + threads + " threads", det.maxAbsDiff())
                .withReference(0, ReferenceSource.ANALYTIC, "fixed chunking: same bits for any thread count").withBound(Bound.atMost(0)));
        out.row(MetricRow.of("determinism: bit-identical (1 = yes)", det.identical() ? 1 : 0).withBound(Bound.atLeast(1)));
        return out.build();
    }

    private static int prod(int[] d) {
        int p = 1;
        for (int v : d) p *= v;
        return p;
    }

    /** The half spectrum by the O(N^2) DFT sum, 1-D or 2-D, in rfftn's interleaved layout. */
    static double[] directHalfSpectrum(double[] x, int[] dims) {
        int n1 = dims.length == 1 ? 1 : dims[0], n2 = dims[dims.length - 1], h = n2 / 2 + 1;
        double[] out = new double[2 * n1 * h];
        for (int k1 = 0; k1 < n1; k1++)
            for (int k2 = 0; k2 < h; k2++) {
                double re = 0, im = 0;
                for (int a = 0; a < n1; a++)
                    for (int b = 0; b < n2; b++) {
                        // reduce the phase index modulo N first so the angle stays small and exact
                        double phase = -2 * Math.PI * (((long) k1 * a % n1) / (double) n1 + ((long) k2 * b % n2) / (double) n2);
                        double v = x[a * n2 + b];
                        re += v * Math.cos(phase);
                        im += v * Math.sin(phase);
                    }
                out[2 * (k1 * h + k2)] = re;
                out[2 * (k1 * h + k2) + 1] = im;
            }
        return out;
    }
}
