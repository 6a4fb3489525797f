package org.neuralop4j.validation.reproduce;

import java.util.EnumSet;
import java.util.Set;
import org.neuralop4j.validation.bounds.GradCheckRegistry;
import org.neuralop4j.validation.report.Bound;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.ExperimentContext;
import org.neuralop4j.validation.report.ExperimentResult;
import org.neuralop4j.validation.report.MetricRow;
import org.neuralop4j.validation.report.ReferenceSource;
import org.neuralop4j.validation.report.RunMode;

/** Runs every check of {@link StandardGradChecks}: back-propagated gradients against central differences. */
final class GradientChecksExperiment implements Experiment {
    @Override
    public String name() { return "gradient-checks"; }

    @Override
    public String description() {
        return "Vector-Jacobian products of the registered ops and models against central finite differences (h = 1e-5).";
    }

    @Override
    public Set<RunMode> modes() { return EnumSet.allOf(RunMode.class); }

    @Override
    public ExperimentResult run(ExperimentContext ctx) {
        ExperimentResult.Builder out = ExperimentResult.builder(name(), description());
        GradCheckRegistry reg = StandardGradChecks.registry();
        for (String n : reg.names()) {
            ctx.progress(n);
            GradCheckRegistry.Outcome o = reg.run(n);
            if (o.failure() != null) out.note(n + " threw " + o.failure());
            out.row(MetricRow.of(n + ": max relative gradient error", o.maxError())
                    .withReference(0, ReferenceSource.ANALYTIC, "central differences are exact to O(h^2)")
                    .withBound(Bound.atMost(o.tolerance())));
        }
        return out.build();
    }
}
