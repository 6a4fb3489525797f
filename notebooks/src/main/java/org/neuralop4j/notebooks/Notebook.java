package org.neuralop4j.notebooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.neuralop4j.core.FormatException;

/**
 * A Jupyter notebook in nbformat 4 (the JSON format Jupyter, IJava and code hosts read), kept as a JSON tree so
 * that everything this class does not touch (metadata, attachments, cell ids) survives a load/save round trip.
 *
 * <p>Only code cells are executed; their {@code outputs} and {@code execution_count} are replaced by
 * {@link #setOutputs}. Files are written the way Jupyter writes them (sorted keys, one-space indent, sources
 * split into lines), so saving a notebook from Jupyter after a runner update gives a small diff.
 */
public final class Notebook {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode root;

    private Notebook(ObjectNode root) {
        this.root = root;
    }

    /** The kind of a notebook cell. */
    public enum CellType { CODE, MARKDOWN, RAW }

    /**
     * Reads a notebook.
     * @throws FormatException if the file is not nbformat 4 JSON with a {@code cells} array of known cell types
     */
    public static Notebook read(Path file) throws IOException {
        JsonNode tree;
        try {
            tree = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new FormatException(file, "not valid JSON: " + e.getOriginalMessage());
        }
        if (!(tree instanceof ObjectNode) || !tree.path("cells").isArray())
            throw new FormatException(file, "not a Jupyter notebook (no \"cells\" array)");
        if (tree.path("nbformat").asInt(-1) != 4)
            throw new FormatException(file, "nbformat " + tree.path("nbformat") + " is not supported, expected 4");
        int i = 0;
        for (JsonNode cell : tree.get("cells")) {
            i++;
            String type = cell.path("cell_type").asText("");
            if (!type.equals("code") && !type.equals("markdown") && !type.equals("raw"))
                throw new FormatException(file, "cell " + i + ": unknown cell_type \"" + type + "\"");
            JsonNode src = cell.path("source");
            if (!src.isTextual() && !src.isArray())
                throw new FormatException(file, "cell " + i + ": \"source\" must be a string or a list of strings");
        }
        return new Notebook((ObjectNode) tree);
    }

    /** @return number of cells (all types) */
    public int cellCount() { return root.get("cells").size(); }

    /** @return the type of cell {@code i} (0-based) */
    public CellType cellType(int i) {
        switch (cell(i).path("cell_type").asText("")) {
            case "code": return CellType.CODE;
            case "markdown": return CellType.MARKDOWN;
            default: return CellType.RAW; // read() admits only the three nbformat types
        }
    }

    /** @return the source of cell {@code i}; nbformat allows a string or a list of lines */
    public String source(int i) {
        JsonNode s = cell(i).path("source");
        if (s.isTextual()) return s.asText();
        StringBuilder b = new StringBuilder();
        for (JsonNode line : s) b.append(line.asText());
        return b.toString();
    }

    /**
     * Replaces the outputs and the execution count of code cell {@code i}.
     * @param outputs nbformat output objects (see {@link CellOutputs})
     */
    public void setOutputs(int i, int executionCount, ArrayNode outputs) {
        if (cellType(i) != CellType.CODE) throw new IllegalArgumentException("cell " + (i + 1) + " is not a code cell");
        ObjectNode c = cell(i);
        c.put("execution_count", executionCount);
        c.set("outputs", outputs);
    }

    /** Clears the outputs of every code cell (used before a run so no stale output survives a failure). */
    public void clearOutputs() {
        for (int i = 0; i < cellCount(); i++) {
            if (cellType(i) != CellType.CODE) continue;
            cell(i).putNull("execution_count");
            cell(i).set("outputs", NODES.arrayNode());
        }
    }

    /** @return the outputs of cell {@code i} (an empty array for cells that have none) */
    public ArrayNode outputs(int i) {
        JsonNode o = cell(i).get("outputs");
        return o instanceof ArrayNode ? (ArrayNode) o : NODES.arrayNode();
    }

    /** Writes the notebook atomically (temporary file + rename) in Jupyter's layout. */
    public void write(Path file) throws IOException {
        for (JsonNode c : root.get("cells")) {
            ObjectNode cell = (ObjectNode) c;
            JsonNode s = cell.get("source");
            if (s != null && s.isTextual()) cell.set("source", lines(s.asText()));
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, toJson().getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** @return the notebook as JSON text, laid out as Jupyter writes it (sorted keys, indent 1, final newline) */
    public String toJson() throws JsonProcessingException {
        Separators sep = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter indent = new DefaultIndenter(" ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(sep)
                .withObjectIndenter(indent);
        printer.indentArraysWith(indent);
        // Jackson sorts map entries but not ObjectNode fields, so sort the tree itself.
        return JSON.writer(printer).writeValueAsString(sorted(root)) + "\n";
    }

    /** Splits text into lines that keep their line terminators, as nbformat stores multi-line strings. */
    public static ArrayNode lines(String text) {
        ArrayNode a = NODES.arrayNode();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                a.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) a.add(text.substring(start));
        return a;
    }

    private ObjectNode cell(int i) {
        if (i < 0 || i >= cellCount())
            throw new IndexOutOfBoundsException("cell " + i + " of " + cellCount());
        return (ObjectNode) root.get("cells").get(i);
    }

    private static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode o = NODES.objectNode();
            for (String k : names) o.set(k, sorted(n.get(k)));
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = NODES.arrayNode();
            for (JsonNode e : n) a.add(sorted(e));
            return a;
        }
        return n;
    }
}
