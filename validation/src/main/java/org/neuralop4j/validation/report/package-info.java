/**
 * Experiments and their reports: an {@link org.neuralop4j.validation.report.Experiment} measures metrics, each
 * compared with a reference (paper, public log, analytic value, NumPy re-implementation) and checked against a
 * bound; {@link org.neuralop4j.validation.report.ReportWriter} turns the results into {@code report.md},
 * {@code report.html} and {@code results.json}.
 *
 * <p>Adding an experiment: implement {@code Experiment} and list it in
 * {@code org.neuralop4j.validation.reproduce.ExperimentRegistry#standard()}.
 * <pre>{@code
 * final class Darcy16Fno implements Experiment {
 *     public String name() { return "darcy16-fno"; }
 *     public String description() { return "FNO on Darcy 16x16: test relative L2 error against the paper."; }
 *     public Set<RunMode> modes() { return EnumSet.allOf(RunMode.class); }
 *     public ExperimentResult run(ExperimentContext ctx) {
 *         double err = ...;                                          // train/evaluate, sized by ctx.mode()
 *         Path fig = Plots.predictionTruthError2d(ctx.figure("sample0.png"), "Darcy sample 0", pred, truth);
 *         return ExperimentResult.builder(name(), description())
 *                 .row(MetricRow.of("test relative L2", err)
 *                         .withReference(paperValue, ReferenceSource.PAPER, "<paper, arXiv id, table>")
 *                         .withBound(Bound.atMost(acceptedError)))
 *                 .figure(ctx.relative(fig))
 *                 .build();
 *     }
 * }
 * }</pre>
 * A row without a bound is informational; an exception marks the experiment failed without stopping the run.
 */
package org.neuralop4j.validation.report;
