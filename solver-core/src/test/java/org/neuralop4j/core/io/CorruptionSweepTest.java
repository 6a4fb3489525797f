package org.neuralop4j.core.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.FormatException;
import org.neuralop4j.core.Tensor;

/**
 * Seeded random damage (byte flips, truncation, inserted garbage) to valid files: every reader must either return
 * an array (damage a format cannot detect, e.g. a flipped data byte in a .npy without checksum) or throw
 * {@link FormatException} naming the file, never another exception type (or an out-of-memory from a forged size).
 */
class CorruptionSweepTest {
    @TempDir Path dir;

    private interface Reader {
        void read(Path f) throws IOException;
    }

    private void sweep(byte[] valid, String name, Reader reader, long seed) throws IOException {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        Path f = dir.resolve(name);
        int rejected = 0;
        for (int trial = 0; trial < 120; trial++) {
            byte[] b;
            switch (trial % 3) {
                case 0: {
                    b = valid.clone();
                    int flips = 1 + rng.nextInt(3);
                    for (int k = 0; k < flips; k++) b[rng.nextInt(b.length)] ^= (byte) (1 + rng.nextInt(255));
                    break;
                }
                case 1:
                    b = Arrays.copyOf(valid, rng.nextInt(valid.length));
                    break;
                default: {
                    int at = rng.nextInt(valid.length + 1), len = 1 + rng.nextInt(16);
                    b = new byte[valid.length + len];
                    System.arraycopy(valid, 0, b, 0, at);
                    for (int k = 0; k < len; k++) b[at + k] = (byte) rng.nextInt(256);
                    System.arraycopy(valid, at, b, at + len, valid.length - at);
                }
            }
            Files.write(f, b);
            try {
                reader.read(f);
            } catch (FormatException e) {
                assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
                rejected++;
            } catch (Throwable t) {
                fail(name + " trial " + trial + ": " + t.getClass().getName() + " instead of FormatException", t);
            }
        }
        assertTrue(rejected > 60, name + ": most damaged files must be rejected, only " + rejected + " were");
    }

    @Test
    void npy() throws IOException {
        sweep(Files.readAllBytes(Fixtures.path("f8_fortran.npy")), "a.npy", Npy::read, 1);
        sweep(Files.readAllBytes(Fixtures.path("str_1d.npy")), "s.npy", Npy::read, 2);
    }

    @Test
    void npz() throws IOException {
        sweep(Files.readAllBytes(Fixtures.path("stored.npz")), "a.npz", Npz::read, 3);
        sweep(Files.readAllBytes(Fixtures.path("deflated.npz")), "d.npz", Npz::read, 4);
    }

    @Test
    void safetensors() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("w", Tensor.randn(5, 3, 4));
        t.put("b", Tensor.randn(6, 4));
        Path f = dir.resolve("valid.safetensors");
        Safetensors.write(f, t, Map.of("config", "{\"a\": 1}"));
        sweep(Files.readAllBytes(f), "a.safetensors", Safetensors::read, 5);
    }
}
