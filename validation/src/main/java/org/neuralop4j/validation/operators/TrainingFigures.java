package org.neuralop4j.validation.operators;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neuralop4j.core.train.EpochMetrics;
import org.neuralop4j.core.train.TrainingHistory;
import org.neuralop4j.validation.plot.Plots;

/** The training-curve figure every model experiment draws: train loss and test relative L2 per epoch. */
final class TrainingFigures {
    private TrainingFigures() {}

    static Path curves(Path file, String title, TrainingHistory history) {
        int n = history.size();
        double[] train = new double[n], test = new double[n];
        for (int i = 0; i < n; i++) {
            EpochMetrics e = history.epochs().get(i);
            train[i] = e.trainLoss();
            Double v = e.validation().get("relative_l2");
            test[i] = v == null ? Double.NaN : v;
        }
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("train loss (relative L2)", train);
        curves.put("test relative L2", test);
        return Plots.trainingCurves(file, title, curves);
    }
}
