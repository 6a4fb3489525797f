package org.neuralop4j.core.nn;

import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradMode;
import org.neuralop4j.core.autodiff.Var;

/** A single-input differentiable model: what the trainer fits and what inference calls. */
@FunctionalInterface
public interface Model {
    /** Builds the prediction for a batch (axis 0 is the sample axis); records a graph when grad mode is on. */
    Var forward(Var x);

    /** Inference without a graph: {@code forward} under {@link GradMode#noGrad()}. {@code x} is not modified. */
    default Tensor predict(Tensor x) {
        try (GradMode.Scope s = GradMode.noGrad()) {
            return forward(Var.constant(x)).value();
        }
    }
}
