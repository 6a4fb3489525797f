package org.neuralop4j.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.linalg.Gemm;

class GemmBenchCommandTest {
    @Test
    void jsonOutputIsOneObjectWithEveryContenderPerSizeAndRestoresThreads() throws Exception {
        int before = Parallel.threads();
        CliRun r = CliRun.of("bench", "gemm", "--sizes", "8,33", "--batched", "3x5x7x40", "--threads", "1", "--seconds", "0.01", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(before, Parallel.threads(), "the benchmark must restore the thread count");
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(1, r.out().trim().split("\n").length, "exactly one line of JSON");
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
        assertTrue(root.get("batched").get("3x5x7x40").get("ejml").asDouble() > 0, r.out());
    }

    @Test
    void tableListsSizesAndRatios() {
        CliRun r = CliRun.of("bench", "gemm", "--sizes", "16", "--batched", "none", "--threads", "2", "--seconds", "0.01");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 thread(s)"), r.out());
        assertTrue(r.out().contains("/ejml"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith("16 ")), r.out());
    }

    @Test
    void badSizesAreRejected() {
        CliRun r = CliRun.of("bench", "gemm", "--sizes", "0", "--seconds", "0.01");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("sizes must be in 1..16384"), r.err());
        CliRun bad = CliRun.of("bench", "gemm", "--sizes", "4", "--batched", "2x3x4", "--seconds", "0.01");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--batched must be BxMxKxN"), bad.err());
    }
}
