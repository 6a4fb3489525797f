package org.neuralop4j.validation.operators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.Split;
import org.neuralop4j.operators.nkn.NknDepthStudy;
import org.neuralop4j.validation.plot.Plots;
import org.neuralop4j.validation.plot.Series;
import org.neuralop4j.validation.report.Bound;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.ExperimentContext;
import org.neuralop4j.validation.report.ExperimentResult;
import org.neuralop4j.validation.report.MetricRow;
import org.neuralop4j.validation.report.RunMode;

/**
 * The nonlocal kernel network's stability in depth (You et al., J. Comput. Phys. 2022, arXiv:2201.02217), as
 * {@code bench nkn-depth} runs it: on Burgers16's final time (100 training, 200 test samples), the shared-parameter
 * NKN trained shallow-to-deep at depths 4, 8, 16, 32 beside an unshared FNO-style stack of the same width trained
 * from scratch for the same cumulative steps. Bounds: the NKN's error at depth 32 is at most 1.1 times its error at
 * depth 4, and its training stays finite at every depth. The baseline is reported, not bounded.
 */
public final class NknDepthExperiment implements Experiment {
    static final int TRAIN = 100, TEST = 200, WIDTH = 16, STEPS = 50;
    static final double LEARNING_RATE = 3e-3;

    @Override
    public String name() { return "nkn-depth"; }

    @Override
    public String description() {
        return "NKN (shared layers, shallow-to-deep) vs an unshared stack at depths 4, 8, 16, 32 on Burgers16's final time: test relative L2.";
    }

    @Override
    public Set<RunMode> modes() { return EnumSet.of(RunMode.FULL); }

    @Override
    public ExperimentResult run(ExperimentContext ctx) {
        try {
            LabeledData train = NknDepthStudy.burgersFinalTime(Split.TRAIN, TRAIN), test = NknDepthStudy.burgersFinalTime(Split.TEST, TEST);
            ctx.progress("training depths 4 to 32, " + STEPS + " full-batch steps per depth");
            List<NknDepthStudy.Row> rows = NknDepthStudy.run(NknDepthStudy.config(WIDTH, ctx.seed()), NknDepthStudy.DEPTHS, STEPS,
                    LEARNING_RATE, train, test, true);
            ExperimentResult.Builder out = ExperimentResult.builder(name(), description());
            int finite = 0;
            for (NknDepthStudy.Row r : rows) {
                out.row(MetricRow.of("NKN test relative L2, depth " + r.depth(), r.nknTestError()));
                out.row(MetricRow.of("unshared stack test relative L2, depth " + r.depth(), r.baselineTestError()));
                if (r.nknFinite()) finite++;
            }
            double growth = rows.get(rows.size() - 1).nknTestError() / rows.get(0).nknTestError();
            out.row(MetricRow.of("NKN error at depth 32 / error at depth 4", growth).withBound(Bound.atMost(1.1)));
            out.row(MetricRow.of("NKN depths whose training stayed finite", finite).withBound(Bound.atLeast(rows.size())));
            double[] depths = new double[rows.size()], nkn = new double[rows.size()], stack = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                depths[i] = rows.get(i).depth();
                nkn[i] = rows.get(i).nknTestError();
                stack[i] = rows.get(i).baselineTestError();
            }
            out.figure(ctx.relative(Plots.logLog(ctx.figure("nkn-depth.png"), "Test relative L2 against depth (Burgers16, final time)",
                    "depth (layers)", "test relative L2", List.of(new Series("NKN, shared layers, shallow-to-deep", depths, nkn),
                            new Series("unshared stack, trained from scratch", depths, stack)))));
            out.note("Unshared stack runs that diverge or collapse report NaN or 1.0; they are the comparison, not a bound.");
            return out.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
