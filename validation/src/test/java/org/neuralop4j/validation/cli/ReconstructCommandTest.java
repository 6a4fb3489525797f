package org.neuralop4j.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.inverse.Images;
import org.neuralop4j.inverse.SamplingMask;

class ReconstructCommandTest {
    @TempDir
    Path dir;

    @Test
    void jsonHasTheErrorAndPsnrAndTheFilesAreWritten() throws Exception {
        Path out = dir.resolve("out");
        Path mask = dir.resolve("mask.npy");
        String json = CliRun.succeed("reconstruct", "--size", "64", "--noise", "0.02", "--p", "20", "--restarts", "8",
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
        String again = CliRun.succeed("reconstruct", "--size", "64", "--noise", "0.02", "--p", "20", "--restarts", "8",
                "--mask", mask.toString(), "--out", dir.resolve("out2").toString(), "--json");
        assertEquals(n.get("relative_error").asDouble(), new ObjectMapper().readTree(again).get("relative_error").asDouble(), 0);
    }

    @Test
    void badOptionsGiveAClearError() {
        CliRun r = CliRun.of("reconstruct", "--size", "32", "--wavelet", "db9", "--out", dir.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("db9"), r.err());
    }
}
