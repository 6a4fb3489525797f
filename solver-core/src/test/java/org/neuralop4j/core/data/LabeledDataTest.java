package org.neuralop4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.FormatException;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.io.NpyArray;
import org.neuralop4j.core.io.Npz;

class LabeledDataTest {
    @TempDir Path dir;

    @Test
    void saveThenLoadGivesTheSameData() throws IOException {
        Tensor in = Tensor.randn(1, 6, 1, 8), out = Tensor.randn(2, 6, 1, 8);
        LabeledData d = new LabeledData(in, out, Map.of("grid", Tensor.linspace(0, 1, 8)),
                Map.of("metadata", "{\"pde\": \"burgers\", \"nu\": 0.01}"));
        for (boolean compress : new boolean[] {false, true}) {
            Path f = dir.resolve("d" + compress + ".npz");
            d.save(f, "a", "u", compress);
            LabeledData back = LabeledData.load(f, "a", "u");
            assertArrayEquals(in.data(), back.inputs().data(), 0.0);
            assertArrayEquals(out.shape(), back.targets().shape());
            assertArrayEquals(out.data(), back.targets().data(), 0.0);
            assertArrayEquals(Tensor.linspace(0, 1, 8).data(), back.auxiliary().get("grid").data(), 0.0);
            assertEquals(d.info(), back.info());
        }
    }

    @Test
    void sliceAndGatherPickSamples() {
        Tensor in = Tensor.arange(10).reshape(5, 2), out = Tensor.arange(5).reshape(5, 1);
        LabeledData d = new LabeledData(in, out);
        LabeledData s = d.slice(1, 3);
        assertEquals(2, s.size());
        assertArrayEquals(new double[] {2, 3, 4, 5}, s.inputs().data(), 0.0);
        LabeledData g = d.gather(new int[] {4, 0});
        assertArrayEquals(new double[] {4, 0}, g.targets().data(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> d.slice(3, 6));
    }

    @Test
    void rejectsMismatchedOrMissingArrays() throws IOException {
        assertThrows(ShapeMismatchException.class, () -> new LabeledData(Tensor.zeros(3, 2), Tensor.zeros(4, 2)));
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("x", NpyArray.of(Tensor.zeros(3, 2)));
        m.put("y", NpyArray.of(Tensor.zeros(4, 2)));
        m.put("s", NpyArray.ofString("text"));
        Path f = dir.resolve("bad.npz");
        Npz.write(f, m, false);
        FormatException e = assertThrows(FormatException.class, () -> LabeledData.load(f, "x", "y"));
        assertTrue(e.problem().contains("same number of samples"), e.problem());
        e = assertThrows(FormatException.class, () -> LabeledData.load(f, "x", "nope"));
        assertTrue(e.problem().contains("no array named 'nope'"), e.problem());
        e = assertThrows(FormatException.class, () -> LabeledData.load(f, "x", "s"));
        assertTrue(e.problem().contains("expected numbers"), e.problem());
        assertEquals(f, e.file());
    }

    @Test
    void saveRefusesNameClashes() {
        LabeledData d = new LabeledData(Tensor.zeros(2, 1), Tensor.zeros(2, 1), Map.of("x", Tensor.zeros(1)), Map.of());
        assertThrows(IllegalArgumentException.class, () -> d.save(dir.resolve("c.npz"), "x", "y", false));
    }

    @Test
    void publicDataLocationHonoursTheSystemProperty() {
        String before = System.getProperty("neuralop4j.shared");
        try {
            System.setProperty("neuralop4j.shared", dir.toString());
            assertTrue(PublicData.find().isEmpty(), "an explicit location without data is not second-guessed");
            IllegalStateException e = assertThrows(IllegalStateException.class, PublicData::root);
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        } finally {
            if (before == null) System.clearProperty("neuralop4j.shared");
            else System.setProperty("neuralop4j.shared", before);
        }
        assertTrue(PublicData.repositoryRoot().isPresent(), "tests run inside the repository");
    }
}
