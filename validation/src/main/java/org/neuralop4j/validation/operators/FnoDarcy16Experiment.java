package org.neuralop4j.validation.operators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Set;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.PublicData;
import org.neuralop4j.core.data.Split;
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
 * FNO-2D (width 24, modes 8, 4 layers, 30 epochs, batch 32) on neuraloperator's public Darcy16 set: test error at
 * the training resolution and zero-shot at 32x32 (Li et al., ICLR 2021, arXiv:2010.08895).
 */
public final class FnoDarcy16Experiment implements Experiment {
    @Override
    public String name() { return "fno-darcy16"; }

    @Override
    public String description() {
        return "FNO-2D (width 24, modes 8, 4 layers, 30 epochs) on the public Darcy16 set: test16 and zero-shot test32 relative L2.";
    }

    @Override
    public Set<RunMode> modes() { return EnumSet.allOf(RunMode.class); }

    @Override
    public ExperimentResult run(ExperimentContext ctx) {
        try {
            ctx.progress("training 30 epochs on 1000 samples at 16x16");
            LabeledData train = PublicData.darcy16(Split.TRAIN), test = PublicData.darcy16(Split.TEST);
            LabeledData test32 = PublicData.darcy32Test();
            FnoTraining.Result r = FnoTraining.train(FnoExperiments.darcy16Config(), train, test,
                    FnoExperiments.darcy16Options(ctx.seed()));
            double l2 = r.testMetrics().get("relative_l2");
            double l2at32 = FnoTraining.evaluate(r.model(), test32, 50).get("relative_l2");
            ExperimentResult.Builder out = ExperimentResult.builder(name(), description());
            out.row(MetricRow.of("test16 relative L2", l2)
                    .withReference(0.0975, ReferenceSource.PUBLIC_LOG, "neuraloperator example log (Tucker FNO, 0.5 M parameters, 20 epochs); a NumPy re-implementation reached 0.095")
                    .withBound(Bound.atMost(0.115)));
            out.row(MetricRow.of("test32 relative L2 (zero-shot super-resolution)", l2at32)
                    .withReference(0.1386, ReferenceSource.PUBLIC_LOG, "neuraloperator example log; a NumPy re-implementation reached 0.115")
                    .withBound(Bound.atMost(0.14)));
            out.row(MetricRow.of("test16 relative H1", r.testMetrics().get("relative_h1")));
            out.row(MetricRow.of("parameters", r.model().numParameters()));
            out.row(MetricRow.of("training seconds", r.seconds()));
            out.figure(ctx.relative(TrainingFigures.curves(ctx.figure("darcy16-training.png"), "FNO on Darcy16", r.history())));
            Tensor pred32 = FnoTraining.predict(r.model(), test32.inputs().slice(0, 1), 1);
            out.figure(ctx.relative(Plots.predictionTruthError2d(ctx.figure("darcy32-zero-shot.png"),
                    "Darcy, zero-shot at 32x32 (trained at 16x16), test sample 0", pred32, test32.targets().slice(0, 1))));
            return out.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
