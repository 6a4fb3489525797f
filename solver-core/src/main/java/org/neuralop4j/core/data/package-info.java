/**
 * Supervised data sets and their evaluation: {@link org.neuralop4j.core.data.LabeledData} (inputs, targets,
 * auxiliary arrays, string metadata; loaded from and saved to {@code .npz}), loaders for the public neural-operator
 * benchmarks in {@link org.neuralop4j.core.data.PublicData}, and plain error measures in
 * {@link org.neuralop4j.core.data.Metrics} (relative L2 and H1 per sample, MSE). Fields are channels-first,
 * {@code (N, C, x[, y[, z]])}.
 */
package org.neuralop4j.core.data;
