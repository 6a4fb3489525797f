package org.neuralop4j.validation.operators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.LongFunction;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.pde.data.ProgressListener;
import org.neuralop4j.operators.fno.FnoConfig;
import org.neuralop4j.operators.fno.FnoData;
import org.neuralop4j.operators.fno.FnoExperiments;
import org.neuralop4j.operators.fno.FnoTraining;
import org.neuralop4j.validation.plot.Plots;
import org.neuralop4j.validation.report.Bound;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.ExperimentContext;
import org.neuralop4j.validation.report.ExperimentResult;
import org.neuralop4j.validation.report.MetricRow;
import org.neuralop4j.validation.report.ReferenceSource;
import org.neuralop4j.validation.report.RunMode;

/**
 * An FNO trained on data the library's own solvers generate (Li et al., ICLR 2021, arXiv:2010.08895): the paper's
 * Burgers (s = 1024) and Darcy (s = 85) problems with its settings, and the quick Burgers variant. All three run in
 * {@code reproduce --full} only: the paper-scale ones take hours on two cores (25 000 training steps each).
 *
 * <p>Training fields come from seed {@code ctx.seed()}, test fields from {@code ctx.seed() + 1}, the same as
 * {@code generate ... --seed K} followed by {@code train fno} with the settings named in each description.
 *
 * <p>The paper-scale runs keep their checkpoints in {@code <report dir>/runs/<name>/} after every epoch, and the
 * same command run again continues from the last completed epoch ({@link FnoTraining#trainResumable}), with the
 * same bits as an uninterrupted run: hours of training are not lost to an interruption, and a run can be spread
 * over several sittings. Their "training seconds" row is the sum over all epochs, restored ones included.
 */
public final class FnoGeneratedExperiment implements Experiment {
    enum Problem { BURGERS, DARCY }

    private final String name, description;
    private final Problem problem;
    private final int resolution, train, test;
    private final FnoConfig config;
    private final LongFunction<FnoTraining.Options> options;
    private final double bound, reference;
    private final String referenceNote;
    private final double secondsBound;
    private final boolean resumable;

    /**
     * @param resolution   Darcy grid points per axis (Burgers is always s = 1024)
     * @param options      the training settings for a seed
     * @param reference    the paper's number, or NaN
     * @param secondsBound bound on the training time, or NaN
     * @param resumable    keep checkpoints in the report directory and continue from them
     */
    FnoGeneratedExperiment(String name, String description, Problem problem, int resolution, int train, int test,
                           FnoConfig config, LongFunction<FnoTraining.Options> options, double bound, double reference,
                           String referenceNote, double secondsBound, boolean resumable) {
        this.name = name;
        this.description = description;
        this.problem = problem;
        this.resolution = resolution;
        this.train = train;
        this.test = test;
        this.config = config;
        this.options = options;
        this.bound = bound;
        this.reference = reference;
        this.referenceNote = referenceNote;
        this.secondsBound = secondsBound;
        this.resumable = resumable;
    }

    /** The paper's Burgers run: 1000/100 fields at s = 1024, width 64, 16 modes, 500 epochs; bound 0.005 (paper 0.0160). */
    public static FnoGeneratedExperiment burgersPaper() {
        return new FnoGeneratedExperiment("fno-burgers1024",
                "FNO-1D on generated Burgers (nu = 0.1, s = 1024, 1000 train / 100 test), width 64, 16 modes, the paper's 500 epochs: test relative L2.",
                Problem.BURGERS, 1024, 1000, 100, FnoExperiments.burgersConfig(64), seed -> FnoExperiments.paperOptions(seed, false), 0.005, 0.0160,
                "FNO paper, Table 1 (s = 1024); the current neuraloperator code reaches about 0.0025", Double.NaN, true);
    }

    /** The quick Burgers variant: 200/50 fields, width 32, 25 epochs; bounds 0.05 and 180 s of training. */
    public static FnoGeneratedExperiment burgersQuick() {
        return new FnoGeneratedExperiment("fno-burgers1024-quick",
                "FNO-1D on generated Burgers (s = 1024, 200 train / 50 test), width 32, 16 modes, 25 epochs: test relative L2 and training time.",
                Problem.BURGERS, 1024, 200, 50, FnoExperiments.burgersConfig(32), FnoExperiments::burgersQuickOptions, 0.05, Double.NaN,
                null, 180, false);
    }

    /** The paper's Darcy run: 1000/100 fields at s = 85, width 32, 12 x 12 modes, 500 epochs; bound 0.011 (paper 0.0108). */
    public static FnoGeneratedExperiment darcyPaper() {
        return new FnoGeneratedExperiment("fno-darcy85",
                "FNO-2D on generated Darcy (s = 85, 1000 train / 100 test), width 32, 12x12 modes, the paper's 500 epochs: test relative L2.",
                Problem.DARCY, 85, 1000, 100, FnoExperiments.darcy85Config(), seed -> FnoExperiments.paperOptions(seed, true), 0.011, 0.0108,
                "FNO paper, Table 2 (s = 85)", Double.NaN, true);
    }

    @Override
    public String name() { return name; }

    @Override
    public String description() { return description; }

    @Override
    public Set<RunMode> modes() { return EnumSet.of(RunMode.FULL); }

    @Override
    public ExperimentResult run(ExperimentContext ctx) {
        try {
            long t0 = System.nanoTime();
            LabeledData trainSet = generate(ctx, train, ctx.seed(), "training"), testSet = generate(ctx, test, ctx.seed() + 1, "test");
            double generationSeconds = (System.nanoTime() - t0) * 1e-9;
            FnoTraining.Options o = options.apply(ctx.seed()).withProgress(ctx.progressStream());
            ctx.progress("training " + o.epochs() + " epochs on " + train + " fields");
            FnoTraining.Result r;
            if (resumable) {
                Path runDir = ctx.reportDir().resolve("runs").resolve(name);
                ctx.progress("checkpoints after every epoch in " + runDir + "; the same command continues from the last one");
                r = FnoTraining.trainResumable(config, trainSet, testSet, o, runDir);
            } else {
                r = FnoTraining.train(config, trainSet, testSet, o);
            }
            ExperimentResult.Builder out = ExperimentResult.builder(name, description);
            MetricRow l2 = MetricRow.of("test relative L2", r.testMetrics().get("relative_l2")).withBound(Bound.atMost(bound));
            out.row(Double.isNaN(reference) ? l2 : l2.withReference(reference, ReferenceSource.PAPER, referenceNote));
            out.row(MetricRow.of("test relative H1", r.testMetrics().get("relative_h1")));
            out.row(MetricRow.of("parameters", r.model().numParameters()));
            // a resumed run's own call saw only part of the epochs; its history holds them all
            MetricRow seconds = MetricRow.of("training seconds", resumable ? r.trainingSeconds() : r.seconds());
            out.row(Double.isNaN(secondsBound) ? seconds : seconds.withBound(Bound.atMost(secondsBound)));
            if (resumable) out.row(MetricRow.of("epochs restored from a checkpoint", r.resumedFromEpoch()));
            out.row(MetricRow.of("data generation seconds", generationSeconds));
            out.figure(ctx.relative(TrainingFigures.curves(ctx.figure(name + "-training.png"), "FNO, " + description.split(":")[0], r.history())));
            LabeledData first = testSet.slice(0, 1);
            Tensor pred = FnoTraining.predict(r.model(), first.inputs(), 1);
            String title = "test sample 0";
            out.figure(ctx.relative(problem == Problem.DARCY
                    ? Plots.predictionTruthError2d(ctx.figure(name + "-sample.png"), "Darcy s = " + resolution + ", " + title, pred, first.targets())
                    : Plots.predictionPanels1d(ctx.figure(name + "-sample.png"), "Burgers s = 1024, " + title, grid(pred.size()),
                            pred.data(), first.targets().data())));
            return out.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[] grid(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = (double) i / n;
        return x;
    }

    private LabeledData generate(ExperimentContext ctx, int n, long seed, String what) {
        ctx.progress("generating " + n + " " + what + " fields (seed " + seed + ")");
        ProgressListener tenths = (done, total) -> {
            if (done == total || done % Math.max(1, total / 10) == 0) ctx.progress(what + " fields: " + done + " / " + total);
        };
        LabeledData raw = problem == Problem.DARCY ? FnoExperiments.generatedDarcy(resolution, n, seed, tenths)
                : FnoExperiments.generatedBurgers(n, seed, tenths);
        return FnoData.channelsFirst(raw.inputs(), raw.targets());
    }
}
