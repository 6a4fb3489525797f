package org.neuralop4j.notebooks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Collects what one code cell writes (the notebook JVM's stdout and stderr, in arrival order) and turns it into
 * nbformat outputs: {@code stream} outputs for text, {@code display_data} / {@code execute_result} outputs for
 * rich values.
 *
 * <p>Rich values travel inside stdout as markers {@code \u0001NEURALOP4J <kind> <mime> <base64>\u0002}, written by
 * the {@code display(Object)} helper that the runner defines in every session ({@link #SESSION_PRELUDE}); kind is
 * {@code display} (from {@code display(...)}) or {@code result} (the value of a cell's last expression). The
 * control characters keep markers apart from anything a notebook prints.
 */
final class CellOutputs {
    static final String MARK_START = "\u0001NEURALOP4J ";
    static final char MARK_END = '\u0002';

    /** The runtime class defined in every session; name chosen not to collide with notebook code. */
    static final String RUNTIME_CLASS = "__NotebookRuntime";

    /**
     * Snippets evaluated before the first cell. {@code display(Object)} mirrors IJava's: images
     * ({@code java.awt.image.RenderedImage}) become PNG, anything else its {@code String.valueOf} text; it returns
     * a display id. Everything is fully qualified because a fresh JShell session imports nothing.
     */
    static final List<String> SESSION_PRELUDE = List.of(
            "class " + RUNTIME_CLASS + " {\n"
            + "    private static int displays;\n"
            + "    static String emit(String kind, Object value) {\n"
            + "        String mime;\n"
            + "        byte[] bytes;\n"
            + "        if (value instanceof java.awt.image.RenderedImage) {\n"
            + "            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();\n"
            + "            try {\n"
            + "                javax.imageio.ImageIO.write((java.awt.image.RenderedImage) value, \"png\", png);\n"
            + "            } catch (java.io.IOException e) {\n"
            + "                throw new java.io.UncheckedIOException(e);\n"
            + "            }\n"
            + "            mime = \"image/png\";\n"
            + "            bytes = png.toByteArray();\n"
            + "        } else {\n"
            + "            mime = \"text/plain\";\n"
            + "            bytes = String.valueOf(value).getBytes(java.nio.charset.StandardCharsets.UTF_8);\n"
            + "        }\n"
            + "        System.out.flush();\n"
            + "        System.out.print(\"\\u0001NEURALOP4J \" + kind + \" \" + mime + \" \"\n"
            + "                + java.util.Base64.getEncoder().encodeToString(bytes) + \"\\u0002\");\n"
            + "        System.out.flush();\n"
            + "        return \"display-\" + (++displays);\n"
            + "    }\n"
            + "}",
            "String display(Object value) { return " + RUNTIME_CLASS + ".emit(\"display\", value); }");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final List<String> chunkStreams = new ArrayList<>();
    private final List<ByteArrayOutputStream> chunks = new ArrayList<>();

    /** @return a sink for stream {@code name} ("stdout" or "stderr") that records into this collector */
    OutputStream stream(String name) {
        return new OutputStream() {
            @Override public void write(int b) { write(new byte[] {(byte) b}, 0, 1); }
            @Override public void write(byte[] b, int off, int len) { append(name, b, off, len); }
        };
    }

    private synchronized void append(String name, byte[] b, int off, int len) {
        int last = chunks.size() - 1;
        if (last < 0 || !chunkStreams.get(last).equals(name)) {
            chunkStreams.add(name);
            chunks.add(new ByteArrayOutputStream());
            last++;
        }
        chunks.get(last).write(b, off, len);
    }

    /** Forgets everything collected so far (called when a new cell starts). */
    synchronized void reset() {
        chunkStreams.clear();
        chunks.clear();
    }

    /** @return all text written to stdout and stderr since the last reset, markers included (for error messages) */
    synchronized String rawText() {
        StringBuilder b = new StringBuilder();
        for (ByteArrayOutputStream c : chunks) b.append(c.toString(StandardCharsets.UTF_8));
        return b.toString();
    }

    /**
     * Converts what was collected into nbformat outputs.
     * @param executionCount the cell's execution count, stored in {@code execute_result} outputs
     */
    synchronized ArrayNode toOutputs(int executionCount) {
        ArrayNode outputs = NODES.arrayNode();
        for (int i = 0; i < chunks.size(); i++) {
            String name = chunkStreams.get(i);
            String text = chunks.get(i).toString(StandardCharsets.UTF_8);
            if (name.equals("stderr")) {
                addStream(outputs, name, text);
                continue;
            }
            int pos = 0;
            while (pos < text.length()) {
                int start = text.indexOf(MARK_START, pos);
                int end = start < 0 ? -1 : text.indexOf(MARK_END, start);
                if (start < 0 || end < 0) {
                    addStream(outputs, name, text.substring(pos));
                    break;
                }
                addStream(outputs, name, text.substring(pos, start));
                addRich(outputs, text.substring(start + MARK_START.length(), end), executionCount);
                pos = end + 1;
            }
        }
        return outputs;
    }

    /** Appends text to the last output if it is the same stream (Jupyter merges them the same way). */
    private static void addStream(ArrayNode outputs, String name, String text) {
        if (text.isEmpty()) return;
        if (!outputs.isEmpty()) {
            ObjectNode last = (ObjectNode) outputs.get(outputs.size() - 1);
            if (last.path("output_type").asText().equals("stream") && last.path("name").asText().equals(name)) {
                StringBuilder all = new StringBuilder();
                last.get("text").forEach(l -> all.append(l.asText()));
                last.set("text", Notebook.lines(all.append(text).toString()));
                return;
            }
        }
        ObjectNode o = outputs.addObject();
        o.put("output_type", "stream");
        o.put("name", name);
        o.set("text", Notebook.lines(text));
    }

    private static void addRich(ArrayNode outputs, String marker, int executionCount) {
        String[] f = marker.split(" ", 3);
        if (f.length != 3) throw new IllegalStateException("malformed display marker: " + marker);
        String kind = f[0], mime = f[1];
        ObjectNode o = outputs.addObject();
        ObjectNode data = NODES.objectNode();
        if (mime.startsWith("text/")) {
            String text = new String(Base64.getDecoder().decode(f[2]), StandardCharsets.UTF_8);
            data.set(mime, Notebook.lines(text));
        } else {
            data.put(mime, f[2]); // nbformat stores binary display data as base64 text
        }
        if (kind.equals("result")) {
            o.put("output_type", "execute_result");
            o.put("execution_count", executionCount);
        } else {
            o.put("output_type", "display_data");
        }
        o.set("data", data);
        o.set("metadata", NODES.objectNode());
    }
}
