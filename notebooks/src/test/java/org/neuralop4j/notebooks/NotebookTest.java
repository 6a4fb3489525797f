package org.neuralop4j.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.FormatException;

class NotebookTest {
    @TempDir Path tmp;

    @Test
    void readsSourcesWrittenAsStringOrLinesAndWritesJupyterLayout() throws Exception {
        Path f = tmp.resolve("a.ipynb");
        Files.writeString(f, "{\"nbformat\":4,\"nbformat_minor\":5,\"metadata\":{},\"cells\":["
                + "{\"cell_type\":\"markdown\",\"metadata\":{},\"source\":[\"# T\\n\",\"text\"]},"
                + "{\"cell_type\":\"code\",\"metadata\":{},\"execution_count\":null,\"outputs\":[],\"source\":\"int a = 1;\\na\"}]}");
        Notebook nb = Notebook.read(f);
        assertEquals(2, nb.cellCount());
        assertEquals(Notebook.CellType.MARKDOWN, nb.cellType(0));
        assertEquals("# T\ntext", nb.source(0));
        assertEquals("int a = 1;\na", nb.source(1));
        nb.setOutputs(1, 7, JsonNodeFactory.instance.arrayNode());
        Path g = tmp.resolve("b.ipynb");
        nb.write(g);
        String json = Files.readString(g);
        // Jupyter's layout: keys sorted, one-space indent, "key": value, empty containers as {} and [].
        assertTrue(json.startsWith("{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",\n   \"metadata\": {},\n"), json);
        assertTrue(json.contains("\"execution_count\": 7,\n   \"metadata\": {},\n   \"outputs\": [],\n   \"source\": [\n    \"int a = 1;\\n\",\n    \"a\"\n   ]"), json);
        assertTrue(json.endsWith("\"nbformat_minor\": 5\n}\n"), json);
        Notebook again = Notebook.read(g);
        assertEquals("int a = 1;\na", again.source(1));
        assertEquals(json, again.toJson());
    }

    @Test
    void rejectsWhatIsNotANotebook() throws Exception {
        Path f = tmp.resolve("x.ipynb");
        Files.writeString(f, "{\"nbformat\":4,\"cells\":[{\"cell_type\":\"python\",\"source\":\"\"}]}");
        FormatException e = assertThrows(FormatException.class, () -> Notebook.read(f));
        assertTrue(e.getMessage().contains("cell 1: unknown cell_type \"python\""), e.getMessage());
        Files.writeString(f, "{\"nbformat\":3,\"cells\":[]}");
        e = assertThrows(FormatException.class, () -> Notebook.read(f));
        assertTrue(e.getMessage().contains("nbformat 3 is not supported"), e.getMessage());
        Files.writeString(f, "[1, 2");
        e = assertThrows(FormatException.class, () -> Notebook.read(f));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }
}
