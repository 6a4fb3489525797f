/**
 * The training loop: {@link org.neuralop4j.core.train.Trainer} (seeded mini-batching, schedules, validation,
 * callbacks, progress, metrics files, atomic checkpoints with exact resume, early stop on NaN/Inf),
 * {@link org.neuralop4j.core.train.Loss} choices, the {@link org.neuralop4j.core.train.Checkpoint} file format and
 * the data normaliser {@link org.neuralop4j.core.train.UnitGaussianNormalizer}.
 */
package org.neuralop4j.core.train;
