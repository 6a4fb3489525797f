package org.neuralop4j.validation.reproduce;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.validation.plot.Plots;
import org.neuralop4j.validation.plot.Series;
import org.neuralop4j.validation.report.Bound;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.ExperimentContext;
import org.neuralop4j.validation.report.ExperimentResult;
import org.neuralop4j.validation.report.MetricRow;
import org.neuralop4j.validation.report.ReferenceSource;
import org.neuralop4j.validation.report.RunMode;
import org.neuralop4j.validation.stability.AmplificationStats;
import org.neuralop4j.validation.stability.FftConvolutionMap;
import org.neuralop4j.validation.stability.LocalLipschitz;
import org.neuralop4j.validation.stability.PerturbationScale;
import org.neuralop4j.validation.stability.RandomPerturbation;
import org.neuralop4j.validation.stability.TanhDenseMap;
import org.neuralop4j.validation.stability.TikhonovProblem;
import org.neuralop4j.validation.stability.WorstCaseSearch;

/**
 * Sanity check of the worst-case perturbation search on maps whose worst case is known: a Tikhonov reconstruction
 * {@code (A^T A + mu I)^{-1} A^T} with a chosen spectrum (norm in closed form), a periodic FFT convolution (norm =
 * largest kernel frequency) and {@code tanh(W y)} near 0 (ratio bracketed analytically). The search must reach 95%
 * of the true worst case; random perturbations of the same size are shown beside it and reach far less, which is
 * why stability has to be measured by search (Colbrook, Antun &amp; Hansen, arXiv:2101.08286).
 */
final class StabilitySanityExperiment implements Experiment {
    @Override
    public String name() { return "stability-search-sanity"; }

    @Override
    public String description() {
        return "Worst-case perturbation search (projected Nesterov ascent) against maps with known worst cases; random perturbations beside it.";
    }

    @Override
    public Set<RunMode> modes() { return EnumSet.allOf(RunMode.class); }

    @Override
    public ExperimentResult run(ExperimentContext ctx) {
        boolean full = ctx.full();
        int n = full ? 192 : 64, m = full ? 256 : 96, draws = full ? 1000 : 200;
        int iterations = full ? 200 : 100, restarts = full ? 8 : 4;
        WorstCaseSearch.Config cfg = WorstCaseSearch.Config.defaults(1e-2).withSeed(ctx.seed())
                .withIterations(iterations).withRestarts(restarts);
        ExperimentResult.Builder out = ExperimentResult.builder(name(), description());

        // --- Tikhonov reconstruction with a 4-decade spectrum
        ctx.progress("Tikhonov " + m + "x" + n + ": search and " + draws + " random draws");
        TikhonovProblem p = TikhonovProblem.create(m, TikhonovProblem.geometricSpectrum(n, 4), 1e-10, ctx.seed() + 11);
        double norm = p.reconstructionNorm();
        Tensor y = p.forward().matmul(Tensor.randn(ctx.seed() + 5, n, 1)).reshape(-1);
        WorstCaseSearch.Result tik = WorstCaseSearch.search(p.reconstruction(), y, cfg);
        AmplificationStats tikRandom = RandomPerturbation.amplification(p.reconstruction(), y, cfg.epsilon(), PerturbationScale.ABSOLUTE,
                draws, ctx.seed() + 7);
        double power = LocalLipschitz.jacobianNorm(p.reconstruction(), y, full ? 400 : 200, 1e-3, ctx.seed() + 3).estimate();
        String closedForm = "||Phi|| = max sigma/(sigma^2+mu) = " + String.format("%.6g", norm);
        out.row(MetricRow.of("Tikhonov: worst-case ratio / ||Phi||", tik.ratio() / norm)
                .withReference(1, ReferenceSource.ANALYTIC, closedForm).withBound(Bound.atLeast(0.95)));
        out.row(MetricRow.of("Tikhonov: worst-case ratio", tik.ratio())
                .withReference(norm, ReferenceSource.ANALYTIC, "a ratio can never exceed the operator norm").withBound(Bound.atMost(norm * (1 + 1e-9))));
        out.row(MetricRow.of("Tikhonov: random ratio, mean / ||Phi||", tikRandom.mean() / norm)
                .withReference(p.randomPerturbationRms() / norm, ReferenceSource.ANALYTIC, "rms over the sphere: ||Phi||_F / sqrt(m) / ||Phi||")
                .withBound(Bound.atMost(0.5)));
        out.row(MetricRow.of("Tikhonov: random ratio, max of " + draws + " / ||Phi||", tikRandom.max() / norm).withBound(Bound.atMost(0.5)));
        out.row(MetricRow.of("Tikhonov: power iteration sigma_max(J) / ||Phi||", power / norm)
                .withReference(1, ReferenceSource.ANALYTIC, closedForm).withBound(Bound.between(0.999, 1 + 1e-6)));

        // --- periodic FFT convolution: norm = largest kernel frequency
        ctx.progress("FFT convolution: search");
        FftConvolutionMap conv = new FftConvolutionMap(Tensor.randn(ctx.seed() + 6, full ? 128 : 64));
        Tensor yc = Tensor.randn(ctx.seed() + 8, full ? 128 : 64);
        WorstCaseSearch.Result convW = WorstCaseSearch.search(conv, yc, cfg.withEpsilon(0.1));
        AmplificationStats convRandom = RandomPerturbation.amplification(conv, yc, 0.1, PerturbationScale.ABSOLUTE, draws, ctx.seed() + 9);
        out.row(MetricRow.of("FFT convolution: worst-case ratio / ||Phi||", convW.ratio() / conv.operatorNorm())
                .withReference(1, ReferenceSource.ANALYTIC, "||Phi|| = max_f |k_hat_f| = " + String.format("%.6g", conv.operatorNorm()))
                .withBound(Bound.between(0.95, 1 + 1e-9)));

        // --- tanh(W y) near 0: ratio in [sigma_1 (1 - (sigma_1 eps)^2/3), sigma_1]
        ctx.progress("tanh(Wy): search");
        Tensor w = Tensor.randn(ctx.seed() + 21, 12, 10).scaleInPlace(0.5);
        double sigma1 = largestSingularValue(w);
        double eps = 0.05, lower = sigma1 * (1 - Math.pow(sigma1 * eps, 2) / 3);
        TanhDenseMap tanh = new TanhDenseMap(w);
        WorstCaseSearch.Result th = WorstCaseSearch.search(tanh, Tensor.zeros(10), cfg.withEpsilon(eps));
        AmplificationStats thRandom = RandomPerturbation.amplification(tanh, Tensor.zeros(10), eps, PerturbationScale.ABSOLUTE, draws, ctx.seed() + 10);
        out.row(MetricRow.of("tanh(Wy) at 0: worst-case ratio / analytic lower bound", th.ratio() / lower)
                .withReference(1, ReferenceSource.ANALYTIC, "sigma_1 (1 - (sigma_1 eps)^2 / 3), sigma_1 from an SVD")
                .withBound(Bound.atLeast(0.99)));
        out.row(MetricRow.of("tanh(Wy) at 0: worst-case ratio / sigma_1(W)", th.ratio() / sigma1)
                .withReference(1, ReferenceSource.ANALYTIC, "|tanh a| <= |a| gives ratio <= sigma_1").withBound(Bound.atMost(1 + 1e-9)));

        // --- figures
        List<Series> hist = new ArrayList<>();
        hist.add(Series.indexed("best so far (all restarts)", scale(tik.bestSoFar(), 1 / norm)));
        int steps = tik.bestSoFar().length;
        hist.add(new Series("random max", new double[] {0, steps - 1}, new double[] {tikRandom.max() / norm, tikRandom.max() / norm}));
        hist.add(new Series("true worst case", new double[] {0, steps - 1}, new double[] {1, 1}));
        Path h = Plots.line(ctx.figure("tikhonov-ascent.png"), "Tikhonov: worst-case search, ratio / ||Phi||", "iteration (restarts concatenated)",
                "||Phi(y+e)-Phi(y)|| / (||e|| ||Phi||)", hist, false);
        out.figure(ctx.relative(h));
        Map<String, double[]> bars = new LinkedHashMap<>();
        bars.put("random mean", new double[] {tikRandom.mean() / norm, convRandom.mean() / conv.operatorNorm(), thRandom.mean() / sigma1});
        bars.put("random max", new double[] {tikRandom.max() / norm, convRandom.max() / conv.operatorNorm(), thRandom.max() / sigma1});
        bars.put("worst-case search", new double[] {tik.ratio() / norm, convW.ratio() / conv.operatorNorm(), th.ratio() / sigma1});
        Path b = Plots.bars(ctx.figure("amplification.png"), "Amplification relative to the true worst case", "ratio / true worst case",
                List.of("Tikhonov", "FFT convolution", "tanh(Wy) at 0"), bars, false);
        out.figure(ctx.relative(b));
        out.note(String.format("Search: %d restarts x %d iterations, momentum 0.9, normalised steps 0.1 eps decaying by 0.98 per iteration; "
                + "Tikhonov eps = %.3g, spectrum 1 .. 1e-4 over %d values, mu = 1e-10; %d random draws per map.",
                restarts, iterations, cfg.epsilon(), n, draws));
        return out.build();
    }

    private static double[] scale(double[] v, double s) {
        double[] o = v.clone();
        for (int i = 0; i < o.length; i++) o[i] *= s;
        return o;
    }

    /** sigma_1 of a dense matrix by EJML's SVD: an independent reference for the search. */
    static double largestSingularValue(Tensor w) {
        DMatrixRMaj a = new DMatrixRMaj(w.dim(0), w.dim(1), true, w.data());
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(w.dim(0), w.dim(1), false, false, true);
        if (!svd.decompose(a.copy())) throw new IllegalStateException("SVD failed");
        double best = 0;
        for (double s : svd.getSingularValues()) best = Math.max(best, s);
        return best;
    }
}
