package org.neuralop4j.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.inverse.Images;
import org.neuralop4j.inverse.SamplingMask;
import picocli.CommandLine;

class ReconstructCommandTest {
    @TempDir
    Path dir;

    private String run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = cl.execute(args);
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code, err.toString());
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonHasTheErrorAndPsnrAndTheFilesAreWritten() throws Exception {
        Path out = dir.resolve("out");
        Path mask = dir.resolve("mask.npy");
        String json = run("reconstruct", "--size", "64", "--noise", "0.02", "--p", "20", "--restarts", "8",
                "--save-mask", mask.toString(), "--out", out.toString(), "--json");
        JsonNode n = new ObjectMapper().readTree(json);
        assertTrue(n.get("relative_error").asDouble() < 0.06, json);
        assertTrue(n.get("psnr").asDouble() > 35, json);
        assertEquals(8, n.get("relative_errors").size());
        assertEquals(3 * 20 * 8 + 1, n.get("network_depth").asInt());
        for (String f : new String[] {"reconstruction.npy", "reconstruction.png", "error_vs_restarts.png", "summary.json"})
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        assertEquals(64, Images.read(out.resolve("reconstruction.npy")).rows());
        // the saved mask reproduces the run exactly
        assertEquals(SamplingMask.variableDensity(new int[] {64, 64}, SamplingMask.Spectrum.FOURIER, 0.45, 7), SamplingMask.load(mask));
        String again = run("reconstruct", "--size", "64", "--noise", "0.02", "--p", "20", "--restarts", "8",
                "--mask", mask.toString(), "--out", dir.resolve("out2").toString(), "--json");
        assertEquals(n.get("relative_error").asDouble(), new ObjectMapper().readTree(again).get("relative_error").asDouble(), 0);
    }

    @Test
    void badOptionsGiveAClearError() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("reconstruct", "--size", "32", "--wavelet", "db9", "--out", dir.resolve("x").toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("db9"), err.toString());
    }
}
