package org.neuralop4j.core.train;

/** Hooks the {@link Trainer} calls on the training thread; both do nothing by default. */
public interface TrainingCallback {
    /** After each optimizer step. */
    default void onBatchEnd(BatchInfo info) {}

    /** After each epoch's validation and checkpointing. {@code history} holds every epoch so far, this one last. */
    default void onEpochEnd(EpochMetrics metrics, TrainingHistory history) {}
}
