package org.neuralop4j.validation.report;

import java.util.Set;

/**
 * A reproducible measurement for {@code neuralop4j reproduce}: it computes metrics, compares them with references
 * and bounds, and may write figures. Implementations must be deterministic for a given
 * {@link ExperimentContext#seed()} and scale their work by {@link ExperimentContext#mode()}.
 */
public interface Experiment {
    /** @return a short unique name, lower-case with dashes (used by {@code --only}) */
    String name();

    /** @return one line saying what is measured and why */
    String description();

    /** @return the run modes that include this experiment */
    Set<RunMode> modes();

    /**
     * Runs the experiment. An exception marks it failed in the report (other experiments still run).
     * @param ctx output locations, mode, seed and progress reporting
     * @return the measured rows, figures and notes
     */
    ExperimentResult run(ExperimentContext ctx) throws Exception;
}
