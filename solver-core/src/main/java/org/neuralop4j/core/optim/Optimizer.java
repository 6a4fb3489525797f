package org.neuralop4j.core.optim;

import java.util.List;
import java.util.Map;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.nn.Parameter;

/**
 * Updates parameters in place from their accumulated gradients. Parameters without a gradient are skipped
 * (PyTorch semantics). The optimizer's internal state (moments, step counts, learning rate) can be saved and
 * restored as named tensors for checkpoints, so a resumed run continues exactly.
 */
public interface Optimizer {
    /** Applies one update to every parameter that has a gradient. */
    void step();

    /** Clears every parameter's gradient. */
    default void zeroGrad() {
        for (Parameter p : parameters()) p.zeroGrad();
    }

    /** @return the parameters, in the order their state is keyed by ({@code param.<index>.<name>}) */
    List<Parameter> parameters();

    /** @return the current learning rate */
    double learningRate();

    /** Sets the learning rate used by later steps (schedules call this). */
    void setLearningRate(double lr);

    /** @return a copy of the internal state, including the learning rate, as named tensors */
    Map<String, Tensor> stateDict();

    /**
     * Restores state saved by {@link #stateDict()} of an optimizer of the same kind over parameters of the same
     * shapes. @throws IllegalArgumentException naming a missing or wrongly shaped entry
     */
    void loadStateDict(Map<String, Tensor> state);
}
