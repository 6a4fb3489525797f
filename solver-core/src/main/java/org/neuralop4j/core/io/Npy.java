package org.neuralop4j.core.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.neuralop4j.core.FormatException;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0, as specified in
 * {@code numpy/lib/format.py}, NEP 1).
 *
 * <p>File layout: magic {@code \x93NUMPY}, major and minor version bytes, header length (2 bytes little-endian in
 * 1.0, 4 bytes in 2.0/3.0), a header that is the text of a Python dict literal
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }} (latin-1 in 1.0/2.0, UTF-8 in 3.0) padded with
 * spaces and ending in a newline, then the raw elements.
 *
 * <p>Reading accepts the element types of {@link DType} in either byte order ({@code '<'}, {@code '>'}, {@code '|'};
 * {@code '='} is taken as little-endian) and both C and Fortran order; the result is always little-endian C order.
 * Object arrays ({@code '|O'}, which need pickle), structured dtypes, complex and datetime types are rejected.
 * Every problem (bad magic, unparsable header, unknown dtype, negative or overflowing shape, too few or too many data
 * bytes, a bool byte other than 0 or 1) raises a {@link FormatException} naming the file.
 *
 * <p>Writing produces exactly the bytes {@code numpy.save} (NumPy ≥ 1.23) writes for the same C-order little-endian
 * array: version 1.0 (2.0 only if the header exceeds 65535 bytes), keys sorted, Python {@code repr} of the shape,
 * the 21-digit growth space NumPy reserves after the header dict, and padding so the data starts at a multiple
 * of 64 bytes.
 */
public final class Npy {
    private Npy() {}

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ARRAY_ALIGN = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Headers larger than this are refused before allocation (NumPy's own limit is 10 000 by default). */
    private static final int MAX_HEADER = 1 << 20;

    // ------------------------------------------------------------------ reading

    /**
     * Reads a {@code .npy} file.
     *
     * @throws FormatException if the file is not a valid .npy array of a supported type
     * @throws IOException     if the file cannot be read
     */
    public static NpyArray read(Path file) throws IOException {
        long fileSize = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, new ErrorContext(file, null), fileSize);
        }
    }

    /**
     * Reads one {@code .npy} array from a stream, which is consumed to its end: bytes after the array's data are an
     * error (a size mismatch), as is a stream that ends early. The stream is not closed.
     *
     * @param nameForErrors how to name the source in a {@link FormatException}
     */
    public static NpyArray read(InputStream in, String nameForErrors) throws IOException {
        return read(in, ErrorContext.named(nameForErrors), -1);
    }

    static NpyArray read(InputStream in, ErrorContext ctx, long knownSize) throws IOException {
        byte[] pre = in.readNBytes(8);
        if (pre.length < 8) throw ctx.fail("truncated: " + pre.length + " bytes, too short for a .npy magic string");
        for (int i = 0; i < MAGIC.length; i++)
            if (pre[i] != MAGIC[i]) throw ctx.fail("bad magic: not a .npy file (starts with " + hex(pre) + ")");
        int major = pre[6] & 0xFF, minor = pre[7] & 0xFF;
        if (major < 1 || major > 3 || minor != 0)
            throw ctx.fail("unsupported .npy format version " + major + "." + minor + " (supported: 1.0, 2.0, 3.0)");
        int lenBytes = major == 1 ? 2 : 4;
        byte[] lenRaw = in.readNBytes(lenBytes);
        if (lenRaw.length < lenBytes) throw ctx.fail("truncated in the header length");
        long headerLen = 0;
        for (int i = lenBytes - 1; i >= 0; i--) headerLen = (headerLen << 8) | (lenRaw[i] & 0xFF);
        if (headerLen > MAX_HEADER) throw ctx.fail("header length " + headerLen + " is implausibly large");
        byte[] headerBytes = in.readNBytes((int) headerLen);
        if (headerBytes.length < headerLen)
            throw ctx.fail("truncated header: expected " + headerLen + " bytes, got " + headerBytes.length);
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = parseHeader(header, ctx);

        long numel = h.numel;
        if (numel > Integer.MAX_VALUE || numel * h.itemSize > Integer.MAX_VALUE - 16)
            throw ctx.fail("array of shape " + Arrays.toString(h.shape) + " and item size " + h.itemSize
                    + " is too large to hold in memory (limit 2^31 bytes)");
        long dataLen = numel * h.itemSize;
        long offset = 8 + lenBytes + headerLen;
        if (knownSize >= 0 && knownSize != offset + dataLen)
            throw ctx.fail("size mismatch: shape " + Arrays.toString(h.shape) + " of " + h.descr + " needs " + dataLen
                    + " data bytes, the file has " + (knownSize - offset) + (knownSize < offset + dataLen ? " (truncated)" : ""));
        byte[] data = in.readNBytes((int) dataLen);
        if (data.length < dataLen)
            throw ctx.fail("truncated: shape " + Arrays.toString(h.shape) + " of " + h.descr + " needs " + dataLen
                    + " data bytes, only " + data.length + " present");
        if (in.read() != -1)
            throw ctx.fail("size mismatch: data continues past the " + dataLen + " bytes that shape "
                    + Arrays.toString(h.shape) + " of " + h.descr + " needs");
        // UTF-32 strings swap per character; byte strings have no byte order
        if (h.bigEndian && h.dtype != DType.BYTES) swapBytes(data, h.dtype == DType.UNICODE ? 4 : h.itemSize);
        if (h.fortranOrder && h.shape.length > 1) data = fortranToC(data, h.shape, h.itemSize);
        if (h.dtype == DType.BOOL) {
            for (int i = 0; i < data.length; i++)
                if ((data[i] & 0xFF) > 1) throw ctx.fail("bool element " + i + " has byte value " + (data[i] & 0xFF) + ", expected 0 or 1");
        }
        return new NpyArray(h.dtype, h.itemSize, h.shape, data);
    }

    /** What the header dict says. */
    private static final class Header {
        DType dtype;
        int itemSize;
        boolean bigEndian;
        boolean fortranOrder;
        int[] shape;
        long numel;
        String descr;
    }

    private static Header parseHeader(String text, ErrorContext ctx) throws FormatException {
        Object parsed;
        try {
            parsed = new PyLiteralParser(text).parseHeader();
        } catch (IllegalArgumentException e) {
            throw ctx.fail("bad header dict: " + e.getMessage() + " in " + abbreviate(text));
        }
        if (!(parsed instanceof Map)) throw ctx.fail("bad header: not a dict: " + abbreviate(text));
        Map<?, ?> dict = (Map<?, ?>) parsed;
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape")))
            throw ctx.fail("bad header dict: keys must be exactly descr, fortran_order, shape; got " + dict.keySet());
        Header h = new Header();
        Object fo = dict.get("fortran_order");
        if (!(fo instanceof Boolean)) throw ctx.fail("bad header dict: fortran_order is not True/False: " + fo);
        h.fortranOrder = (Boolean) fo;
        Object sh = dict.get("shape");
        if (!(sh instanceof PyLiteralParser.Tuple)) throw ctx.fail("bad header dict: shape is not a tuple: " + sh);
        List<?> dims = ((PyLiteralParser.Tuple) sh).items;
        h.shape = new int[dims.size()];
        for (int i = 0; i < h.shape.length; i++) {
            Object d = dims.get(i);
            if (!(d instanceof Long)) throw ctx.fail("bad header dict: shape entry " + d + " is not an integer");
            long v = (Long) d;
            if (v < 0 || v > Integer.MAX_VALUE) throw ctx.fail("bad header dict: shape dimension " + v + " out of range");
            h.shape[i] = (int) v;
        }
        h.numel = NpyArray.saturatingElementCount(h.shape);
        Object descr = dict.get("descr");
        if (descr instanceof List) throw ctx.fail("structured (record) dtypes are not supported: " + abbreviate(text));
        if (!(descr instanceof String)) throw ctx.fail("bad header dict: descr is not a string: " + descr);
        h.descr = (String) descr;
        parseDescr(h, ctx);
        return h;
    }

    private static void parseDescr(Header h, ErrorContext ctx) throws FormatException {
        String d = h.descr;
        if (d.isEmpty()) throw ctx.fail("unknown dtype ''");
        char order = d.charAt(0);
        String rest = d;
        if (order == '<' || order == '>' || order == '|' || order == '=') rest = d.substring(1);
        else order = '=';
        if (rest.isEmpty()) throw ctx.fail("unknown dtype '" + d + "'");
        char kind = rest.charAt(0);
        if (kind == 'O') throw ctx.fail("object arrays ('" + d + "') need pickle and are not supported");
        String digits = rest.substring(1);
        int size;
        try {
            size = digits.isEmpty() ? -1 : Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw ctx.fail("unknown dtype '" + d + "'");
        }
        h.bigEndian = order == '>';
        if (kind == 'U' || kind == 'S') {
            if (size < 0 || size > (1 << 26)) throw ctx.fail("unknown dtype '" + d + "'");
            h.dtype = kind == 'U' ? DType.UNICODE : DType.BYTES;
            h.itemSize = kind == 'U' ? 4 * size : size;
            return;
        }
        DType t = size > 0 ? DType.numeric(kind, size) : null;
        if (t == null) throw ctx.fail("unknown or unsupported dtype '" + d + "'");
        if (size == 1 && order == '>') h.bigEndian = false;
        h.dtype = t;
        h.itemSize = size;
    }

    /** Reverses the bytes of every {@code width}-byte unit in place. */
    private static void swapBytes(byte[] data, int width) {
        if (width <= 1) return;
        for (int base = 0; base + width <= data.length; base += width) {
            for (int i = 0, j = width - 1; i < j; i++, j--) {
                byte t = data[base + i];
                data[base + i] = data[base + j];
                data[base + j] = t;
            }
        }
    }

    /** Reorders elements stored column-major (first index fastest) into row-major order. */
    private static byte[] fortranToC(byte[] src, int[] shape, int itemSize) {
        int rank = shape.length;
        int n = NpyArray.elementCount(shape);
        byte[] dst = new byte[src.length];
        if (n == 0) return dst;
        long[] fStride = new long[rank];
        long s = 1;
        for (int k = 0; k < rank; k++) {
            fStride[k] = s;
            s *= shape[k];
        }
        int[] idx = new int[rank];
        long srcElem = 0;
        for (int out = 0; out < n; out++) {
            System.arraycopy(src, (int) (srcElem * itemSize), dst, out * itemSize, itemSize);
            // odometer over the C-order index, last axis fastest
            for (int k = rank - 1; k >= 0; k--) {
                idx[k]++;
                srcElem += fStride[k];
                if (idx[k] < shape[k]) break;
                srcElem -= fStride[k] * shape[k];
                idx[k] = 0;
            }
        }
        return dst;
    }

    // ------------------------------------------------------------------ writing

    /** Writes {@code array} to {@code file} atomically (see {@link AtomicFiles}), byte-identical to numpy.save. */
    public static void write(Path file, NpyArray array) throws IOException {
        if (array == null) throw new IllegalArgumentException("array must not be null");
        AtomicFiles.write(file, out -> write(out, array));
    }

    /** Writes {@code array} in .npy format to {@code out} (not closed). */
    public static void write(OutputStream out, NpyArray array) throws IOException {
        if (array == null) throw new IllegalArgumentException("array must not be null");
        out.write(header(array));
        out.write(array.bytes());
    }

    /** @return the number of bytes {@link #write(OutputStream, NpyArray)} produces */
    static long encodedSize(NpyArray array) {
        return header(array).length + (long) array.bytes().length;
    }

    /** The magic, version, length and padded header dict exactly as NumPy's {@code _write_array_header}. */
    static byte[] header(NpyArray array) {
        int[] shape = array.shape();
        StringBuilder dict = new StringBuilder();
        dict.append("{'descr': '").append(array.descr()).append("', 'fortran_order': False, 'shape': ")
                .append(shapeRepr(shape)).append(", }");
        if (shape.length > 0) {
            int pad = GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length();
            dict.append(" ".repeat(pad));
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        int hlen = text.length + 1; // + newline
        int major = 1, lenBytes = 2;
        int pad = ARRAY_ALIGN - ((MAGIC.length + 2 + lenBytes + hlen) % ARRAY_ALIGN);
        if (hlen + pad > 65535) {
            major = 2;
            lenBytes = 4;
            pad = ARRAY_ALIGN - ((MAGIC.length + 2 + lenBytes + hlen) % ARRAY_ALIGN);
        }
        int total = hlen + pad;
        byte[] out = new byte[MAGIC.length + 2 + lenBytes + total];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = (byte) major;
        out[7] = 0;
        for (int i = 0; i < lenBytes; i++) out[8 + i] = (byte) (total >>> (8 * i));
        int p = 8 + lenBytes;
        System.arraycopy(text, 0, out, p, text.length);
        p += text.length;
        for (int i = 0; i < pad; i++) out[p++] = ' ';
        out[p] = '\n';
        return out;
    }

    /** Python's repr of a tuple of ints: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
    static String shapeRepr(int[] shape) {
        if (shape.length == 0) return "()";
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }

    // ------------------------------------------------------------------ helpers

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 8); i++) sb.append(String.format("%02x", b[i] & 0xFF));
        return sb.toString();
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    /** Names the source of the bytes being parsed in every {@link FormatException}. */
    static final class ErrorContext {
        final Path file;
        final String where;

        ErrorContext(Path file, String where) {
            this.file = file;
            this.where = where;
        }

        static ErrorContext named(String name) {
            if (name == null) return new ErrorContext(null, null);
            try {
                return new ErrorContext(Path.of(name), null);
            } catch (InvalidPathException e) {
                return new ErrorContext(null, name);
            }
        }

        FormatException fail(String problem) {
            return new FormatException(file, where == null ? problem : where + ": " + problem);
        }
    }
}
