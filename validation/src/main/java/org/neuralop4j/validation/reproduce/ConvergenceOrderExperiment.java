package org.neuralop4j.validation.reproduce;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.fft.Fft;
import org.neuralop4j.validation.bounds.Contraction;
import org.neuralop4j.validation.bounds.ConvergenceOrder;
import org.neuralop4j.validation.bounds.ResolutionStudy;
import org.neuralop4j.validation.plot.Plots;
import org.neuralop4j.validation.plot.Series;
import org.neuralop4j.validation.report.Bound;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.ExperimentContext;
import org.neuralop4j.validation.report.ExperimentResult;
import org.neuralop4j.validation.report.MetricRow;
import org.neuralop4j.validation.report.ReferenceSource;
import org.neuralop4j.validation.report.RunMode;

/**
 * The error-bound helpers on problems with analytic answers: finite-difference derivatives of {@code sin(2 pi x)}
 * on periodic grids (central differences: order 2; forward differences: order 1) by a resolution study, and the
 * spectral (FFT) derivative of {@code exp(sin 2 pi x)}, whose error contracts faster than geometrically because the
 * Fourier coefficients are modified Bessel values {@code I_k(1)} with {@code I_{k+2}(1)/I_k(1) <= 1/(4(k+1)(k+2))}.
 */
final class ConvergenceOrderExperiment implements Experiment {
    @Override
    public String name() { return "convergence-orders"; }

    @Override
    public String description() {
        return "Empirical convergence orders of finite-difference derivatives and the spectral convergence of an FFT derivative.";
    }

    @Override
    public Set<RunMode> modes() { return EnumSet.allOf(RunMode.class); }

    @Override
    public ExperimentResult run(ExperimentContext ctx) {
        int levels = ctx.full() ? 10 : 6;
        ExperimentResult.Builder out = ExperimentResult.builder(name(), description());
        ctx.progress("finite-difference resolution studies, " + levels + " levels from s = 16");
        ResolutionStudy central = ResolutionStudy.against(16, levels, s -> derivative(s, true), ConvergenceOrderExperiment::exact);
        ResolutionStudy forward = ResolutionStudy.against(16, levels, s -> derivative(s, false), ConvergenceOrderExperiment::exact);
        ConvergenceOrder pc = central.order(), pf = forward.order();
        out.row(MetricRow.of("central difference: fitted order", pc.order())
                .withReference(2, ReferenceSource.ANALYTIC, "Taylor: error (2 pi h)^2 / 6").withBound(Bound.between(1.95, 2.05)));
        out.row(MetricRow.of("forward difference: fitted order", pf.order())
                .withReference(1, ReferenceSource.ANALYTIC, "Taylor: error pi h").withBound(Bound.between(0.95, 1.05)));
        double h0 = 1.0 / 16;
        out.row(MetricRow.of("central difference: relative error at s = 16", central.errors()[0])
                .withReference(1 - Math.sin(2 * Math.PI * h0) / (2 * Math.PI * h0), ReferenceSource.ANALYTIC, "1 - sin(2 pi h)/(2 pi h)")
                .withBound(Bound.atMost((1 - Math.sin(2 * Math.PI * h0) / (2 * Math.PI * h0)) * (1 + 1e-9))));

        int[] ns = ctx.full() ? new int[] {4, 8, 12, 16, 20, 24} : new int[] {4, 8, 12, 16, 20};
        double[] err = new double[ns.length];
        for (int i = 0; i < ns.length; i++) err[i] = spectralDerivativeError(ns[i]);
        Contraction c = Contraction.analyze(err);
        out.row(MetricRow.of("spectral derivative: largest error ratio per +4 modes", c.maxRatio())
                .withReference(1.0 / 24, ReferenceSource.ANALYTIC, "I_{k+2}(1)/I_k(1) <= 1/(4(k+1)(k+2)) <= 1/24 for k >= 1")
                .withBound(Bound.atMost(0.05)));
        out.row(MetricRow.of("spectral derivative: relative error at N = " + ns[ns.length - 1], err[err.length - 1])
                .withBound(Bound.atMost(ctx.full() ? 1e-11 : 1e-8)));

        double[] h = new double[levels];
        for (int i = 0; i < levels; i++) h[i] = 1.0 / central.resolutions()[i];
        Path f = Plots.logLog(ctx.figure("fd-orders.png"), "Finite-difference derivative of sin(2 pi x)", "h", "relative L2 error",
                List.of(new Series("central (fitted order " + String.format("%.3f", pc.order()) + ")", h, central.errors()),
                        new Series("forward (fitted order " + String.format("%.3f", pf.order()) + ")", h, forward.errors())));
        out.figure(ctx.relative(f));
        double[] nd = new double[ns.length];
        for (int i = 0; i < ns.length; i++) nd[i] = ns[i];
        Path g = Plots.line(ctx.figure("spectral.png"), "FFT derivative of exp(sin 2 pi x)", "N", "relative L2 error",
                List.of(new Series("spectral derivative", nd, err)), true);
        out.figure(ctx.relative(g));
        return out.build();
    }

    /** Finite-difference derivative of sin(2 pi x) on x_j = j/s (periodic). */
    static Tensor derivative(int s, boolean central) {
        double h = 1.0 / s;
        double[] d = new double[s];
        for (int j = 0; j < s; j++) {
            double up = Math.sin(2 * Math.PI * (j + 1) * h);
            d[j] = central ? (up - Math.sin(2 * Math.PI * (j - 1) * h)) / (2 * h) : (up - Math.sin(2 * Math.PI * j * h)) / h;
        }
        return Tensor.wrap(d, s);
    }

    static Tensor exact(int s) {
        double[] d = new double[s];
        for (int j = 0; j < s; j++) d[j] = 2 * Math.PI * Math.cos(2 * Math.PI * j / (double) s);
        return Tensor.wrap(d, s);
    }

    /** Relative L2 error of the FFT derivative of exp(sin 2 pi x) on N points (Nyquist mode zeroed). */
    static double spectralDerivativeError(int n) {
        double[] u = new double[n], exact = new double[n];
        for (int j = 0; j < n; j++) {
            double x = j / (double) n;
            u[j] = Math.exp(Math.sin(2 * Math.PI * x));
            exact[j] = 2 * Math.PI * Math.cos(2 * Math.PI * x) * u[j];
        }
        double[] spec = Fft.rfftn(u, 1, n);
        int half = n / 2 + 1;
        for (int k = 0; k < half; k++) {
            double re = spec[2 * k], im = spec[2 * k + 1];
            double m = (n % 2 == 0 && k == n / 2) ? 0 : 2 * Math.PI * k; // d/dx = i 2 pi k; the Nyquist mode has no sign
            spec[2 * k] = -m * im;
            spec[2 * k + 1] = m * re;
        }
        Tensor du = Tensor.vector(Fft.irfftn(spec, 1, n)), ex = Tensor.vector(exact);
        return du.sub(ex).norm() / ex.norm();
    }
}
