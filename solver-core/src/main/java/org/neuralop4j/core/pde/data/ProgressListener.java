package org.neuralop4j.core.pde.data;

/** Receives generation progress; called from worker threads, so implementations must be thread-safe. */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores all progress. */
    ProgressListener NONE = (done, total) -> { };

    /**
     * @param done  samples finished so far (each value from 1 to total is reported once, not necessarily in order)
     * @param total samples requested
     */
    void update(int done, int total);
}
