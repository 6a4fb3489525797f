package org.neuralop4j.core.train;

/**
 * Progress of one optimizer step, handed to {@link TrainingCallback#onBatchEnd}.
 *
 * @param epoch        1-based epoch
 * @param batch        1-based batch within the epoch
 * @param batches      number of batches per epoch
 * @param loss         this batch's training loss (before the update)
 * @param learningRate learning rate of the step
 */
public record BatchInfo(int epoch, int batch, int batches, double loss, double learningRate) {}
