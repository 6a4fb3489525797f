package org.neuralop4j.notebooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small notebooks for the tests: a cell text starting with {@code "md:"} is markdown, others are code. */
final class TestNotebooks {
    private TestNotebooks() {}

    static Path write(Path file, String... cells) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode nb = json.createObjectNode();
        nb.put("nbformat", 4);
        nb.put("nbformat_minor", 5);
        nb.putObject("metadata").putObject("kernelspec").put("name", "java").put("language", "java")
                .put("display_name", "Java");
        ArrayNode cs = nb.putArray("cells");
        for (String c : cells) {
            ObjectNode cell = cs.addObject();
            boolean md = c.startsWith("md:");
            cell.put("cell_type", md ? "markdown" : "code");
            cell.putObject("metadata");
            cell.put("source", md ? c.substring(3) : c);
            if (!md) {
                cell.putNull("execution_count");
                cell.putArray("outputs");
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, json.writeValueAsString(nb));
        return file;
    }

    /** @return all text of the outputs of cell {@code i} of one type and key ("stream"/"text", "execute_result"/"text/plain", ...) */
    static String text(Notebook nb, int i, String outputType) {
        StringBuilder b = new StringBuilder();
        for (var o : nb.outputs(i)) {
            if (!o.path("output_type").asText().equals(outputType)) continue;
            var t = outputType.equals("stream") ? o.get("text") : o.path("data").path("text/plain");
            if (t.isArray()) t.forEach(l -> b.append(l.asText()));
            else b.append(t.asText());
        }
        return b.toString();
    }
}
