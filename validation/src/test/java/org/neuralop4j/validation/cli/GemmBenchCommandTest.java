package org.neuralop4j.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.linalg.Gemm;

import picocli.CommandLine;

class GemmBenchCommandTest {
    private static String[] run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[]{String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void jsonOutputIsOneObjectWithEveryContenderPerSizeAndRestoresThreads() throws Exception {
        int before = Parallel.threads();
        String[] r = run("bench", "gemm", "--sizes", "8,33", "--batched", "3x5x7x40", "--threads", "1", "--seconds", "0.01", "--json");
        assertEquals("0", r[0], r[2]);
        assertEquals(before, Parallel.threads(), "the benchmark must restore the thread count");
        JsonNode root = new ObjectMapper().readTree(r[1]);
        assertEquals(1, r[1].trim().split("\n").length, "exactly one line of JSON");
        assertEquals(1, root.get("threads").asInt());
        JsonNode sizes = root.get("sizes");
        Iterator<String> names = sizes.fieldNames();
        assertEquals("8", names.next());
        assertEquals("33", names.next());
        for (String n : new String[]{"8", "33"}) {
            JsonNode row = sizes.get(n);
            for (String c : new String[]{"portable", "ejml", "ejml-mt", "netlib"})
                assertTrue(row.get(c).asDouble() > 0, c + " at n=" + n + " has no positive rate: " + row);
            assertEquals(Gemm.simdAvailable(), row.has("simd"));
        }
        assertTrue(root.get("batched").get("3x5x7x40").get("ejml").asDouble() > 0, r[1]);
    }

    @Test
    void tableListsSizesAndRatios() {
        String[] r = run("bench", "gemm", "--sizes", "16", "--batched", "none", "--threads", "2", "--seconds", "0.01");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("2 thread(s)"), r[1]);
        assertTrue(r[1].contains("/ejml"), r[1]);
        assertTrue(r[1].lines().anyMatch(l -> l.trim().startsWith("16 ")), r[1]);
    }

    @Test
    void badSizesAreRejected() {
        String[] r = run("bench", "gemm", "--sizes", "0", "--seconds", "0.01");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("sizes must be in 1..16384"), r[2]);
        String[] bad = run("bench", "gemm", "--sizes", "4", "--batched", "2x3x4", "--seconds", "0.01");
        assertEquals("2", bad[0]);
        assertTrue(bad[2].contains("--batched must be BxMxKxN"), bad[2]);
    }
}
