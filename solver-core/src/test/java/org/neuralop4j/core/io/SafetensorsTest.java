package org.neuralop4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.FormatException;
import org.neuralop4j.core.Tensor;

class SafetensorsTest {
    @TempDir Path dir;

    /** A file assembled by hand: length, header text (padded to 8 with spaces), buffer. */
    private static byte[] file(String header, byte[] buffer) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int n = (h.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + n + buffer.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(n).put(h);
        for (int i = h.length; i < n; i++) b.put((byte) ' ');
        b.put(buffer);
        return b.array();
    }

    private static byte[] le(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) b.putDouble(x);
        return b.array();
    }

    @Test
    void writesTheSpecifiedLayoutByteForByte() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("b", Tensor.vector(1.0, -2.0));
        t.put("a", Tensor.scalar(0.5));
        Map<String, String> meta = Map.of("format", "pt", "config", "{\"modes\": 4}");
        Path f = dir.resolve("m.safetensors");
        Safetensors.write(f, t, meta);
        String header = "{\"__metadata__\":{\"config\":\"{\\\"modes\\\": 4}\",\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]}}";
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        buffer.write(le(0.5));
        buffer.write(le(1.0, -2.0));
        byte[] expected = file(header, buffer.toByteArray());
        assertArrayEquals(expected, Files.readAllBytes(f));
        long n = ByteBuffer.wrap(expected).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, n % 8, "buffer must start 8-byte aligned");
    }

    @Test
    void roundTripsTensorsAndMetadata() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("layers.0.weight", Tensor.randn(1, 4, 3, 2));
        t.put("layers.0.bias", Tensor.randn(2, 4));
        t.put("empty", Tensor.zeros(0, 5));
        t.put("ünïcode", Tensor.scalar(Math.PI));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", "{\"type\": \"FNO\", \"modes\": [12, 12], \"π\": true}");
        Path f = dir.resolve("w.safetensors");
        Safetensors.write(f, t, meta);
        Safetensors.Content c = Safetensors.read(f);
        assertEquals(meta, c.metadata());
        assertEquals(t.keySet(), c.tensors().keySet());
        for (String k : t.keySet()) {
            assertArrayEquals(t.get(k).shape(), c.tensors().get(k).shape(), k);
            assertArrayEquals(t.get(k).data(), c.tensors().get(k).data(), 0.0, k);
            assertEquals(DType.FLOAT64, c.dtypes().get(k));
        }
        Safetensors.write(f, t, null);
        assertTrue(Safetensors.read(f).metadata().isEmpty());
    }

    @Test
    void readsOtherDtypesAsFloat64() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + 8 + 4 * 2 + 2 + 2 + 4 + 2 + 1).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(-3);                                   // I64 [0, 8)
        b.putFloat(1.5f).putFloat(-0.25f);               // F32 [8, 16)
        b.putInt(-7).putInt(70000);                      // I32 [16, 24)
        b.putShort((short) 0x3C00);                      // F16 1.0 [24, 26)
        b.putShort((short) 0xC000);                      // BF16 -2.0 [26, 28)
        b.put((byte) 200).put((byte) 0).put((byte) 1).put((byte) 1); // U8 [28, 30), BOOL [30, 32)
        b.putShort((short) -5);                          // I16 [32, 34)
        b.put((byte) -9);                                // I8 [34, 35)
        String header = "{\"l\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"f\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[8,16]},"
                + "\"i\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[16,24]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[],\"data_offsets\":[24,26]},"
                + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[26,28]},"
                + "\"u\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[28,30]},"
                + "\"m\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[30,32]},"
                + "\"s\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[32,34]},"
                + "\"c\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[34,35]}}";
        Path f = dir.resolve("mixed.safetensors");
        Files.write(f, file(header, b.array()));
        Safetensors.Content c = Safetensors.read(f);
        assertEquals(List.of("l", "f", "i", "h", "bf", "u", "m", "s", "c"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new double[] {-3}, c.tensors().get("l").data(), 0.0);
        assertArrayEquals(new int[] {2, 1}, c.tensors().get("f").shape());
        assertArrayEquals(new double[] {1.5, -0.25}, c.tensors().get("f").data(), 0.0);
        assertArrayEquals(new double[] {-7, 70000}, c.tensors().get("i").data(), 0.0);
        assertEquals(1.0, c.tensors().get("h").item(), 0.0);
        assertEquals(-2.0, c.tensors().get("bf").item(), 0.0);
        assertArrayEquals(new double[] {200, 0}, c.tensors().get("u").data(), 0.0);
        assertArrayEquals(new double[] {1, 1}, c.tensors().get("m").data(), 0.0);
        assertEquals(-5, c.tensors().get("s").item(), 0.0);
        assertEquals(-9, c.tensors().get("c").item(), 0.0);
        assertEquals(DType.UINT8, c.dtypes().get("u"));
    }

    // ------------------------------------------------------------------ corrupt files

    private FormatException rejected(byte[] bytes, String fragment) throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, bytes);
        FormatException e = assertThrows(FormatException.class, () -> Safetensors.read(f));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.problem().contains(fragment), "expected '" + fragment + "' in: " + e.problem());
        return e;
    }

    private static String one(String dtype, String shape, long begin, long end) {
        return "{\"t\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}}";
    }

    @Test
    void rejectsBadLengthsAndHeaders() throws IOException {
        rejected(new byte[5], "truncated");
        byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000L).array();
        rejected(huge, "header too large");
        byte[] negative = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array();
        rejected(negative, "header too large");
        byte[] beyond = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(64).array();
        rejected(beyond, "truncated");
        rejected(file("[1, 2]", new byte[0]), "not a JSON object");
        rejected(file("{\"t\": ", new byte[0]), "not valid JSON");
        rejected(file("{} trailing", new byte[0]), "not valid JSON");
        rejected(file("{\"t\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},\"t\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}", new byte[16]), "not valid JSON");
        rejected(file("{\"__metadata__\":{\"k\":1}}", new byte[0]), "not a string");
        rejected(file("{\"t\":[1]}", new byte[0]), "not an object");
    }

    @Test
    void rejectsBadTensorEntries() throws IOException {
        rejected(file(one("F128", "[1]", 0, 16), new byte[16]), "unknown or unsupported dtype");
        rejected(file(one("F64", "[2]", 0, 8), new byte[8]), "needs 16 bytes");
        rejected(file(one("F64", "[-1]", 0, 8), new byte[8]), "not a non-negative int");
        rejected(file(one("F64", "[1.5]", 0, 8), new byte[8]), "not a non-negative int");
        rejected(file(one("F64", "[1]", 8, 16), new byte[8]), "out of range");
        rejected(file(one("F64", "[1]", 8, 16), new byte[16]), "gap");
        rejected(file(one("F64", "[1]", 0, 8), new byte[16]), "size mismatch");
        rejected(file(one("F64", "[1]", 16, 8), new byte[16]), "end before");
        rejected(file(one("BOOL", "[1]", 0, 1), new byte[] {2}), "bool element");
        String overlap = "{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}";
        rejected(file(overlap, new byte[16]), "overlap");
        rejected(file("{\"t\":{\"dtype\":\"F64\",\"shape\":[1]}}", new byte[8]), "data_offsets");
    }

    @Test
    void anEmptyFileHoldsOnlyMetadata() throws IOException {
        Path f = dir.resolve("empty.safetensors");
        Safetensors.write(f, Map.of(), Map.of("note", "no weights"));
        Safetensors.Content c = Safetensors.read(f);
        assertTrue(c.tensors().isEmpty());
        assertEquals(Map.of("note", "no weights"), c.metadata());
        Safetensors.write(f, Map.of(), null);
        assertArrayEquals(file("{}", new byte[0]), Files.readAllBytes(f));
        assertTrue(Safetensors.read(f).tensors().isEmpty());
    }

    @Test
    void writeChecksNames() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("__metadata__", Tensor.zeros(1));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(dir.resolve("x"), t, null));
    }

    /**
     * An independent reader written from the specification in Python (struct + json + numpy), used because the
     * reference {@code safetensors} package is not packaged for Debian; it checks the header, alignment and the
     * contiguity rules, and the values.
     */
    @Test
    void pythonReadsWhatWeWrite() throws IOException {
        assumeTrue(Fixtures.pythonWithNumpy(), "needs /usr/bin/python3 with numpy");
        Map<String, Tensor> t = new LinkedHashMap<>();
        double[] w = new double[6];
        for (int i = 0; i < 6; i++) w[i] = (i - 2) * 0.125;
        t.put("w", Tensor.of(w, 2, 3));
        t.put("bias", Tensor.vector(7.0, 8.0, 9.0));
        Path f = dir.resolve("p.safetensors");
        Safetensors.write(f, t, Map.of("config", "{\"width\": 3}"));
        String script = String.join("\n",
                "import sys, json, struct, numpy as np",
                "raw = open(sys.argv[1], 'rb').read()",
                "(n,) = struct.unpack('<Q', raw[:8])",
                "assert n % 8 == 0",
                "h = json.loads(raw[8:8 + n].decode('utf-8'))",
                "buf = raw[8 + n:]",
                "meta = h.pop('__metadata__')",
                "assert json.loads(meta['config']) == {'width': 3}",
                "spans = sorted(tuple(v['data_offsets']) for v in h.values())",
                "assert spans[0][0] == 0 and spans[-1][1] == len(buf)",
                "assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))",
                "get = lambda k: np.frombuffer(buf[h[k]['data_offsets'][0]:h[k]['data_offsets'][1]], dtype='<f8').reshape(h[k]['shape'])",
                "assert all(v['dtype'] == 'F64' for v in h.values())",
                "assert (get('w') == (np.arange(6).reshape(2, 3) - 2) * 0.125).all()",
                "assert get('bias').tolist() == [7.0, 8.0, 9.0]",
                "print('ok')");
        Fixtures.PythonResult r = Fixtures.runPython(script, f.toString());
        assertEquals("ok", r.output().strip(), r.output());
    }
}
