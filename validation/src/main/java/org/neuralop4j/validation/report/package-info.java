/**
 * Experiments and their reports: an {@link org.neuralop4j.validation.report.Experiment} measures metrics, each
 * compared with a reference (paper, public log, analytic value, NumPy re-implementation) and checked against a
 * bound; {@link org.neuralop4j.validation.report.ReportWriter} turns the results into {@code report.md},
 * {@code report.html} and {@code results.json}.
 */
package org.neuralop4j.validation.report;
