package org.neuralop4j.operators.fno;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.PublicData;
import org.neuralop4j.core.data.Split;

/**
 * The FNO accuracy runs on the public neuraloperator sets, as library calls that return their metrics (the
 * {@code reproduce} command and the README numbers come from here).
 */
public final class FnoExperiments {
    private FnoExperiments() {}

    /** The Darcy16 architecture: 2-D FNO, width 24, modes 8, 4 layers. */
    public static FnoConfig darcy16Config() { return FnoConfig.builder().modes(8, 8).width(24).layers(4).build(); }

    /** The Darcy16 training settings: 30 epochs, batch 32, Adam 1e-3, weight decay 1e-4, halved every 10 epochs, normalised input and output. */
    public static FnoTraining.Options darcy16Options(long seed) {
        return FnoTraining.Options.defaults().withEpochs(30).withBatchSize(32).withLearningRate(DARCY_LR).withSchedule(10, 0.5)
                .withNormalization(true, true).withSeed(seed);
    }

    static final double DARCY_LR = 5e-3;

    /**
     * Trains on Darcy16 (1000 samples, 16x16) and evaluates on its 50 test samples and, zero-shot, on the 32x32 test set.
     * @param outputDir where the Trainer's files and the model go, or {@code null}
     * @return {@code test16_relative_l2}, {@code test16_relative_h1}, {@code test32_relative_l2} (zero-shot),
     *         {@code final_train_loss}, {@code parameters}, {@code seconds}
     */
    public static Map<String, Double> darcy16(long seed, Path outputDir) throws IOException {
        LabeledData train = PublicData.darcy16(Split.TRAIN), test = PublicData.darcy16(Split.TEST);
        FnoTraining.Result r = FnoTraining.train(darcy16Config(), train, test, darcy16Options(seed).withOutputDir(outputDir));
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("test16_relative_l2", r.testMetrics().get("relative_l2"));
        m.put("test16_relative_h1", r.testMetrics().get("relative_h1"));
        m.put("test32_relative_l2", FnoTraining.evaluate(r.model(), PublicData.darcy32Test(), 50).get("relative_l2"));
        m.put("final_train_loss", r.history().last().trainLoss());
        m.put("parameters", (double) r.model().numParameters());
        m.put("seconds", r.seconds());
        return m;
    }

    /** Burgers16 as a 2-D space-time problem: the initial condition repeated over the 17 time rows -> the (17, 16) field. */
    public static LabeledData burgers16(Split split) throws IOException {
        LabeledData d = PublicData.burgers16(split);
        return FnoData.channelsFirst(d.inputs(), d.targets());
    }

    /**
     * Trains a 2-D FNO (width 24, modes 8, 4 layers) on Burgers16 (800 samples) for {@code epochs} epochs, batch 32.
     * @return {@code test_relative_l2}, {@code test_relative_h1}, {@code final_train_loss}, {@code seconds}
     */
    public static Map<String, Double> burgers16(long seed, int epochs, Path outputDir) throws IOException {
        FnoTraining.Options o = FnoTraining.Options.defaults().withEpochs(epochs).withBatchSize(32).withLearningRate(DARCY_LR)
                .withSchedule(Math.max(1, epochs / 3), 0.5).withNormalization(true, true).withSeed(seed).withOutputDir(outputDir);
        FnoTraining.Result r = FnoTraining.train(darcy16Config(), burgers16(Split.TRAIN), burgers16(Split.TEST), o);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("test_relative_l2", r.testMetrics().get("relative_l2"));
        m.put("test_relative_h1", r.testMetrics().get("relative_h1"));
        m.put("final_train_loss", r.history().last().trainLoss());
        m.put("seconds", r.seconds());
        return m;
    }
}
