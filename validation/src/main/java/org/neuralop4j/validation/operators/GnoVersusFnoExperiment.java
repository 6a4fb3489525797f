package org.neuralop4j.validation.operators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Set;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.operators.gno.GnoFnoComparison;
import org.neuralop4j.operators.gno.GraphKernelNetwork;
import org.neuralop4j.validation.report.Bound;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.ExperimentContext;
import org.neuralop4j.validation.report.ExperimentResult;
import org.neuralop4j.validation.report.MetricRow;
import org.neuralop4j.validation.report.ReferenceSource;
import org.neuralop4j.validation.report.RunMode;

/**
 * The graph kernel network against the FNO on generated Darcy at s = 29, as {@code bench gno-darcy} runs it with its
 * defaults ({@link GnoFnoComparison#defaultGno}, {@link GnoFnoComparison#defaultFno}, {@link GnoFnoComparison#defaultBudget},
 * 100 training and 50 test fields). Bounds (issue #5): GNO error / FNO error at most 2 on the training node count
 * and on all nodes; mesh independence, the GNO's error on 2m nodes within 1.2 times its error on m.
 */
public final class GnoVersusFnoExperiment implements Experiment {
    /** The seed of {@code bench gno-darcy}'s default run. */
    static final long SEED = 1;

    @Override
    public String name() { return "gno-darcy"; }

    @Override
    public String description() {
        return "Graph kernel network vs FNO on generated Darcy s = 29 (100/50 fields, same epochs and batches): error ratios and mesh independence.";
    }

    @Override
    public Set<RunMode> modes() { return EnumSet.of(RunMode.FULL); }

    @Override
    public ExperimentResult run(ExperimentContext ctx) {
        try {
            ctx.progress("generating Darcy fields and training the GNO and the FNO (about 8-12 min on 2 cores)");
            LabeledData[] data = GnoFnoComparison.generatedDarcy(GnoFnoComparison.DEFAULT_RESOLUTION, GnoFnoComparison.DEFAULT_TRAIN,
                    GnoFnoComparison.DEFAULT_TEST);
            GnoFnoComparison.Budget b = GnoFnoComparison.defaultBudget(SEED);
            GnoFnoComparison.Result r = GnoFnoComparison.run(new GraphKernelNetwork(GnoFnoComparison.defaultGno(SEED)),
                    GnoFnoComparison.defaultFno(), data[0], data[1], b);
            int m = b.nodes();
            ExperimentResult.Builder out = ExperimentResult.builder(name(), description());
            out.row(MetricRow.of("GNO test relative L2 on " + m + " nodes", r.gno().testErrorM()));
            out.row(MetricRow.of("GNO test relative L2 on " + 2 * m + " nodes", r.gno().testError2M()));
            out.row(MetricRow.of("GNO test relative L2 on all nodes", r.gno().testErrorAll()));
            out.row(MetricRow.of("FNO test relative L2 on the same " + m + "-node subsets", r.fnoErrorM()));
            out.row(MetricRow.of("FNO test relative L2 on all nodes", r.fnoErrorAll()));
            out.row(MetricRow.of("mesh independence: GNO error on " + 2 * m + " / on " + m + " nodes", r.gno().testError2M() / r.gno().testErrorM())
                    .withBound(Bound.atMost(1.2)));
            out.row(MetricRow.of("GNO / FNO on " + m + " nodes", r.ratioM()).withBound(Bound.atMost(2))
                    .withReference(0.0346 / 0.0108, ReferenceSource.PAPER, "FNO paper, Darcy s = 85: GNO 0.0346 / FNO 0.0108"));
            out.row(MetricRow.of("GNO / FNO on all nodes", r.ratioAll()).withBound(Bound.atMost(2)));
            out.row(MetricRow.of("GNO training seconds", r.gno().trainSeconds()));
            out.row(MetricRow.of("FNO training seconds", r.fnoSeconds()));
            out.note("Both models see the same 100 fields for 12 epochs in batches of 2; the GNO takes " + b.nodeSamplings()
                    + " steps per batch, each on a fresh subset of " + m + " nodes, the FNO one step on the full grid.");
            return out.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
