package org.neuralop4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.FormatException;
import org.neuralop4j.core.Tensor;

class NpyTest {
    @TempDir Path dir;

    // ------------------------------------------------------------------ reading NumPy's files

    @Test
    void readsEveryFixtureAsNumpyDescribesIt() throws IOException {
        JsonNode expected = Fixtures.expected();
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().endsWith(".npy")) continue;
            NpyArray a = Npy.read(Fixtures.path(e.getKey()));
            JsonNode exp = e.getValue();
            String name = e.getKey();
            assertArrayEquals(ints(exp.get("shape")), a.shape(), name + " shape");
            assertEquals(littleEndianDescr(exp.get("descr").asText()), a.descr(), name + " descr");
            JsonNode values = exp.get("values");
            assertEquals(values.size(), a.size(), name + " size");
            if (a.dtype().isString()) {
                String[] s = a.asStrings();
                for (int i = 0; i < s.length; i++) assertEquals(values.get(i).asText(), s[i], name + "[" + i + "]");
            } else {
                double[] d = a.asDoubles();
                for (int i = 0; i < d.length; i++)
                    assertEquals(values.get(i).asDouble(), d[i], 0.0, name + "[" + i + "]");
                if (a.dtype().isIntegral()) {
                    long[] l = a.asLongs();
                    for (int i = 0; i < l.length; i++) assertEquals(values.get(i).asLong(), l[i], name + "[" + i + "]");
                }
            }
            checked++;
        }
        assertTrue(checked >= 25, "expected.json lists the fixtures, checked " + checked);
    }

    /** numpy reports the file's byte order; we always hold (and report) little-endian. */
    private static String littleEndianDescr(String d) {
        String rest = d.substring(1);
        boolean oneByte = rest.equals("u1") || rest.equals("i1") || rest.equals("b1") || rest.startsWith("S");
        return (oneByte ? "|" : "<") + rest;
    }

    private static int[] ints(JsonNode arr) {
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) out[i] = arr.get(i).asInt();
        return out;
    }

    @Test
    void fortranOrderAndBigEndianBecomeRowMajorLittleEndian() throws IOException {
        Tensor t = Npy.read(Fixtures.path("f8_fortran.npy")).toTensor();
        assertArrayEquals(new int[] {2, 3, 4}, t.shape());
        for (int i = 0; i < 24; i++) assertEquals(1.5 * i, t.data()[i], 0.0); // arange(24).reshape(2,3,4)*1.5 in C order
        NpyArray big = Npy.read(Fixtures.path("i2_fortran_big.npy"));
        assertEquals(DType.INT16, big.dtype());
        long[] v = big.asLongs();
        for (int i = 0; i < 12; i++) assertEquals(i - 6, v[i]);
        double[] b = Npy.read(Fixtures.path("f8_big.npy")).asDoubles();
        for (int i = 0; i < 6; i++) assertEquals((i + 0.25) * (i + 0.25), b[i], 0.0);
    }

    @Test
    void scalarsEmptyArraysVersionsAndStrings() throws IOException {
        NpyArray s = Npy.read(Fixtures.path("f8_0d.npy"));
        assertEquals(0, s.rank());
        assertEquals(-3.5, s.toTensor().item(), 0.0);
        NpyArray empty = Npy.read(Fixtures.path("f8_empty.npy"));
        assertArrayEquals(new int[] {0, 3}, empty.shape());
        assertEquals(0, empty.toTensor().size());
        assertEquals(0.5, Npy.read(Fixtures.path("f8_v2.npy")).asDoubles()[4], 0.0);
        assertEquals(0.25, Npy.read(Fixtures.path("f8_v3.npy")).asDoubles()[4], 0.0);
        assertEquals("{\"name\": \"darcy\", \"π\": 3.14, \"ü\": \"ß\"}", Npy.read(Fixtures.path("str_0d.npy")).asString());
        assertArrayEquals(new String[] {"ab", "c"}, Npy.read(Fixtures.path("bytes_1d.npy")).asStrings());
    }

    @Test
    void float16SpecialValuesConvertExactly() {
        assertEquals(Float.POSITIVE_INFINITY, NpyArray.halfToFloat((short) 0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, NpyArray.halfToFloat((short) 0xFC00));
        assertTrue(Float.isNaN(NpyArray.halfToFloat((short) 0x7E00)));
        assertEquals(0x1p-24f, NpyArray.halfToFloat((short) 0x0001));
        assertEquals(-0x1p-14f, NpyArray.halfToFloat((short) 0x8400));
        assertEquals(1.0f, NpyArray.bfloat16ToFloat((short) 0x3F80));
    }

    @Test
    void accessorsRefuseWrongTypes() throws IOException {
        NpyArray f = Npy.read(Fixtures.path("f8.npy"));
        assertThrows(IllegalStateException.class, f::asLongs);
        assertThrows(IllegalStateException.class, f::asString);
        NpyArray str = Npy.read(Fixtures.path("str_1d.npy"));
        assertThrows(IllegalStateException.class, str::asDoubles);
        assertThrows(IllegalStateException.class, str::toTensor);
        assertThrows(IllegalStateException.class, str::asString, "four strings are not one string");
        assertThrows(IllegalStateException.class, () -> Npy.read(Fixtures.path("i8.npy")).asInts());
    }

    // ------------------------------------------------------------------ writing exactly what numpy.save writes

    @Test
    void writerReproducesNumpySaveByteForByte() throws IOException {
        // the same values, built independently in Java (all exactly representable or correctly rounded divisions)
        double[] d = new double[6];
        for (int i = 0; i < 6; i++) d[i] = i / 7.0;
        assertSameBytes("write_f8_2x3.npy", NpyArray.of(Tensor.of(d, 2, 3)));
        assertSameBytes("write_f8_0d.npy", NpyArray.of(Tensor.scalar(2.5)));
        assertSameBytes("write_f8_empty.npy", NpyArray.of(Tensor.zeros(0)));
        double[] d4 = new double[12];
        for (int i = 0; i < 12; i++) d4[i] = i - 0.5;
        assertSameBytes("write_f8_4d.npy", NpyArray.ofDoubles(d4, 2, 1, 3, 2));
        assertSameBytes("write_i4.npy", NpyArray.ofInts(new int[] {1, -2, 3, 4, 5, -6}, 2, 3));
        assertSameBytes("write_i8.npy", NpyArray.ofLongs(new long[] {1_000_000_000_000L, -7}, 2));
        assertSameBytes("write_u1.npy", NpyArray.ofBytes(new byte[] {0, 7, (byte) 255}, 3));
        assertSameBytes("write_b1.npy", NpyArray.ofBools(new boolean[] {true, false, true, true}, 4));
        assertSameBytes("write_str.npy", NpyArray.ofString("{\"model\": \"fno\", \"modes\": [12, 12]}"));
        // values NumPy computed (cos), read back and rewritten: header with a 4-digit axis, larger data
        assertSameBytes("write_f8_1000.npy", Npy.read(Fixtures.path("write_f8_1000.npy")));
    }

    private static void assertSameBytes(String fixture, NpyArray array) throws IOException {
        byte[] expected = Files.readAllBytes(Fixtures.path(fixture));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, array);
        assertArrayEquals(expected, out.toByteArray(), fixture + ": our bytes differ from numpy.save's");
        assertEquals(expected.length, Npy.encodedSize(array));
    }

    @Test
    void headersAreAlignedTo64BytesForManyShapes() {
        int[][] shapes = {{}, {1}, {7}, {123456789}, {3, 4}, {1000, 16, 16}, {1, 2, 3, 4, 5, 6, 7, 8}};
        for (int[] shape : shapes) {
            byte[] h = Npy.header(new NpyArray(DType.FLOAT64, 8, shape, new byte[0]));
            assertEquals(0, h.length % 64, Arrays.toString(shape));
            assertEquals('\n', h[h.length - 1]);
            int len = (h[8] & 0xFF) | (h[9] & 0xFF) << 8;
            assertEquals(h.length - 10, len);
        }
    }

    @Test
    void roundTripsThroughAFile() throws IOException {
        Path f = dir.resolve("t.npy");
        Tensor t = Tensor.randn(42, 3, 5, 2);
        Npy.write(f, NpyArray.of(t));
        Tensor back = Npy.read(f).toTensor();
        assertArrayEquals(t.shape(), back.shape());
        assertArrayEquals(t.data(), back.data(), 0.0);
        Npy.write(f, NpyArray.ofString("ünïcödé 😀"));
        assertEquals("ünïcödé 😀", Npy.read(f).asString());
    }

    // ------------------------------------------------------------------ corrupt input

    private static byte[] valid() throws IOException {
        return Files.readAllBytes(Fixtures.path("write_f8_2x3.npy"));
    }

    /** Writes bytes to a file, reads it, and returns the FormatException (which must name the file). */
    private FormatException rejected(byte[] bytes, String problemFragment) throws IOException {
        Path f = dir.resolve("bad.npy");
        Files.write(f, bytes);
        FormatException e = assertThrows(FormatException.class, () -> Npy.read(f));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.problem().contains(problemFragment), "expected '" + problemFragment + "' in: " + e.problem());
        // the stream reader must agree
        FormatException s = assertThrows(FormatException.class, () -> Npy.read(new ByteArrayInputStream(bytes), "in-memory.npy"));
        assertTrue(s.getMessage().contains("in-memory.npy"), s.getMessage());
        return e;
    }

    private static byte[] withHeader(String dict, byte[] data) {
        // version 1.0 header with the given dict text, padded so data starts at 64
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) h.append(' ');
        h.append('\n');
        byte[] text = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + text.length + data.length];
        System.arraycopy(Npy.MAGIC, 0, out, 0, 6);
        out[6] = 1;
        out[8] = (byte) text.length;
        out[9] = (byte) (text.length >>> 8);
        System.arraycopy(text, 0, out, 10, text.length);
        System.arraycopy(data, 0, out, 10 + text.length, data.length);
        return out;
    }

    @Test
    void rejectsBadMagicVersionAndTruncation() throws IOException {
        byte[] v = valid();
        byte[] badMagic = v.clone();
        badMagic[1] = 'X';
        rejected(badMagic, "bad magic");
        rejected("PK\3\4 this is a zip".getBytes(StandardCharsets.ISO_8859_1), "bad magic");
        rejected(new byte[0], "truncated");
        byte[] badVersion = v.clone();
        badVersion[6] = 9;
        rejected(badVersion, "version");
        rejected(Arrays.copyOf(v, 9), "truncated");
        rejected(Arrays.copyOf(v, 40), "truncated header");
        rejected(Arrays.copyOf(v, v.length - 1), "truncated");
        rejected(Arrays.copyOf(v, v.length + 8), "size mismatch");
    }

    @Test
    void rejectsBadHeaderDicts() throws IOException {
        byte[] eight = new byte[8];
        rejected(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1,) ", eight), "bad header dict");
        rejected(withHeader("{'descr': '<f8', 'fortran_order': False}", eight), "keys must be exactly");
        rejected(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1}", eight), "keys must be exactly");
        rejected(withHeader("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}", eight), "fortran_order");
        rejected(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': [1]}", eight), "shape is not a tuple");
        rejected(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1)}", eight), "shape is not a tuple");
        rejected(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}", eight), "out of range");
        rejected(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1.5,)}", eight), "bad header dict");
        rejected(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999,)}", eight), "out of range");
        rejected(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (65536, 65536, 65536)}", eight), "too large");
        rejected(withHeader("__import__('os')", eight), "bad header dict");
        rejected(withHeader("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", eight), "duplicate key");
        rejected(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", eight), "truncated");
        rejected(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': ()}", new byte[16]), "size mismatch");
    }

    @Test
    void rejectsUnknownObjectAndStructuredDtypes() throws IOException {
        byte[] sixteen = new byte[16];
        rejected(withHeader("{'descr': '<c16', 'fortran_order': False, 'shape': (1,)}", sixteen), "unsupported dtype");
        rejected(withHeader("{'descr': '<f3', 'fortran_order': False, 'shape': (1,)}", sixteen), "dtype");
        rejected(withHeader("{'descr': 'float64', 'fortran_order': False, 'shape': (1,)}", sixteen), "dtype");
        rejected(withHeader("{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (1,)}", sixteen), "dtype");
        rejected(withHeader("{'descr': [('a', '<f8'), ('b', '<f8')], 'fortran_order': False, 'shape': (1,)}", sixteen), "structured");
        rejected(withHeader("{'descr': '|b1', 'fortran_order': False, 'shape': (2,)}", new byte[] {1, 2}), "bool element 1");
        Path f = dir.resolve("s.npy");
        Files.write(f, withHeader("{'descr': '>S3', 'fortran_order': False, 'shape': (1,)}", "abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("abc", Npy.read(f).asString(), "byte strings have no byte order");
        FormatException e = rejected(Files.readAllBytes(Fixtures.path("object.npy")), "object arrays");
        assertTrue(e.problem().contains("pickle"), e.problem());
    }

    // ------------------------------------------------------------------ NumPy loads what we write

    @Test
    void numpyLoadsWhatWeWrite() throws IOException {
        assumeTrue(Fixtures.pythonWithNumpy(), "needs /usr/bin/python3 with numpy");
        Path f8 = dir.resolve("f8.npy"), i4 = dir.resolve("i4.npy"), s = dir.resolve("s.npy"), b = dir.resolve("b.npy");
        double[] d = new double[24];
        for (int i = 0; i < 24; i++) d[i] = Math.scalb(i - 11.0, -3) ;
        Npy.write(f8, NpyArray.ofDoubles(d, 2, 3, 4));
        Npy.write(i4, NpyArray.ofInts(new int[] {-1, 2, Integer.MIN_VALUE}, 3));
        Npy.write(s, NpyArray.ofString("{\"k\": \"ü\"}"));
        Npy.write(b, NpyArray.ofBools(new boolean[] {true, false}, 1, 2));
        String script = String.join("\n",
                "import sys, numpy as np",
                "a = np.load(sys.argv[1], allow_pickle=False)",
                "assert a.dtype == np.float64 and a.shape == (2, 3, 4) and a.flags.c_contiguous",
                "assert (a.ravel() == (np.arange(24) - 11.0) / 8).all()",
                "i = np.load(sys.argv[2], allow_pickle=False)",
                "assert i.dtype == np.int32 and list(i) == [-1, 2, -2**31]",
                "s = np.load(sys.argv[3], allow_pickle=False)",
                "assert s.shape == () and str(s) == '{\"k\": \"\\u00fc\"}', repr(s)",
                "b = np.load(sys.argv[4], allow_pickle=False)",
                "assert b.dtype == np.bool_ and b.tolist() == [[True, False]]",
                "print('ok')");
        Fixtures.PythonResult r = Fixtures.runPython(script, f8.toString(), i4.toString(), s.toString(), b.toString());
        assertEquals("ok", r.output().strip(), r.output());
        assertEquals(0, r.exitCode());
    }

    @Test
    void factoriesCheckTheirArguments() {
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofDoubles(new double[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofInts(new int[0], -1));
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofString(null));
        List<String> names = new ArrayList<>();
        for (DType t : DType.values()) names.add(t.descr(8));
        assertTrue(names.contains("<f8") && names.contains("|u1") && names.contains("|b1") && names.contains("<U2"));
    }
}
