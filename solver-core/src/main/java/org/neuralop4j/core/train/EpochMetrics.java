package org.neuralop4j.core.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch produced.
 *
 * @param epoch        1-based epoch number
 * @param trainLoss    training loss averaged over the epoch's samples ({@code sum_b n_b L_b / N}, {@code L_b} the
 *                     loss of batch {@code b} with {@code n_b} samples, measured before that batch's update)
 * @param validation   metric name to value on the held-out set (empty without one), in the order the metrics were given
 * @param learningRate learning rate used during the epoch
 * @param seconds      wall-clock time of the epoch including validation
 */
public record EpochMetrics(int epoch, double trainLoss, Map<String, Double> validation, double learningRate, double seconds) {
    /** Copies {@code validation} into an unmodifiable map that keeps its order. */
    public EpochMetrics {
        validation = Collections.unmodifiableMap(new LinkedHashMap<>(validation));
    }
}
