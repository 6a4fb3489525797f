package org.neuralop4j.validation.operators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Set;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.Split;
import org.neuralop4j.operators.fno.FnoExperiments;
import org.neuralop4j.operators.fno.FnoTraining;
import org.neuralop4j.validation.report.Bound;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.ExperimentContext;
import org.neuralop4j.validation.report.ExperimentResult;
import org.neuralop4j.validation.report.MetricRow;
import org.neuralop4j.validation.report.ReferenceSource;
import org.neuralop4j.validation.report.RunMode;

/**
 * A 2-D FNO (width 24, modes 8, 4 layers, 30 epochs) on neuraloperator's public Burgers16 set: the initial condition
 * (repeated over the 17 time rows) to the 17x16 space-time solution, 800 train / 400 test.
 */
public final class FnoBurgers16Experiment implements Experiment {
    @Override
    public String name() { return "fno-burgers16"; }

    @Override
    public String description() {
        return "2-D space-time FNO (width 24, modes 8, 4 layers, 30 epochs) on the public Burgers16 set: test relative L2.";
    }

    @Override
    public Set<RunMode> modes() { return EnumSet.allOf(RunMode.class); }

    @Override
    public ExperimentResult run(ExperimentContext ctx) {
        try {
            ctx.progress("training 30 epochs on 800 samples of 17x16 space-time fields");
            LabeledData train = FnoExperiments.burgers16(Split.TRAIN), test = FnoExperiments.burgers16(Split.TEST);
            FnoTraining.Options o = FnoExperiments.burgers16Options(ctx.seed(), 30);
            FnoTraining.Result r = FnoTraining.train(FnoExperiments.darcy16Config(), train, test, o);
            ExperimentResult.Builder out = ExperimentResult.builder(name(), description());
            out.row(MetricRow.of("test relative L2", r.testMetrics().get("relative_l2"))
                    .withReference(0.0070, ReferenceSource.NUMPY, "a NumPy re-implementation of the same model and schedule")
                    .withBound(Bound.atMost(0.012)));
            out.row(MetricRow.of("test relative H1", r.testMetrics().get("relative_h1")));
            out.row(MetricRow.of("training seconds", r.seconds()));
            out.note("Same architecture as fno-darcy16; Adam 2e-3 with weight decay 1e-4, halved every 10 epochs, channel-wise normalisation.");
            out.figure(ctx.relative(TrainingFigures.curves(ctx.figure("burgers16-training.png"), "FNO on Burgers16", r.history())));
            return out.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
