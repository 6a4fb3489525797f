package org.neuralop4j.validation.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.operators.fno.FnoConfig;
import org.neuralop4j.operators.fno.FnoMemory;

class ReferenceScriptsAndMemoryTest {
    /** Stand-ins for the reference scripts, run by /bin/sh, printing what the real ones print. */
    private static Path fakeScripts(Path dir, String torchLine) throws IOException {
        Files.writeString(dir.resolve("dgemm.py"), "echo '{\"1024\": {\"gflops\": 81.25}}'\n");
        Files.writeString(dir.resolve("torch_fno.py"), "echo \"$@\" > args.txt 2>/dev/null; echo '" + torchLine + "'\n");
        Files.writeString(dir.resolve("numpy_fno.py"), "echo 'numpy float64 fno1d s=1024 w=64 m=16 b=20 forward=473.4 ms'\n");
        return dir;
    }

    @Test
    void parsesTheLinesTheScriptsPrint(@TempDir Path dir) throws Exception {
        ReferenceScripts scripts = new ReferenceScripts(fakeScripts(dir,
                "float64 threads=2 fno1d burgers s=1024 w=64 m=16 b=20: params=549569 train_step=802.3 ms forward=230.1 ms"), "/bin/sh", 2);
        assertEquals(81.25, scripts.dgemmGflops());
        ReferenceScripts.TorchTimes t = scripts.torch("fno1d");
        assertEquals(802.3, t.trainStepMs());
        assertEquals(230.1, t.forwardMs());
        assertEquals(473.4, scripts.numpyForwardMs());
    }

    @Test
    void unexpectedOutputMissingScriptsAndBadConfigsAreErrors(@TempDir Path dir) throws Exception {
        ReferenceScripts scripts = new ReferenceScripts(fakeScripts(dir, "Illegal instruction"), "/bin/sh", 2);
        IOException e = assertThrows(IOException.class, () -> scripts.torch("fno2d"));
        assertTrue(e.getMessage().contains("torch_fno.py") && e.getMessage().contains("Illegal instruction"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> scripts.torch("fno3d"));
        Files.delete(dir.resolve("numpy_fno.py"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> new ReferenceScripts(dir, "/bin/sh", 2));
        assertTrue(missing.getMessage().contains("numpy_fno.py"), missing.getMessage());
        Files.writeString(dir.resolve("numpy_fno.py"), "exit 3\n");
        IOException failed = assertThrows(IOException.class, () -> new ReferenceScripts(dir, "/bin/sh", 2).numpyForwardMs());
        assertTrue(failed.getMessage().contains("exit 3"), failed.getMessage());
    }

    @Test
    void parsesTheProductsOnlyFloorAndPassesTheConfiguration(@TempDir Path dir) throws Exception {
        ReferenceScripts scripts = new ReferenceScripts(fakeScripts(dir, "unused"), "/bin/sh", 2);
        Path floor = dir.resolve("floor.sh");
        Path args = dir.resolve("floor-args.txt");
        Files.writeString(floor, "echo \"$@\" > '" + args + "'; echo '{\"fno2d\": {\"gemm_gflop_per_step\": 13.392, "
                + "\"median_ms\": 616.4, \"min_ms\": 501.6, \"gflop_per_s_at_median\": 21.7}}'\n");
        ReferenceScripts.GemmFloor f = scripts.gemmFloor("fno2d", floor);
        assertEquals(13.392, f.gflopPerStep());
        assertEquals(616.4, f.medianMs());
        assertEquals(501.6, f.minMs());
        assertEquals("--only fno2d", Files.readString(args).strip());
        assertThrows(IllegalArgumentException.class, () -> scripts.gemmFloor("fno3d", floor));
        Files.writeString(floor, "echo 'ModuleNotFoundError: numpy'\n");
        IOException e = assertThrows(IOException.class, () -> scripts.gemmFloor("fno1d", floor));
        assertTrue(e.getMessage().contains("ModuleNotFoundError") && e.getMessage().contains(ReferenceScripts.FLOOR_SCRIPT), e.getMessage());
        Files.writeString(floor, "exit 4\n");
        IOException failed = assertThrows(IOException.class, () -> scripts.gemmFloor("fno1d", floor));
        assertTrue(failed.getMessage().startsWith(ReferenceScripts.FLOOR_SCRIPT + " failed (exit 4)"), failed.getMessage());
    }

    @Test
    void theFloorScriptShipsOnTheClassPath() throws Exception {
        try (var in = ReferenceScripts.class.getResourceAsStream(ReferenceScripts.FLOOR_SCRIPT)) {
            assertTrue(in != null, "missing resource " + ReferenceScripts.FLOOR_SCRIPT);
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(text.contains("def step_products(dims)") && text.contains("--only"), "unexpected script text");
        }
    }

    @Test
    void activationBytesCountWhatTheBackwardPassNeeds() {
        // 1-D, 1 input channel + 1 grid channel, width 4, 3 layers, projection 8, no padding, batch 2, 10 points:
        // lifting input 2*10, layer inputs 3*4*10, derivatives 2*4*10, projection input 4*10, hidden 2*8*10
        FnoConfig c = FnoConfig.builder().modes(3).width(4).layers(3).projectionWidth(8).build();
        long doubles = 2 * 10 + 3 * 4 * 10 + 2 * 4 * 10 + 4 * 10 + 2 * 8 * 10;
        assertEquals(8L * 2 * doubles, FnoMemory.activationBytes(c, 2, 10));
        // the benchmark's FNO-1D: about 126 MB
        FnoConfig fno1d = FnoConfig.builder().modes(16).width(64).build();
        assertEquals(20L * 1024 * (2 + 4 * 64 + 3 * 64 + 64 + 2 * 128) * 8, FnoMemory.activationBytes(fno1d, 20, 1024));
        assertThrows(IllegalArgumentException.class, () -> FnoMemory.activationBytes(fno1d, 20, 32, 32));
    }
}
