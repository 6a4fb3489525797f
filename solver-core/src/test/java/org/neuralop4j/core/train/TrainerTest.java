package org.neuralop4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.Losses;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.core.nn.Linear;
import org.neuralop4j.core.nn.MLP;
import org.neuralop4j.core.nn.Model;
import org.neuralop4j.core.nn.Module;
import org.neuralop4j.core.nn.Parameter;
import org.neuralop4j.core.optim.Adam;
import org.neuralop4j.core.optim.AdamW;
import org.neuralop4j.core.optim.LrSchedule;
import org.neuralop4j.core.optim.SGD;

class TrainerTest {
    /** y = (sin(pi x0), x0 x1) on [-1, 1]^2. */
    static Tensor[] data(long seed, int n) {
        Tensor x = Tensor.rand(seed, -1, 1, n, 2);
        Tensor y = Tensor.zeros(n, 2);
        for (int i = 0; i < n; i++) {
            y.set(Math.sin(Math.PI * x.get(i, 0)), i, 0);
            y.set(x.get(i, 0) * x.get(i, 1), i, 1);
        }
        return new Tensor[] {x, y};
    }

    static MLP mlp(long seed) { return new MLP(new int[] {2, 16, 16, 2}, Activation.TANH, false, seed); }

    static Trainer.Builder quietBuilder(MLP m, int epochs) {
        return Trainer.builder(m).loss(Loss.mse()).optimizer(new Adam(m.parameters(), 0.01)).epochs(epochs)
                .batchSize(16).seed(3).quiet(true);
    }

    @Test
    void fitsWritesMetricsAndCheckpoints(@TempDir Path dir) throws Exception {
        Tensor[] tr = data(1, 128), va = data(2, 40);
        MLP m = mlp(5);
        TrainingHistory h = Trainer.builder(m).loss(Loss.mse()).optimizer(new Adam(m.parameters(), 0.02)).epochs(20).batchSize(8)
                .seed(3).quiet(true).validation(va[0], va[1]).metric("mse", Loss.mse()).metric("relL2", Loss.relativeL2())
                .outputDir(dir).checkpointEvery(5).build().fit(tr[0], tr[1]);
        assertEquals(20, h.size());
        EpochMetrics first = h.epochs().get(0), end = h.last();
        assertTrue(end.trainLoss() < 0.2 * first.trainLoss(), "training loss did not decrease enough: " + h.toCsv());
        assertTrue(end.validation().get("mse") < 0.3 * first.validation().get("mse"), "validation error did not decrease: " + h.toCsv());
        List<String> csv = Files.readAllLines(dir.resolve(Trainer.METRICS_CSV));
        assertEquals("epoch,train_loss,val_mse,val_relL2,lr,seconds", csv.get(0));
        assertEquals(21, csv.size());
        TrainingHistory fromJson = TrainingHistory.fromJson(Files.readString(dir.resolve(Trainer.METRICS_JSON)), null);
        assertEquals(h.last().validation(), fromJson.last().validation());
        assertEquals(h.last().trainLoss(), fromJson.last().trainLoss(), 0.0);

        Checkpoint last = Checkpoint.read(dir.resolve(Trainer.LAST));
        assertEquals(20, last.epoch()); // written at epochs 5, 10, 15, 20
        assertEquals(20, last.history().size());
        MLP restored = mlp(99);
        Checkpoint.loadModel(dir.resolve(Trainer.LAST), restored);
        assertEquals(m.predict(va[0]), restored.predict(va[0]));
        // best checkpoint: the epoch with the smallest first metric
        int bestEpoch = 1;
        for (EpochMetrics e : h.epochs()) if (e.validation().get("mse") < h.epochs().get(bestEpoch - 1).validation().get("mse")) bestEpoch = e.epoch();
        assertEquals(bestEpoch, Checkpoint.read(dir.resolve(Trainer.BEST)).epoch());
    }

    @Test
    void validationMetricIsTheMetricOfTheWholeSetAndRecordsNoGraph() {
        Tensor[] tr = data(1, 64), va = data(2, 37);
        MLP m = mlp(5);
        Trainer t = quietBuilder(m, 2).validation(va[0], va[1]).metric("relL2", Loss.relativeL2()).build();
        t.fit(tr[0], tr[1]);
        m.zeroGrad();
        Map<String, Double> val = t.evaluate(va[0], va[1]);
        double direct = Losses.relativeL2(Var.constant(m.predict(va[0])), Var.constant(va[1])).value().item();
        assertEquals(direct, val.get("relL2"), 1e-14);
        for (Parameter p : m.parameters()) assertNull(p.grad());
    }

    @Test
    void resumeGivesTheSameBitsAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Tensor[] tr = data(1, 50), va = data(2, 20);
        MLP full = mlp(5);
        Trainer.Builder b1 = Trainer.builder(full).loss(Loss.relativeL2()).optimizer(new AdamW(full.parameters(), 0.02))
                .schedule(LrSchedule.cosine(6, 1e-4)).epochs(6).batchSize(8).seed(11).quiet(true).validation(va[0], va[1]);
        TrainingHistory hFull = b1.build().fit(tr[0], tr[1]);

        MLP part = mlp(5);
        Trainer crashing = Trainer.builder(part).loss(Loss.relativeL2()).optimizer(new AdamW(part.parameters(), 0.02))
                .schedule(LrSchedule.cosine(6, 1e-4)).epochs(6).batchSize(8).seed(11).quiet(true).validation(va[0], va[1])
                .outputDir(dir).callback(new TrainingCallback() {
                    @Override
                    public void onEpochEnd(EpochMetrics m, TrainingHistory h) {
                        if (m.epoch() == 3) throw new IllegalStateException("simulated crash after epoch 3");
                    }
                }).build();
        assertThrows(IllegalStateException.class, () -> crashing.fit(tr[0], tr[1]));
        assertEquals(3, Checkpoint.read(dir.resolve(Trainer.LAST)).epoch());

        MLP resumed = mlp(77); // different init: everything must come from the checkpoint
        TrainingHistory hRes = Trainer.builder(resumed).loss(Loss.relativeL2()).optimizer(new AdamW(resumed.parameters(), 0.02))
                .schedule(LrSchedule.cosine(6, 1e-4)).epochs(6).batchSize(8).seed(11).quiet(true).validation(va[0], va[1])
                .build().resume(dir.resolve(Trainer.LAST), tr[0], tr[1]);
        assertEquals(6, hRes.size());
        Map<String, Tensor> a = full.stateDict(), b = resumed.stateDict();
        for (String k : a.keySet()) assertArrayEquals(a.get(k).data(), b.get(k).data(), 0.0, k);
        for (int e = 0; e < 6; e++) {
            assertEquals(hFull.epochs().get(e).trainLoss(), hRes.epochs().get(e).trainLoss(), 0.0);
            assertEquals(hFull.epochs().get(e).learningRate(), hRes.epochs().get(e).learningRate(), 0.0);
            assertEquals(hFull.epochs().get(e).validation(), hRes.epochs().get(e).validation());
        }
        // a checkpoint of another optimizer kind is refused
        MLP other = mlp(1);
        Trainer sgd = Trainer.builder(other).loss(Loss.mse()).optimizer(new SGD(other.parameters(), 0.1)).epochs(6).quiet(true).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.resume(dir.resolve(Trainer.LAST), tr[0], tr[1]));
        assertTrue(e.getMessage().contains("AdamW"), e.getMessage());
    }

    @Test
    void divergingLossStopsBeforeTheStepAndKeepsTheLastCheckpoint(@TempDir Path dir) throws Exception {
        Tensor x = Tensor.randn(4, 32, 1);
        Tensor y = x.scale(1e140); // initial loss ~1e280
        Linear lin = new Linear(1, 1, 8);
        // lr 5 on a quadratic with curvature ~2: every step multiplies the error by about -9 until the loss overflows
        Trainer t = Trainer.builder(lin).loss(Loss.mse()).optimizer(new SGD(lin.parameters(), 5.0)).epochs(10_000)
                .batchSize(8).seed(1).quiet(true).outputDir(dir).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.fit(x, y));
        assertTrue(e.getMessage().contains("epoch " + e.epoch() + ", batch " + e.batch()), e.getMessage());
        assertTrue(e.getMessage().contains("loss is"), e.getMessage());
        assertTrue(e.getMessage().contains(Trainer.LAST), e.getMessage());
        assertTrue(e.epoch() > 1 && e.epoch() < 10_000);
        for (Parameter p : lin.parameters()) assertTrue(p.value().isFinite(), "the bad step must not have been taken");
        Checkpoint last = Checkpoint.read(dir.resolve(Trainer.LAST));
        assertEquals(e.epoch() - 1, last.epoch());
        for (Tensor v : last.model().values()) assertTrue(v.isFinite());
        for (Tensor v : last.optimizer().values()) assertTrue(v.isFinite());
        assertTrue(Double.isFinite(last.history().last().trainLoss()));
    }

    /** A module whose gradient is NaN at the start although its loss is finite: d sqrt(p)/dp at p = 0. */
    static final class SqrtScale extends Module implements Model {
        final Parameter p = registerParameter("p", Tensor.zeros(1));

        @Override
        public Var forward(Var x) { return Ops.mul(x, Ops.sqrt(p.var())); }
    }

    @Test
    void nonFiniteGradientNamesTheParameter() {
        SqrtScale m = new SqrtScale();
        Tensor x = Tensor.randn(4, 8, 1);
        Trainer t = Trainer.builder(m).loss(Loss.mse()).optimizer(new Adam(m.parameters(), 0.1)).epochs(3).batchSize(4).quiet(true).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.fit(x, x));
        assertEquals(1, e.epoch());
        assertEquals(1, e.batch());
        assertTrue(e.getMessage().contains("gradient of parameter 'p'"), e.getMessage());
        assertEquals(0.0, m.p.value().item(), 0.0);
    }

    @Test
    void bitIdenticalForOneAndTwoThreads() {
        int threads = Parallel.threads();
        try {
            // batches of 256 x width 256 exceed the elementwise grain, so the parallel paths really split
            Tensor x = Tensor.randn(21, 512, 8), y = Tensor.randn(22, 512, 4);
            List<Map<String, Tensor>> states = new ArrayList<>();
            for (int run = 0; run < 2; run++) {
                Parallel.setThreads(run + 1);
                MLP m = new MLP(new int[] {8, 256, 256, 4}, Activation.GELU, false, 5);
                Trainer.builder(m).loss(Loss.relativeL2()).optimizer(new Adam(m.parameters(), 1e-3)).epochs(2).batchSize(256)
                        .seed(2).quiet(true).build().fit(x, y);
                states.add(m.stateDict());
            }
            for (String k : states.get(0).keySet()) assertArrayEquals(states.get(0).get(k).data(), states.get(1).get(k).data(), 0.0, k);
            assertNotEquals(new MLP(new int[] {8, 256, 256, 4}, Activation.GELU, false, 5).stateDict().get("layers.0.weight"),
                    states.get(0).get("layers.0.weight"));
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void callbacksAndProgressOutput() {
        Tensor[] tr = data(1, 40);
        MLP m = mlp(5);
        List<BatchInfo> batches = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        Trainer.builder(m).loss(Loss.mse()).optimizer(new Adam(m.parameters(), 0.01)).epochs(3).batchSize(16)
                .progress(new PrintStream(lines, true, StandardCharsets.UTF_8), false)
                .callback(new TrainingCallback() {
                    @Override
                    public void onBatchEnd(BatchInfo info) { batches.add(info); }

                    @Override
                    public void onEpochEnd(EpochMetrics metrics, TrainingHistory history) {
                        epochs.add(metrics.epoch());
                        assertEquals(metrics, history.last());
                    }
                }).build().fit(tr[0], tr[1]);
        assertEquals(9, batches.size()); // 3 epochs x ceil(40 / 16)
        assertEquals(new BatchInfo(2, 3, 3, batches.get(5).loss(), 0.01), batches.get(5));
        assertEquals(List.of(1, 2, 3), epochs);
        String[] printed = lines.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, printed.length);
        assertTrue(printed[2].startsWith("epoch 3/3  train "), printed[2]);
        assertTrue(!lines.toString(StandardCharsets.UTF_8).contains("\r"));

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        MLP m2 = mlp(5);
        Trainer.builder(m2).loss(Loss.mse()).optimizer(new Adam(m2.parameters(), 0.01)).epochs(2).batchSize(16)
                .progress(new PrintStream(console, true, StandardCharsets.UTF_8), true).build().fit(tr[0], tr[1]);
        String c = console.toString(StandardCharsets.UTF_8);
        assertTrue(c.contains("\repoch 1/2 [") && c.contains(" it/s") && c.contains("ETA"), c);
        assertEquals(2, c.split("\n").length);

        ByteArrayOutputStream none = new ByteArrayOutputStream();
        MLP m3 = mlp(5);
        Trainer.builder(m3).loss(Loss.mse()).optimizer(new Adam(m3.parameters(), 0.01)).epochs(2).batchSize(16).quiet(true)
                .progress(new PrintStream(none, true, StandardCharsets.UTF_8), true).build().fit(tr[0], tr[1]);
        assertEquals(0, none.size());
        assertEquals("1:01:05", ProgressBar.formatDuration(3665));
        assertEquals("2:05", ProgressBar.formatDuration(125));
    }

    @Test
    void configurationErrors() {
        MLP m = mlp(1), other = mlp(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder(m).loss(Loss.mse()).optimizer(new Adam(other.parameters(), 0.1)).epochs(1).build());
        assertTrue(e.getMessage().contains("exactly the module's"));
        assertThrows(IllegalStateException.class, () -> Trainer.builder(m).optimizer(new Adam(m.parameters(), 0.1)).epochs(1).build());
        Trainer t = Trainer.builder(m).loss(Loss.mse()).optimizer(new Adam(m.parameters(), 0.1)).epochs(1).quiet(true).build();
        assertThrows(org.neuralop4j.core.ShapeMismatchException.class, () -> t.fit(Tensor.zeros(4, 2), Tensor.zeros(5, 2)));
        int[] p = Trainer.permutation(7, 3, 10), q = Trainer.permutation(7, 3, 10);
        assertArrayEquals(p, q);
        assertTrue(!java.util.Arrays.equals(p, Trainer.permutation(7, 4, 10)));
        int[] sorted = p.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < 10; i++) assertEquals(i, sorted[i]);
    }

    @Test
    void modelFunctionWithOwnerAndBestByTrainingLoss(@TempDir Path dir) throws Exception {
        Tensor[] tr = data(1, 32);
        MLP m = mlp(5);
        // a model function that packs its input differently: here it feeds the reversed feature order
        Model reversed = x -> m.forward(org.neuralop4j.core.autodiff.ShapeOps.concat(1,
                org.neuralop4j.core.autodiff.ShapeOps.slice(x, 1, 1, 2), org.neuralop4j.core.autodiff.ShapeOps.slice(x, 1, 0, 1)));
        TrainingHistory h = Trainer.builder(reversed, m).loss(Loss.mse()).optimizer(new Adam(m.parameters(), 0.01)).epochs(4)
                .batchSize(8).quiet(true).outputDir(dir).checkpointEvery(3).build().fit(tr[0], tr[1]);
        int best = 1;
        for (EpochMetrics e : h.epochs()) if (e.trainLoss() < h.epochs().get(best - 1).trainLoss()) best = e.epoch();
        assertEquals(best, Checkpoint.read(dir.resolve(Trainer.BEST)).epoch());
        assertEquals(4, Checkpoint.read(dir.resolve(Trainer.LAST)).epoch());
        // a safetensors file that is not a training checkpoint is rejected with the reason
        Path plain = dir.resolve("weights.safetensors");
        org.neuralop4j.core.io.Safetensors.write(plain, m.stateDict(), Map.of());
        org.neuralop4j.core.FormatException fe = assertThrows(org.neuralop4j.core.FormatException.class, () -> Checkpoint.read(plain));
        assertTrue(fe.getMessage().contains("not a neuralop4j training checkpoint"), fe.getMessage());
    }
}
