package org.neuralop4j.operators.fno;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.PublicData;
import org.neuralop4j.core.data.Split;
import org.neuralop4j.core.pde.data.BurgersDataset;
import org.neuralop4j.core.pde.data.DarcyDataset;
import org.neuralop4j.core.pde.data.ProgressListener;

/**
 * The FNO accuracy runs, as library calls: the public neuraloperator sets, and the FNO paper's generated Burgers
 * and Darcy problems with their settings (the {@code reproduce} command and the README numbers come from here).
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

    /** The Burgers16 training settings: batch 32, Adam 2e-3 halved every {@code epochs / 3} epochs, normalised input and output. */
    public static FnoTraining.Options burgers16Options(long seed, int epochs) {
        return FnoTraining.Options.defaults().withEpochs(epochs).withBatchSize(32).withLearningRate(2e-3)
                .withSchedule(Math.max(1, epochs / 3), 0.5).withNormalization(true, true).withSeed(seed);
    }

    /**
     * Trains a 2-D FNO (width 24, modes 8, 4 layers) on Burgers16 (800 samples) for {@code epochs} epochs, batch 32,
     * Adam 2e-3 halved every {@code epochs / 3} epochs (30 epochs: test relative L2 0.0070, see FNO.md).
     * @return {@code test_relative_l2}, {@code test_relative_h1}, {@code final_train_loss}, {@code seconds}
     */
    public static Map<String, Double> burgers16(long seed, int epochs, Path outputDir) throws IOException {
        FnoTraining.Options o = burgers16Options(seed, epochs).withOutputDir(outputDir);
        FnoTraining.Result r = FnoTraining.train(darcy16Config(), burgers16(Split.TRAIN), burgers16(Split.TEST), o);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("test_relative_l2", r.testMetrics().get("relative_l2"));
        m.put("test_relative_h1", r.testMetrics().get("relative_h1"));
        m.put("final_train_loss", r.history().last().trainLoss());
        m.put("seconds", r.seconds());
        return m;
    }

    /**
     * Generated viscous Burgers, the FNO paper's problem ({@link BurgersDataset#fno()}: nu = 0.1, T = 1, 8192 solver
     * points saved at s = 1024): {@code u0 (N, 1, 1024) -> u(., 1) (N, 1, 1024)}, the fields of
     * {@code generate burgers --n n --seed seed}.
     */
    public static LabeledData generatedBurgers(int n, long seed, ProgressListener progress) {
        Map<String, Tensor> d = BurgersDataset.fno().generate(n, seed, progress);
        return new LabeledData(d.get("a"), d.get("u"));
    }

    /**
     * Generated Darcy flow, the FNO paper's problem ({@link DarcyDataset#fno(int)}: piecewise-constant coefficient 12/3
     * from a thresholded Gaussian field, unit forcing, zero boundary values): {@code a (N, 1, s, s) -> u (N, 1, s, s)},
     * the fields of {@code generate darcy --n n --resolution s --seed seed}.
     */
    public static LabeledData generatedDarcy(int resolution, int n, long seed, ProgressListener progress) {
        Map<String, Tensor> d = DarcyDataset.fno(resolution).generate(n, seed, progress);
        return new LabeledData(d.get("a"), d.get("u"));
    }

    /** A 1-D FNO for Burgers at s = 1024: 16 modes, 4 layers, the given width (the paper: 64). */
    public static FnoConfig burgersConfig(int width) { return FnoConfig.builder().modes(16).width(width).layers(4).build(); }

    /** The paper's 2-D FNO for Darcy at s = 85: width 32, 12 x 12 modes, 4 layers. */
    public static FnoConfig darcy85Config() { return FnoConfig.builder().modes(12, 12).width(32).layers(4).build(); }

    /**
     * The FNO paper's training settings (Li et al., ICLR 2021, arXiv:2010.08895, section 5): 500 epochs, batch 20,
     * Adam 1e-3 with weight decay 1e-4, halved every 100 epochs; outputs normalised, inputs too when
     * {@code normalizeInput} (the paper normalises Darcy's coefficient, not Burgers' initial condition).
     */
    public static FnoTraining.Options paperOptions(long seed, boolean normalizeInput) {
        return FnoTraining.Options.defaults().withEpochs(500).withBatchSize(20).withLearningRate(1e-3).withWeightDecay(1e-4)
                .withSchedule(100, 0.5).withNormalization(normalizeInput, true).withSeed(seed);
    }

    /**
     * The quick generated-Burgers variant (200 training fields, width 32): 25 epochs, batch 20, Adam 2e-3 with weight
     * decay 1e-4, halved every 10 epochs, outputs normalised (test relative L2 0.0043 in FNO.md).
     */
    public static FnoTraining.Options burgersQuickOptions(long seed) {
        return paperOptions(seed, false).withEpochs(25).withLearningRate(2e-3).withSchedule(10, 0.5);
    }
}
