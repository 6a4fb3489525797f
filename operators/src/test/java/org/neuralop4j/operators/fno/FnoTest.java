package org.neuralop4j.operators.fno;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.FormatException;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradCheck;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.io.NpyArray;
import org.neuralop4j.core.io.Npz;
import org.neuralop4j.core.train.UnitGaussianNormalizer;

class FnoTest {
    private static FnoConfig tiny2d() {
        return FnoConfig.builder().inChannels(1).outChannels(2).width(3).modes(2, 3).layers(2).projectionWidth(4).padding(0.2).build();
    }

    @Test
    void parameterNamesShapesAndCountFollowTheOriginalCode() {
        FnoConfig c = FnoConfig.builder().modes(12, 12).width(32).build();
        Fno m = new Fno(c, 1);
        List<String> names = List.copyOf(m.namedParameters().keySet());
        assertEquals(List.of("fc0.weight", "fc0.bias", "conv0.weights1", "conv0.weights2", "conv1.weights1", "conv1.weights2",
                "conv2.weights1", "conv2.weights2", "conv3.weights1", "conv3.weights2", "w0.weight", "w0.bias", "w1.weight",
                "w1.bias", "w2.weight", "w2.bias", "w3.weight", "w3.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), names);
        assertArrayEquals(new int[] {32, 32, 12, 12, 2}, m.namedParameters().get("conv2.weights2").shape());
        assertArrayEquals(new int[] {32, 3}, m.namedParameters().get("fc0.weight").shape());
        // the original fourier_2d.py (width 32, modes 12): 1,188,353 by PyTorch's numel (a complex weight counts
        // once), 2,368,001 real numbers: 4 layers x 2 blocks x 32 x 32 x 12 x 12 complex weights + 8,705 linear ones
        assertEquals(2 * 4 * 2 * 32 * 32 * 12 * 12 + 8_705, m.numParameters());
        assertEquals(2_368_001, m.numParameters());
    }

    @Test
    void configJsonRoundTripAndStrictParsing() {
        FnoConfig c = tiny2d();
        assertEquals(c, FnoConfig.fromJson(c.toJson()));
        assertThrows(IllegalArgumentException.class, () -> FnoConfig.fromJson("{\"modes\": [4], \"widht\": 3}"));
        assertThrows(IllegalArgumentException.class, () -> FnoConfig.fromJson("{\"width\": 3}"));
        assertThrows(IllegalArgumentException.class, () -> FnoConfig.fromJson("{\"modes\": [4], \"width\": 2.5}"));
        assertThrows(IllegalArgumentException.class, () -> FnoConfig.builder().modes(4, 4, 4, 4).build());
    }

    /** The NumPy transcription of the original PyTorch code (make_fno_fixture.py) and this class agree to 1e-10. */
    @Test
    void matchesNumpyTranscriptionOfTheOriginalCode() throws Exception {
        Path file = Path.of(getClass().getResource("/fno/fno_reference.npz").toURI());
        Map<String, NpyArray> a = Npz.read(file);
        for (String name : new String[] {"fno1d", "fno2d"}) {
            FnoConfig c = FnoConfig.fromJson(a.get(name + ".config").asString());
            Map<String, Tensor> state = new LinkedHashMap<>();
            for (Map.Entry<String, NpyArray> e : a.entrySet()) {
                String k = e.getKey();
                if (k.startsWith(name + ".") && !k.endsWith(".x") && !k.endsWith(".y") && !k.endsWith(".config"))
                    state.put(k.substring(name.length() + 1), e.getValue().toTensor());
            }
            Fno m = new Fno(c, 0);
            m.loadStateDict(state);
            for (SpectralConvolution.Transform t : SpectralConvolution.Transform.values()) {
                Fno mt = new Fno(c.toBuilder().transform(t).build(), 0);
                mt.loadStateDict(state);
                Tensor y = mt.predict(a.get(name + ".x").toTensor()), expected = a.get(name + ".y").toTensor();
                double err = y.maxAbsDiff(expected) / expected.normInf();
                assertTrue(err < 1e-10, name + " " + t + ": relative difference " + err);
            }
        }
    }

    /**
     * Models of the original PyTorch code, exported with the recipe of {@code FNO.md} by
     * {@code src/test/resources/fno/make_torch_fixture.py}: the file alone gives PyTorch's outputs, with every
     * transform.
     */
    @Test
    void pyTorchModelsExportedWithTheDocumentedRecipeGiveTheirOutputs() throws Exception {
        Map<String, NpyArray> io = Npz.read(Path.of(getClass().getResource("/fno/fno_torch_io.npz").toURI()));
        for (String name : new String[] {"1d", "2d"}) {
            Fno m = FnoFiles.load(Path.of(getClass().getResource("/fno/fno_torch_" + name + ".safetensors").toURI()));
            Tensor x = io.get(name + ".x").toTensor(), expected = io.get(name + ".y").toTensor();
            for (SpectralConvolution.Transform t : SpectralConvolution.Transform.values()) {
                Fno mt = new Fno(m.config().toBuilder().transform(t).build(), 0);
                mt.loadStateDict(m.stateDict());
                double err = mt.predict(x).maxAbsDiff(expected) / expected.normInf();
                assertTrue(err < 1e-10, name + " " + t + ": relative difference " + err);
            }
        }
    }

    @Test
    void inputGradientPassesFiniteDifferenceCheck() {
        Fno m = new Fno(tiny2d(), 3);
        Tensor x = Tensor.randn(4, 2, 1, 7, 6);
        GradCheck.assertGradients("FNO input", v -> m.forward(v[0]), 1e-7, x);
        m.zeroGrad();
        Tensor v = Tensor.randn(5, 2, 2, 7, 6);
        Tensor g = m.vjp(x, v);
        assertArrayEquals(x.shape(), g.shape());
        for (var p : m.parameters()) assertEquals(null, p.grad(), "vjp must leave parameter gradients untouched");
        // an accumulated training gradient survives an input sensitivity unchanged
        var first = m.parameters().get(0);
        Tensor marker = Tensor.randn(6, first.shape());
        first.var().accumulate(marker);
        m.vjp(x, v);
        assertArrayEquals(marker.data(), first.grad().data(), 0.0, "vjp changed an accumulated parameter gradient");
    }

    @Test
    void saveLoadRoundTripRebuildsTheModelFromTheFileAlone(@TempDir Path dir) throws Exception {
        Fno m = new Fno(tiny2d(), 7);
        Tensor x = Tensor.randn(8, 3, 1, 8, 7), y = Tensor.randn(9, 3, 2, 8, 7);
        m.setNormalizers(UnitGaussianNormalizer.fit(x, UnitGaussianNormalizer.Mode.CHANNEL_WISE),
                UnitGaussianNormalizer.fit(y, UnitGaussianNormalizer.Mode.CHANNEL_WISE));
        Path file = FnoFiles.save(m, dir.resolve("m.safetensors"));
        Fno back = FnoFiles.load(file);
        assertEquals(m.config(), back.config());
        assertEquals(m.predict(x), back.predict(x));
        Files.writeString(dir.resolve("bad.safetensors"), "not a model");
        assertThrows(FormatException.class, () -> FnoFiles.load(dir.resolve("bad.safetensors")));
    }

    @Test
    void evaluatesAtOtherResolutionsAndRejectsTooCoarseGrids() {
        Fno m = new Fno(FnoConfig.builder().modes(4).width(4).layers(2).projectionWidth(4).build(), 2);
        assertArrayEquals(new int[] {1, 1, 64}, m.predict(Tensor.randn(1, 1, 1, 64)).shape());
        assertArrayEquals(new int[] {1, 1, 6}, m.predict(Tensor.randn(1, 1, 1, 6)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(Tensor.randn(1, 1, 1, 5)));
        assertTrue(e.getMessage().contains("too coarse"), e.getMessage());
    }

    @Test
    void trainingStepIsBitIdenticalForOneAndTwoThreads() {
        int prev = Parallel.threads();
        try {
            Tensor[] grads = new Tensor[2];
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                Fno m = new Fno(FnoConfig.builder().modes(6, 5).width(8).build(), 4);
                Var out = m.forward(Var.constant(Tensor.randn(1, 3, 1, 16, 12)));
                org.neuralop4j.core.autodiff.Losses.relativeL2(out, Var.constant(Tensor.randn(2, 3, 1, 16, 12))).backward();
                grads[t - 1] = Tensor.concat(0, m.parameters().stream().map(p -> p.grad().reshape(-1)).toArray(Tensor[]::new));
            }
            assertEquals(grads[0], grads[1]);
        } finally {
            Parallel.setThreads(prev);
        }
    }

    /** Smoke test of the whole training path: a small model fits 8 samples of a smooth operator far below its start. */
    @Test
    void overfitsATinyDataSet() throws Exception {
        int n = 8, s = 32;
        Tensor x = Tensor.zeros(n, 1, s), y = Tensor.zeros(n, 1, s);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < s; j++) {
                double t = 2 * Math.PI * j / s;
                x.set(Math.sin(t + i) + 0.3 * Math.cos(2 * t - i), i, 0, j);
                y.set(Math.cos(t + i) - 0.6 * Math.sin(2 * t - i), i, 0, j); // the derivative operator
            }
        LabeledData data = new LabeledData(x, y);
        FnoTraining.Options o = FnoTraining.Options.defaults().withEpochs(60).withBatchSize(4).withLearningRate(5e-3).withSeed(1);
        FnoTraining.Result r = FnoTraining.train(FnoConfig.builder().modes(4).width(8).layers(2).projectionWidth(16).build(), data, data, o);
        double first = r.history().epochs().get(0).trainLoss(), last = r.testMetrics().get("relative_l2");
        assertTrue(last < 0.1 && last < first / 5, "relative L2 went from " + first + " to " + last);
    }
}
