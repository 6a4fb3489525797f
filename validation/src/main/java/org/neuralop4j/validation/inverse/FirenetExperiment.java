package org.neuralop4j.validation.inverse;

import java.util.EnumSet;
import java.util.Set;
import org.neuralop4j.inverse.ComplexArrays;
import org.neuralop4j.inverse.Firenet;
import org.neuralop4j.inverse.Metrics;
import org.neuralop4j.inverse.Noise;
import org.neuralop4j.inverse.Phantoms;
import org.neuralop4j.inverse.Reconstruction;
import org.neuralop4j.inverse.SamplingMask;
import org.neuralop4j.inverse.SubsampledFourier;
import org.neuralop4j.inverse.Wavelet;
import org.neuralop4j.inverse.UnrolledNetwork;
import org.neuralop4j.inverse.WaveletTransform;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.validation.bounds.Contraction;
import org.neuralop4j.validation.plot.Plots;
import org.neuralop4j.validation.report.Bound;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.ExperimentContext;
import org.neuralop4j.validation.report.ExperimentResult;
import org.neuralop4j.validation.report.MetricRow;
import org.neuralop4j.validation.report.ReferenceSource;
import org.neuralop4j.validation.report.RunMode;

/**
 * FIRENET (Colbrook, Antun, Hansen, PNAS 2022, arXiv:2101.08286) on the modified Shepp-Logan phantom from 45%
 * variable-density subsampled Fourier samples with Haar wavelets, lambda = 1e-3, p = 20, n = 20: the noiseless
 * accuracy and geometric contraction (per restart and fitted), the network form against the solver, the stall
 * detector at p = 5, and the 2% noise accuracy with a truth / reconstruction / error figure. Quick mode runs
 * 64 x 64, full mode also 128 x 128.
 */
public final class FirenetExperiment implements Experiment {
    @Override
    public String name() { return "firenet-shepp-logan"; }

    @Override
    public String description() {
        return "FIRENET on Shepp-Logan, 45% variable-density Fourier samples, Haar: noiseless accuracy and contraction, "
                + "stall detection at p = 5, accuracy and PSNR with 2% noise.";
    }

    @Override
    public Set<RunMode> modes() { return EnumSet.allOf(RunMode.class); }

    @Override
    public ExperimentResult run(ExperimentContext ctx) {
        ExperimentResult.Builder out = ExperimentResult.builder(name(), description());
        int[] sizes = ctx.full() ? new int[] {64, 128} : new int[] {64};
        for (int size : sizes) {
            int[] dims = {size, size};
            double[] x = ComplexArrays.fromReal(Phantoms.sheppLogan(size));
            SubsampledFourier a = new SubsampledFourier(SamplingMask.variableDensity(dims, SamplingMask.Spectrum.FOURIER, 0.45, 7));
            WaveletTransform w = new WaveletTransform(Wavelet.HAAR, dims, WaveletTransform.maxLevels(dims));
            String tag = size + "x" + size;

            ctx.progress(tag + " noiseless, p = 20");
            double[] y = a.apply(x);
            long t0 = System.nanoTime();
            Reconstruction r = firenet(a, w, y, 20, 1e-12).reconstruct(y, x);
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.row(MetricRow.of(tag + " noiseless relative error", r.finalRelativeError()).withBound(Bound.atMost(1e-9)));
            double[] c = r.contractionFactors();
            double lo = Double.POSITIVE_INFINITY, hi = 0;
            for (int k = 2; k < 14; k++) { // err_{k+1}/err_k for restarts 3 .. 15
                lo = Math.min(lo, c[k]);
                hi = Math.max(hi, c[k]);
            }
            out.row(MetricRow.of(tag + " smallest contraction per restart (restarts 3-15)", lo)
                    .withReference(Math.exp(-1), ReferenceSource.PAPER, "e^-1 schedule").withBound(Bound.between(0.25, 0.45)));
            out.row(MetricRow.of(tag + " largest contraction per restart (restarts 3-15)", hi)
                    .withReference(Math.exp(-1), ReferenceSource.PAPER, "e^-1 schedule").withBound(Bound.between(0.25, 0.45)));
            // fitted geometric rate of the error over restarts 3..15 (least squares on log error)
            double[] errs = java.util.Arrays.copyOfRange(r.relativeErrors(), 2, 15);
            out.row(MetricRow.of(tag + " fitted contraction rate (restarts 3-15)", Contraction.analyze(errs).fittedRate())
                    .withReference(Math.exp(-1), ReferenceSource.PAPER, "e^-1 schedule").withBound(Bound.between(0.25, 0.45)));
            out.row(MetricRow.of(tag + " stall detector fires at p = 20 (1 = yes)", r.stall().stalled() ? 1 : 0).withBound(Bound.atMost(0)));
            ctx.progress(tag + " network form (3pn + 1 affine layers) against the solver");
            UnrolledNetwork net = firenet(a, w, y, 20, 1e-12).asNetwork();
            double[] viaNetwork = net.evaluate(y);
            double netDiff = 0;
            for (int i = 0; i < viaNetwork.length; i++) netDiff = Math.max(netDiff, Math.abs(viaNetwork[i] - r.image()[i]));
            out.row(MetricRow.of(tag + " max |network - solver| (" + net.depth() + " layers)", netDiff).withBound(Bound.atMost(1e-12)));
            out.row(MetricRow.of(tag + " solve seconds (first call, includes JIT warm-up)", seconds));
            out.figure(ctx.relative(ReconstructionReport.plotConvergence(r, "FIRENET " + tag + " noiseless, p=20, n=20",
                    ctx.figure("firenet_" + tag + "_noiseless.png"))));

            ctx.progress(tag + " noiseless, p = 5");
            Reconstruction stalled = firenet(a, w, y, 5, 1e-12).reconstruct(y, x);
            out.row(MetricRow.of(tag + " stall detector fires at p = 5 (1 = yes)", stalled.stall().stalled() ? 1 : 0).withBound(Bound.atLeast(1)));

            ctx.progress(tag + " 2% noise, p = 20");
            double[] yn = a.apply(x);
            double noiseNorm = Noise.addRelativeComplexGaussian(yn, 0.02, 3);
            Reconstruction rn = firenet(a, w, yn, 20, noiseNorm / 3).reconstruct(yn, x);
            double psnr = Metrics.psnr(ComplexArrays.realPart(rn.image()), ComplexArrays.realPart(x));
            out.row(MetricRow.of(tag + " 2% noise relative error", rn.finalRelativeError())
                    .withReference(size == 64 ? 0.039 : 0.030, ReferenceSource.NUMPY, "its own masks").withBound(Bound.atMost(0.05)));
            out.row(MetricRow.of(tag + " 2% noise PSNR (dB)", psnr)
                    .withReference(size == 64 ? 40 : 42.7, ReferenceSource.NUMPY, "its own masks").withBound(Bound.atLeast(38)));
            Tensor truth = Tensor.wrap(ComplexArrays.realPart(x), size, size);
            Tensor recon = Tensor.wrap(ComplexArrays.realPart(rn.image()), size, size);
            out.figure(ctx.relative(Plots.predictionTruthError2d(ctx.figure("firenet_" + tag + "_noise2_reconstruction.png"),
                    "FIRENET " + tag + ", 2% noise: truth, reconstruction, error", recon, truth)));
        }
        return out.build();
    }

    private static Firenet firenet(SubsampledFourier a, WaveletTransform w, double[] y, int p, double delta) {
        return Firenet.builder(a).sparsifier(w).lambda(1e-3).innerIterations(p).restarts(20).delta(delta)
                .epsilon0(ComplexArrays.norm(y)).build();
    }
}
