package org.neuralop4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.FormatException;
import org.neuralop4j.core.Tensor;

class NpzTest {
    @TempDir Path dir;

    @Test
    void readsNumpySavezInFileOrder() throws IOException {
        JsonNode exp = Fixtures.expected().get("stored.npz");
        Map<String, NpyArray> m = Npz.read(Fixtures.path("stored.npz"));
        assertEquals(List.of("grid", "field", "mask"), List.copyOf(m.keySet()));
        for (String name : m.keySet()) {
            double[] v = m.get(name).asDoubles();
            assertEquals(exp.get(name).size(), v.length, name);
            for (int i = 0; i < v.length; i++) assertEquals(exp.get(name).get(i).asDouble(), v[i], 0.0, name);
        }
        assertArrayEquals(new int[] {4, 5}, m.get("field").shape());
        assertEquals(DType.UINT8, m.get("mask").dtype());
        assertEquals(List.of("grid", "field", "mask"), Npz.names(Fixtures.path("stored.npz")));
        assertEquals(List.of("field", "grid", "meta"), Npz.names(Fixtures.path("deflated.npz")));
    }

    @Test
    void readsNumpySavezCompressed() throws IOException {
        Map<String, NpyArray> stored = Npz.read(Fixtures.path("stored.npz"));
        Map<String, NpyArray> deflated = Npz.read(Fixtures.path("deflated.npz"));
        assertEquals(List.of("field", "grid", "meta"), List.copyOf(deflated.keySet()));
        assertArrayEquals(stored.get("field").asDoubles(), deflated.get("field").asDoubles(), 0.0);
        assertArrayEquals(stored.get("grid").asDoubles(), deflated.get("grid").asDoubles(), 0.0);
        assertEquals("{\"k\": \"v\"}", deflated.get("meta").asString());
    }

    @Test
    void roundTripsStoredAndDeflated() throws IOException {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("z", NpyArray.of(Tensor.randn(3, 4, 5)));
        m.put("a", NpyArray.ofInts(new int[] {1, 2, 3}, 3));
        m.put("meta", NpyArray.ofString("{\"n\": 4}"));
        m.put("empty", NpyArray.of(Tensor.zeros(0, 2)));
        for (boolean compress : new boolean[] {false, true}) {
            Path f = dir.resolve("r" + compress + ".npz");
            Npz.write(f, m, compress);
            Map<String, NpyArray> back = Npz.read(f);
            assertEquals(List.copyOf(m.keySet()), List.copyOf(back.keySet()));
            for (String k : m.keySet()) {
                assertArrayEquals(m.get(k).shape(), back.get(k).shape(), k);
                assertArrayEquals(m.get(k).rawBytes(), back.get(k).rawBytes(), k);
                assertEquals(m.get(k).descr(), back.get(k).descr(), k);
            }
            byte[] first = Files.readAllBytes(f);
            Npz.write(f, m, compress);
            assertArrayEquals(first, Files.readAllBytes(f), "same arrays must give the same bytes");
        }
    }

    @Test
    void numpyLoadsWhatWeWrite() throws IOException {
        assumeTrue(Fixtures.pythonWithNumpy(), "needs /usr/bin/python3 with numpy");
        Map<String, NpyArray> m = new LinkedHashMap<>();
        double[] d = new double[12];
        for (int i = 0; i < 12; i++) d[i] = i * 0.25;
        m.put("x", NpyArray.ofDoubles(d, 3, 4));
        m.put("mask", NpyArray.ofBytes(new byte[] {0, 1, (byte) 200}, 3));
        m.put("metadata", NpyArray.ofString("{\"grid\": 16}"));
        Path stored = dir.resolve("s.npz"), deflated = dir.resolve("d.npz");
        Npz.write(stored, m, false);
        Npz.write(deflated, m, true);
        String script = String.join("\n",
                "import sys, json, numpy as np",
                "for p in sys.argv[1:]:",
                "    z = np.load(p, allow_pickle=False)",
                "    assert z.files == ['x', 'mask', 'metadata'], z.files",
                "    assert (z['x'] == np.arange(12).reshape(3, 4) * 0.25).all()",
                "    assert z['mask'].dtype == np.uint8 and z['mask'].tolist() == [0, 1, 200]",
                "    assert json.loads(str(z['metadata'])) == {'grid': 16}",
                "print('ok')");
        Fixtures.PythonResult r = Fixtures.runPython(script, stored.toString(), deflated.toString());
        assertEquals("ok", r.output().strip(), r.output());
    }

    // ------------------------------------------------------------------ corrupt archives

    private FormatException rejected(Path f, String... fragments) {
        FormatException e = assertThrows(FormatException.class, () -> Npz.read(f));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        for (String fr : fragments) assertTrue(e.problem().contains(fr), "expected '" + fr + "' in: " + e.problem());
        return e;
    }

    private Path writeBytes(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    /** Index of the first occurrence of {@code pattern} in {@code data}. */
    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) if (data[i + j] != pattern[j]) continue outer;
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    @Test
    void rejectsFilesThatAreNotZipArchives() throws IOException {
        rejected(writeBytes("npy.npz", Files.readAllBytes(Fixtures.path("f8.npy"))), "not a valid .npz");
        rejected(writeBytes("empty.npz", new byte[0]), "not a valid .npz");
        byte[] good = Files.readAllBytes(Fixtures.path("stored.npz"));
        rejected(writeBytes("half.npz", Arrays.copyOf(good, good.length / 2)), "not a valid .npz");
        FormatException e = assertThrows(FormatException.class, () -> Npz.names(dir.resolve("half.npz")));
        assertTrue(e.getMessage().contains("not a valid .npz"), e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Npz.names(dir.resolve("missing.npz")));
    }

    @Test
    void detectsCrcErrorsInStoredEntries() throws IOException {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("x", NpyArray.ofDoubles(new double[] {1.0, 12345.678, 3.0}, 3));
        Path f = dir.resolve("crc.npz");
        Npz.write(f, m, false);
        byte[] bytes = Files.readAllBytes(f);
        byte[] pattern = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(12345.678).array();
        int at = indexOf(bytes, pattern);
        bytes[at + 3] ^= 0x10; // still a valid .npy, but the data no longer matches the CRC
        rejected(writeBytes("crc-bad.npz", bytes), "entry 'x.npy'", "CRC error");
    }

    @Test
    void detectsCorruptDeflatedEntries() throws IOException {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("noise", NpyArray.of(Tensor.randn(9, 400)));
        Path f = dir.resolve("deflate.npz");
        Npz.write(f, m, true);
        byte[] good = Files.readAllBytes(f);
        int data = indexOf(good, "noise.npy".getBytes(StandardCharsets.US_ASCII)) + 9; // compressed data follows the local header name
        int corrupted = 0;
        for (int k = 0; k < 20; k++) {
            byte[] bytes = good.clone();
            bytes[data + 50 + 97 * k] ^= (byte) 0xA5;
            Path bad = writeBytes("deflate-bad" + k + ".npz", bytes);
            FormatException e = assertThrows(FormatException.class, () -> Npz.read(bad), "flip " + k);
            assertTrue(e.problem().contains("entry 'noise.npy'"), e.problem());
            corrupted++;
        }
        assertEquals(20, corrupted);
    }

    @Test
    void rejectsEntriesThatAreNotValidArrays() throws IOException {
        Path notNpy = dir.resolve("extra.npz");
        try (OutputStream out = Files.newOutputStream(notNpy); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("hello".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        rejected(notNpy, "readme.txt", "not a .npy");

        Path badArray = dir.resolve("bad-array.npz");
        try (OutputStream out = Files.newOutputStream(badArray); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("a.npy"));
            zip.write(Files.readAllBytes(Fixtures.path("object.npy")));
            zip.closeEntry();
        }
        rejected(badArray, "entry 'a.npy'", "object arrays");

        Path truncatedArray = dir.resolve("short-array.npz");
        byte[] npy = Files.readAllBytes(Fixtures.path("f8.npy"));
        try (OutputStream out = Files.newOutputStream(truncatedArray); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("t.npy"));
            zip.write(npy, 0, npy.length - 8);
            zip.closeEntry();
        }
        rejected(truncatedArray, "entry 't.npy'", "truncated");
    }

    @Test
    void writeChecksArguments() {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("", NpyArray.of(Tensor.zeros(1)));
        assertThrows(IllegalArgumentException.class, () -> Npz.write(dir.resolve("x.npz"), m, false));
        assertThrows(IllegalArgumentException.class, () -> Npz.write(dir.resolve("x.npz"), null, false));
    }
}
