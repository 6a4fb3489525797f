package org.neuralop4j.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CellOutputsTest {
    private static String marker(String kind, String mime, byte[] payload) {
        return CellOutputs.MARK_START + kind + " " + mime + " " + Base64.getEncoder().encodeToString(payload) + CellOutputs.MARK_END;
    }

    @Test
    void streamsAndMarkersBecomeOrderedOutputs() {
        CellOutputs c = new CellOutputs();
        PrintStream out = new PrintStream(c.stream("stdout"), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(c.stream("stderr"), true, StandardCharsets.UTF_8);
        out.print("a\nb");
        out.print("c\n");
        out.print(marker("display", "image/png", new byte[] {1, 2, 3}));
        out.print("after\n");
        err.print("warn\n");
        out.print(marker("result", "text/plain", "x = é\ny".getBytes(StandardCharsets.UTF_8)));
        ArrayNode o = c.toOutputs(4);
        assertEquals(5, o.size(), o.toString());
        assertEquals("stream", o.get(0).get("output_type").asText());
        assertEquals("[\"a\\n\",\"bc\\n\"]", o.get(0).get("text").toString());
        assertEquals("display_data", o.get(1).get("output_type").asText());
        assertEquals(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}), o.get(1).get("data").get("image/png").asText());
        assertEquals("[\"after\\n\"]", o.get(2).get("text").toString());
        assertEquals("stderr", o.get(3).get("name").asText());
        assertEquals("execute_result", o.get(4).get("output_type").asText());
        assertEquals(4, o.get(4).get("execution_count").asInt());
        assertEquals("[\"x = é\\n\",\"y\"]", o.get(4).get("data").get("text/plain").toString());
        c.reset();
        assertEquals(0, c.toOutputs(5).size());
    }
}
