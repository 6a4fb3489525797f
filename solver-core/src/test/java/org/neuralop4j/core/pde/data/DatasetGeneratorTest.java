package org.neuralop4j.core.pde.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.io.NpyArray;
import org.neuralop4j.core.io.Npz;
import org.neuralop4j.core.pde.BurgersSolver;
import org.neuralop4j.core.pde.DarcySolver;
import org.neuralop4j.core.pde.GaussianRandomField;
import org.neuralop4j.core.pde.SampleStreams;

class DatasetGeneratorTest {
    @TempDir
    Path dir;

    static DatasetGenerator[] small() {
        return new DatasetGenerator[] {
            new BurgersDataset(128, 32, 0.1, 0.5, 0.01, 2, 5, 25),
            new DarcyDataset(33, 17, 2, 3, 12, 3),
            new NavierStokesDataset(32, 16, 1e-3, 0.2, 2, 0.01, 2.5, 7),
            new AntiderivativeDataset(0.2, 200, 20, true),
            new AntiderivativeDataset(0.2, 200, 20, false)};
    }

    /** Same seed, same bytes for 1 and 2 threads; written files identical. */
    @Test
    void bytesIdenticalForAnyThreadCount() throws Exception {
        int saved = Parallel.threads();
        try {
            DatasetGenerator[] gens = small();
            for (int g = 0; g < gens.length; g++) {
                Parallel.setThreads(1);
                Path f1 = dir.resolve("one" + g + ".npz"), f2 = dir.resolve("two" + g + ".npz");
                DatasetWriter.generateAndWrite(f1, gens[g], 4, 42, false, ProgressListener.NONE);
                Parallel.setThreads(2);
                DatasetWriter.generateAndWrite(f2, gens[g], 4, 42, false, ProgressListener.NONE);
                assertArrayEquals(Files.readAllBytes(f1), Files.readAllBytes(f2), gens[g].name());
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /** Sample i is the same whether 2 or 5 samples are generated, and different seeds differ. */
    @Test
    void sampleIndependentOfCount() {
        for (DatasetGenerator g : small()) {
            Map<String, Tensor> two = g.generate(2, 9, ProgressListener.NONE), five = g.generate(5, 9, ProgressListener.NONE);
            Map<String, Tensor> other = g.generate(2, 10, ProgressListener.NONE);
            for (String k : two.keySet()) {
                Tensor a = two.get(k), b = five.get(k);
                if (a.rank() >= 2 && a.dim(0) == 2 && b.dim(0) == 5) {
                    assertEquals(a, b.slice(0, 2), g.name() + "/" + k);
                    if (!k.equals("x") || g.arrays().get("x").startsWith("(N")) assertTrue(a.maxAbsDiff(other.get(k)) > 0, g.name() + "/" + k + " ignores the seed");
                } else assertEquals(a, b, g.name() + "/" + k);
            }
        }
    }

    @Test
    void burgersArraysMatchASeparateSolve() {
        BurgersDataset d = new BurgersDataset(128, 32, 0.1, 0.5, 0.01, 2, 5, 25);
        Map<String, Tensor> m = d.generate(3, 5, ProgressListener.NONE);
        assertArrayEquals(new int[] {3, 1, 32}, m.get("a").shape());
        assertArrayEquals(new int[] {3, 1, 32}, m.get("u").shape());
        double[] u0 = new GaussianRandomField(1, 128, 2, 5, 25, GaussianRandomField.Boundary.PERIODIC, true).sample(SampleStreams.forSample(5, 2));
        double[] ut = new BurgersSolver(128, 0.1, 0.01).solve(u0, 0.5);
        for (int j = 0; j < 32; j++) {
            assertEquals(u0[4 * j], m.get("a").get(2, 0, j), 0);
            assertEquals(ut[4 * j], m.get("u").get(2, 0, j), 0);
        }
    }

    @Test
    void darcyArraysAreSubsampledSolves() {
        Map<String, Tensor> m = new DarcyDataset(33, 17, 2, 3, 12, 3).generate(2, 1, ProgressListener.NONE);
        assertArrayEquals(new int[] {2, 1, 17, 17}, m.get("u").shape());
        double[] g = GaussianRandomField.fnoNeumann2d(33, 2, 3).sample(SampleStreams.forSample(1, 1));
        double[] f = new double[33 * 33];
        java.util.Arrays.fill(f, 1);
        double[] u = new DarcySolver(33).solve(DarcySolver.fnoThreshold(g), f).u;
        for (int i = 0; i < 17; i++)
            for (int j = 0; j < 17; j++) {
                assertEquals(u[(2 * i) * 33 + 2 * j], m.get("u").get(1, 0, i, j), 0);
                double a = m.get("a").get(1, 0, i, j);
                assertTrue(a == 12 || a == 3);
            }
    }

    @Test
    void fileHasDocumentedArraysAndMetadata() throws Exception {
        Path f = dir.resolve("ad.npz");
        AtomicInteger calls = new AtomicInteger();
        DatasetGenerator g = new AntiderivativeDataset(0.2, 200, 20, false);
        DatasetWriter.generateAndWrite(f, g, 6, 3, true, (done, total) -> { calls.incrementAndGet(); assertEquals(6, total); });
        assertEquals(6, calls.get());
        Map<String, NpyArray> read = Npz.read(f);
        assertArrayEquals(new int[] {6, 20}, read.get("v").shape());
        assertArrayEquals(new int[] {6, 20, 1}, read.get("x").shape());
        assertArrayEquals(new int[] {6, 20}, read.get("y").shape());
        JsonNode meta = new ObjectMapper().readTree(read.get("meta").asString());
        assertEquals("antiderivative", meta.get("generator").asText());
        assertEquals(3, meta.get("seed").asLong());
        assertEquals(6, meta.get("samples").asInt());
        assertEquals(0.2, meta.get("parameters").get("length_scale").asDouble());
        assertTrue(meta.get("version").asText().length() > 0);
        assertEquals("unaligned", meta.get("parameters").get("layout").asText());
    }

    /** The generic loader reads generated files with the DeepXDE / FNO names. */
    @Test
    void labeledDataLoaderReadsGeneratedFiles() throws Exception {
        Path f = dir.resolve("aligned.npz");
        DatasetWriter.generateAndWrite(f, new AntiderivativeDataset(0.2, 200, 20, true), 3, 1, false, ProgressListener.NONE);
        org.neuralop4j.core.data.LabeledData d = org.neuralop4j.core.data.LabeledData.load(f, "v", "y");
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {20, 1}, d.auxiliary().get("x").shape());
        assertTrue(d.info().get("meta").contains("antiderivative"));
        Path g = dir.resolve("darcy.npz");
        DatasetWriter.generateAndWrite(g, new DarcyDataset(9, 9, 2, 3, 12, 3), 2, 1, true, ProgressListener.NONE);
        assertArrayEquals(new int[] {2, 1, 9, 9}, org.neuralop4j.core.data.LabeledData.load(g, "a", "u").targets().shape());
    }

    @Test
    void badParametersFailBeforeWork() {
        assertThrows(IllegalArgumentException.class, () -> new BurgersDataset(128, 32, -0.1, 1, 0.01, 2, 5, 25));
        assertThrows(IllegalArgumentException.class, () -> new BurgersDataset(100, 32, 0.1, 1, 0.01, 2, 5, 25));
        // an unstable step for a nearly inviscid problem
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BurgersDataset(8192, 1024, 1e-4, 1, 0.5, 2, 5, 25));
        assertTrue(e.getMessage().contains("unstable"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DarcyDataset(421, 100, 2, 3, 12, 3));
        assertThrows(IllegalArgumentException.class, () -> new NavierStokesDataset(64, 48, 1e-3, 1, 1, 1e-3, 2.5, 7));
        assertThrows(IllegalArgumentException.class, () -> new NavierStokesDataset(64, 64, 1e-3, 1, 1, 0.5, 2.5, 7));
        assertThrows(IllegalArgumentException.class, () -> new NavierStokesDataset(64, 64, 0, 1, 1, 1e-3, 2.5, 7));
        assertThrows(IllegalArgumentException.class, () -> new AntiderivativeDataset(0.2, 200, 1, true));
        assertThrows(IllegalArgumentException.class, () -> small()[0].generate(0, 1, ProgressListener.NONE));
    }
}
