/**
 * {@code neuralop4j reproduce}: the registry of experiments ({@link org.neuralop4j.validation.reproduce.ExperimentRegistry},
 * the one place every module's experiments are listed), the runner that executes them and writes the report, and
 * the experiments that need no trained model (stability-search sanity, FFT checks, gradient checks, convergence orders).
 */
package org.neuralop4j.validation.reproduce;
