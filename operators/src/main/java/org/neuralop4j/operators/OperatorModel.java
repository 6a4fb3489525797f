package org.neuralop4j.operators;

import java.util.LinkedHashMap;
import org.neuralop4j.core.Tensor;

/**
 * A neural operator that can be written to a checkpoint and rebuilt from it alone: its type name, its
 * hyper-parameters as JSON, and its named weights. {@link OperatorModels#save} stores the weights as safetensors and
 * the type and configuration in the file's {@code __metadata__} ({@code "model"}, {@code "config"}).
 */
public interface OperatorModel {
    /** @return the model type, e.g. {@code "deeponet"}; the key {@link OperatorModels#load} dispatches on */
    String modelType();

    /** @return the hyper-parameters as a JSON object (with a {@code "model"} entry equal to {@link #modelType()}) */
    String configJson();

    /** @return copies of the weights keyed by hierarchical parameter name */
    LinkedHashMap<String, Tensor> stateDict();
}
