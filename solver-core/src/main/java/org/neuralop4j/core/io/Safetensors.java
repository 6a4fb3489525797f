package org.neuralop4j.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neuralop4j.core.FormatException;
import org.neuralop4j.core.Tensor;

/**
 * Reads and writes the safetensors format (Hugging Face, github.com/huggingface/safetensors), used for model
 * weights: a file alone, with the model's configuration in the metadata, can rebuild a model, and Python's
 * {@code safetensors} package reads it.
 *
 * <p>Layout: 8 bytes, an unsigned little-endian 64-bit header size {@code N}; {@code N} bytes of UTF-8 JSON
 * {@code {"__metadata__": {str: str}, "<name>": {"dtype": "F64", "shape": [..], "data_offsets": [begin, end]}, ...}};
 * then the byte buffer. {@code data_offsets} are relative to the start of the buffer; tensors are little-endian,
 * row-major, and together cover the buffer exactly (contiguous, no gaps or overlaps).
 *
 * <p>Writing: all tensors as {@code F64}, in order of their names compared as UTF-8 bytes (the order the reference
 * implementation uses for tensors of one dtype), so the same content always gives the same bytes. The header is
 * compact JSON with {@code __metadata__} first (keys sorted; omitted when empty) and is padded with spaces so the
 * buffer starts at a multiple of 8 bytes. Writes are atomic ({@link AtomicFiles}).
 *
 * <p>Reading accepts F64, F32, F16, BF16, I64, I32, I16, I8, U64, U32, U16, U8 and BOOL and converts to float64.
 * A header larger than 100 MB or than the file, invalid JSON, a duplicate key, an unknown dtype, a shape whose size
 * disagrees with the byte range, offsets out of range, overlapping or leaving gaps, or trailing bytes are each
 * rejected with a {@link FormatException} naming the file.
 */
public final class Safetensors {
    private Safetensors() {}

    /** The reference implementation's limit on the header size. */
    static final long MAX_HEADER = 100_000_000L;
    private static final String METADATA_KEY = "__metadata__";
    private static final ObjectMapper READER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * What a safetensors file holds.
     *
     * @param tensors  name to float64 tensor, in the order of their data offsets in the file
     * @param metadata the {@code __metadata__} strings (empty if absent)
     * @param dtypes   name to the element type the tensor was stored with
     */
    public record Content(Map<String, Tensor> tensors, Map<String, String> metadata, Map<String, DType> dtypes) {}

    // ------------------------------------------------------------------ writing

    /**
     * Writes tensors (as float64) and string metadata atomically.
     *
     * @param tensors  name to tensor; names must be non-empty and not {@code __metadata__}
     * @param metadata free-form strings (e.g. a model configuration as JSON); may be {@code null} or empty
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        List<String> order = sortedNames(tensors);
        AtomicFiles.write(file, out -> {
            out.write(header);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (String name : order) {
                double[] d = tensors.get(name).data();
                for (double v : d) {
                    if (!chunk.hasRemaining()) {
                        out.write(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                    chunk.putDouble(v);
                }
            }
            out.write(chunk.array(), 0, chunk.position());
        });
    }

    /** The 8-byte length plus the padded JSON header, exactly as written. */
    static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        if (tensors == null) throw new IllegalArgumentException("tensors must not be null");
        List<String> order = sortedNames(tensors);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(json)) {
            g.writeStartObject();
            if (metadata != null && !metadata.isEmpty()) {
                g.writeObjectFieldStart(METADATA_KEY);
                for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
                    if (e.getValue() == null) throw new IllegalArgumentException("metadata value for '" + e.getKey() + "' is null");
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            long offset = 0;
            for (String name : order) {
                Tensor t = tensors.get(name);
                long end = offset + 8L * t.size();
                g.writeObjectFieldStart(name);
                g.writeStringField("dtype", "F64");
                g.writeArrayFieldStart("shape");
                for (int d : t.shape()) g.writeNumber(d);
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(end);
                g.writeEndArray();
                g.writeEndObject();
                offset = end;
            }
            g.writeEndObject();
        }
        byte[] text = json.toByteArray();
        int n = (text.length + 7) / 8 * 8; // pad with spaces so the data starts 8-byte aligned
        byte[] out = new byte[8 + n];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(n);
        System.arraycopy(text, 0, out, 8, text.length);
        Arrays.fill(out, 8 + text.length, out.length, (byte) ' ');
        return out;
    }

    private static List<String> sortedNames(Map<String, Tensor> tensors) {
        List<String> names = new ArrayList<>(tensors.keySet());
        for (String name : names) {
            if (name == null || name.isEmpty()) throw new IllegalArgumentException("tensor names must be non-empty");
            if (name.equals(METADATA_KEY)) throw new IllegalArgumentException("'" + METADATA_KEY + "' is reserved, not a tensor name");
            if (tensors.get(name) == null) throw new IllegalArgumentException("tensor '" + name + "' is null");
        }
        names.sort(Comparator.comparing((String s) -> s.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
        return names;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads a safetensors file, converting every tensor to float64.
     *
     * @throws FormatException if the file breaks the format (see the class description)
     */
    public static Content read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            if (fileSize < 8) throw new FormatException(file, "truncated: " + fileSize + " bytes, too short for a safetensors header length");
            ByteBuffer lenBuf = readAt(ch, 0, 8, file).order(ByteOrder.LITTLE_ENDIAN);
            long n = lenBuf.getLong(0);
            if (n < 0 || n > MAX_HEADER) throw new FormatException(file, "header too large: " + Long.toUnsignedString(n) + " bytes (limit " + MAX_HEADER + ")");
            if (8 + n > fileSize) throw new FormatException(file, "truncated: header claims " + n + " bytes, file has " + (fileSize - 8) + " after the length");
            byte[] headerBytes = readAt(ch, 8, (int) n, file).array();
            if (n < 2 || headerBytes[0] != '{') throw new FormatException(file, "header is not a JSON object (must start with '{')");
            JsonNode root;
            try {
                root = READER.readTree(headerBytes);
            } catch (JsonProcessingException e) {
                throw new FormatException(file, "header is not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (root == null || !root.isObject()) throw new FormatException(file, "header is not a JSON object");

            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals(METADATA_KEY)) {
                    if (!f.getValue().isObject()) throw new FormatException(file, "__metadata__ is not an object of strings");
                    for (Iterator<Map.Entry<String, JsonNode>> m = f.getValue().fields(); m.hasNext(); ) {
                        Map.Entry<String, JsonNode> kv = m.next();
                        if (!kv.getValue().isTextual())
                            throw new FormatException(file, "__metadata__ value for '" + kv.getKey() + "' is not a string");
                        metadata.put(kv.getKey(), kv.getValue().textValue());
                    }
                } else {
                    entries.add(parseEntry(f.getKey(), f.getValue(), file));
                }
            }

            long bufferSize = fileSize - 8 - n;
            List<Entry> byOffset = new ArrayList<>(entries);
            byOffset.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
            long expected = 0;
            for (Entry e : byOffset) {
                if (e.end > bufferSize)
                    throw new FormatException(file, "tensor '" + e.name + "': data_offsets [" + e.begin + ", " + e.end + "] out of range (buffer has " + bufferSize + " bytes)");
                if (e.begin < expected)
                    throw new FormatException(file, "tensor '" + e.name + "': data_offsets [" + e.begin + ", " + e.end + "] overlap the previous tensor (which ends at " + expected + ")");
                if (e.begin > expected)
                    throw new FormatException(file, "tensor '" + e.name + "': gap in the buffer before offset " + e.begin + " (previous tensor ends at " + expected + ")");
                expected = e.end;
            }
            if (expected != bufferSize)
                throw new FormatException(file, "size mismatch: tensors cover " + expected + " bytes but the buffer holds " + bufferSize);

            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, DType> dtypes = new LinkedHashMap<>();
            for (Entry e : byOffset) {
                ByteBuffer raw = readAt(ch, 8 + n + e.begin, (int) (e.end - e.begin), file);
                tensors.put(e.name, Tensor.wrap(decode(raw.array(), e, file), e.shape));
                dtypes.put(e.name, e.dtype);
            }
            return new Content(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata),
                    Collections.unmodifiableMap(dtypes));
        }
    }

    /** One tensor's header entry. */
    private static final class Entry {
        String name;
        DType dtype;
        boolean bfloat16;
        int[] shape;
        long begin, end;
    }

    private static Entry parseEntry(String name, JsonNode node, Path file) throws FormatException {
        String where = "tensor '" + name + "': ";
        if (!node.isObject()) throw new FormatException(file, where + "header entry is not an object");
        Entry e = new Entry();
        e.name = name;
        JsonNode dtype = node.get("dtype"), shape = node.get("shape"), offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isTextual()) throw new FormatException(file, where + "missing or non-string dtype");
        if (dtype.textValue().equals("BF16")) {
            e.dtype = DType.FLOAT16;
            e.bfloat16 = true;
        } else {
            e.dtype = DType.fromSafetensorsName(dtype.textValue());
        }
        if (e.dtype == null) throw new FormatException(file, where + "unknown or unsupported dtype '" + dtype.textValue() + "'");
        if (shape == null || !shape.isArray()) throw new FormatException(file, where + "missing shape array");
        e.shape = new int[shape.size()];
        for (int i = 0; i < e.shape.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0 || d.longValue() > Integer.MAX_VALUE)
                throw new FormatException(file, where + "shape entry " + d + " is not a non-negative int");
            e.shape[i] = (int) d.longValue();
        }
        long numel = NpyArray.saturatingElementCount(e.shape);
        if (offsets == null || !offsets.isArray() || offsets.size() != 2)
            throw new FormatException(file, where + "data_offsets must be [begin, end]");
        for (JsonNode o : offsets)
            if (!o.isIntegralNumber() || !o.canConvertToLong() || o.longValue() < 0)
                throw new FormatException(file, where + "data_offsets entry " + o + " is not a non-negative integer");
        e.begin = offsets.get(0).longValue();
        e.end = offsets.get(1).longValue();
        if (e.end < e.begin) throw new FormatException(file, where + "data_offsets [" + e.begin + ", " + e.end + "] end before they begin");
        if (numel > Integer.MAX_VALUE || numel * e.dtype.fixedSize() > Integer.MAX_VALUE - 16) throw new FormatException(file, where + "shape " + Arrays.toString(e.shape) + " is too large");
        long bytes = numel * e.dtype.fixedSize();
        if (bytes != e.end - e.begin)
            throw new FormatException(file, where + "shape " + Arrays.toString(e.shape) + " of " + dtype.textValue() + " needs "
                    + bytes + " bytes but data_offsets [" + e.begin + ", " + e.end + "] span " + (e.end - e.begin));
        return e;
    }

    private static double[] decode(byte[] raw, Entry e, Path file) throws FormatException {
        if (e.bfloat16) {
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            double[] out = new double[raw.length / 2];
            for (int i = 0; i < out.length; i++) out[i] = NpyArray.bfloat16ToFloat(b.getShort(2 * i));
            return out;
        }
        if (e.dtype == DType.BOOL) {
            for (int i = 0; i < raw.length; i++)
                if ((raw[i] & 0xFF) > 1)
                    throw new FormatException(file, "tensor '" + e.name + "': bool element " + i + " has byte value " + (raw[i] & 0xFF));
        }
        return new NpyArray(e.dtype, e.dtype.fixedSize(), e.shape, raw).asDoubles();
    }

    private static ByteBuffer readAt(FileChannel ch, long position, int length, Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            int k = ch.read(buf, position + buf.position());
            if (k < 0) throw new FormatException(file, "truncated at byte " + (position + buf.position()));
        }
        buf.flip();
        return buf;
    }
}
