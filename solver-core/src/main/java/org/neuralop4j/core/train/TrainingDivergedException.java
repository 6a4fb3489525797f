package org.neuralop4j.core.train;

/**
 * Training produced a NaN or infinite loss or gradient. Thrown before the optimizer step, so parameters hold the
 * values that produced the bad batch and checkpoints on disk are the last good ones.
 */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final int batch;

    /**
     * @param epoch   1-based epoch
     * @param batch   1-based batch within the epoch
     * @param message what was not finite, and where the last good checkpoint is
     */
    public TrainingDivergedException(int epoch, int batch, String message) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** @return the 1-based epoch of the failing batch */
    public int epoch() { return epoch; }

    /** @return the 1-based batch index within the epoch */
    public int batch() { return batch; }
}
