package org.neuralop4j.operators.fno;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.train.Trainer;

class FnoResumableTrainingTest {
    private static final FnoConfig CONFIG = FnoConfig.builder().modes(4).width(8).layers(2).projectionWidth(16).build();
    private static final int EPOCHS = 4;

    /** Thrown by the progress stream to stop a run in the middle, the way a killed process would stop it. */
    private static final class Interrupted extends RuntimeException {
        Interrupted() { super("simulated interruption"); }
    }

    /** Progress output that throws once it has printed the line of epoch {@code stopAfter}. */
    private static PrintStream interruptingAfterEpoch(int stopAfter) {
        StringBuilder seen = new StringBuilder();
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                seen.append((char) b);
                if (b == '\n' && seen.indexOf("epoch " + stopAfter + "/" + EPOCHS) >= 0) throw new Interrupted();
            }
        }, true, StandardCharsets.UTF_8);
    }

    private static LabeledData data(long seed) {
        return new LabeledData(Tensor.randn(seed, 12, 1, 32), Tensor.randn(seed + 100, 12, 1, 32));
    }

    private static FnoTraining.Options options() {
        return FnoTraining.Options.defaults().withEpochs(EPOCHS).withBatchSize(4).withLearningRate(3e-3).withSeed(3);
    }

    @Test
    void anInterruptedRunContinuesToTheSameBitsAsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        LabeledData train = data(1), test = data(2);
        FnoTraining.Result whole = FnoTraining.trainResumable(CONFIG, train, test, options(), dir.resolve("whole"));
        assertEquals(0, whole.resumedFromEpoch());

        Path runDir = dir.resolve("interrupted");
        assertThrows(Interrupted.class, () -> FnoTraining.trainResumable(CONFIG, train, test,
                options().withProgress(interruptingAfterEpoch(2)), runDir));
        assertTrue(Files.exists(runDir.resolve(Trainer.LAST)), "the completed epochs must be on disk");
        FnoTraining.Result resumed = FnoTraining.trainResumable(CONFIG, train, test, options(), runDir);

        assertEquals(2, resumed.resumedFromEpoch());
        assertEquals(EPOCHS, resumed.history().epochs().size());
        Map<String, Tensor> a = whole.model().stateDict(), b = resumed.model().stateDict();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k).data(), b.get(k).data(), 0.0, k);
        assertEquals(whole.testMetrics(), resumed.testMetrics());
        for (int e = 0; e < EPOCHS; e++)
            assertEquals(whole.history().epochs().get(e).trainLoss(), resumed.history().epochs().get(e).trainLoss(), 0.0);
        assertTrue(resumed.trainingSeconds() > 0);
    }

    @Test
    void aDirectoryHoldingAnotherRunIsRefusedAndLeftAsItWas(@TempDir Path dir) throws Exception {
        LabeledData train = data(1), test = data(2);
        FnoTraining.trainResumable(CONFIG, train, test, options(), dir);
        byte[] checkpoint = Files.readAllBytes(dir.resolve(Trainer.LAST));
        String description = Files.readString(dir.resolve(FnoTraining.RUN_FILE));

        IllegalStateException otherSeed = assertThrows(IllegalStateException.class,
                () -> FnoTraining.trainResumable(CONFIG, train, test, options().withSeed(4), dir));
        assertTrue(otherSeed.getMessage().contains("different run"), otherSeed.getMessage());
        LabeledData changed = new LabeledData(train.inputs().copy(), train.targets());
        changed.inputs().data()[5] = Math.nextUp(changed.inputs().data()[5]); // one bit of the data differs
        assertThrows(IllegalStateException.class, () -> FnoTraining.trainResumable(CONFIG, changed, test, options(), dir));

        assertArrayEquals(checkpoint, Files.readAllBytes(dir.resolve(Trainer.LAST)));
        assertEquals(description, Files.readString(dir.resolve(FnoTraining.RUN_FILE)));
    }

    @Test
    void checkpointsWithoutADescriptionAreRefused(@TempDir Path dir) throws Exception {
        FnoTraining.train(CONFIG, data(1), null, options().withEpochs(1).withOutputDir(dir));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FnoTraining.trainResumable(CONFIG, data(1), null, options(), dir));
        assertTrue(e.getMessage().contains(FnoTraining.RUN_FILE), e.getMessage());
    }
}
