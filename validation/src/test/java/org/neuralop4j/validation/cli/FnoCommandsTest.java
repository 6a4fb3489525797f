package org.neuralop4j.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.io.NpyArray;
import org.neuralop4j.core.io.Npz;

class FnoCommandsTest {
    @TempDir
    Path dir;

    @Test
    void trainWritesModelMetricsPlotsAndEvaluateReadsTheModel() throws Exception {
        Tensor x = Tensor.randn(1, 12, 16), y = Tensor.zeros(12, 16);
        for (int i = 0; i < 12; i++)
            for (int j = 0; j < 16; j++) y.set(x.get(i, j) + 0.5 * x.get(i, (j + 1) % 16), i, j);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("x", NpyArray.of(x));
        arrays.put("y", NpyArray.of(y));
        Path data = dir.resolve("d.npz"), out = dir.resolve("run");
        Npz.write(data, arrays, false);
        String text = CliRun.succeed("train", "fno", "--data", data.toString(), "--test", data.toString(), "--width", "4", "--modes", "3",
                "--layers", "2", "--projection-width", "8", "--epochs", "2", "--batch", "6", "--out", out.toString(), "--quiet");
        assertTrue(text.contains("test relative_l2"), text);
        for (String f : new String[] {"model.safetensors", "config.json", "metrics.csv", "checkpoint-last.safetensors",
                "plots/training_curve.png", "plots/sample_0.png"})
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        JsonNode j = new ObjectMapper().readTree(CliRun.succeed("evaluate", "--model", out.toString(), "--data", data.toString(), "--json"));
        double l2 = j.get("relative_l2").asDouble();
        assertTrue(l2 > 0 && l2 < 2, "relative_l2 " + l2);
        assertEquals(12, j.get("samples").asInt());
        // --resume continues from the checkpoint to the new epoch count
        CliRun.succeed("train", "fno", "--data", data.toString(), "--width", "4", "--modes", "3", "--layers", "2", "--projection-width", "8",
                "--epochs", "3", "--batch", "6", "--out", out.toString(), "--resume", "--quiet");
        assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size(), "header + 3 epochs");
    }
}
