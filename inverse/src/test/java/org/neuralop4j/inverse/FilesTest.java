package org.neuralop4j.inverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.FormatException;

class FilesTest {
    @TempDir
    Path dir;

    @Test
    void masksRoundTripThroughNpy() throws Exception {
        SamplingMask m = SamplingMask.variableDensity(new int[] {32, 48}, SamplingMask.Spectrum.FOURIER, 0.4, 2);
        Path f = dir.resolve("mask.npy");
        m.save(f);
        assertEquals(m, SamplingMask.load(f));
        Files.write(dir.resolve("bad.npy"), new byte[] {1, 2, 3});
        assertThrows(FormatException.class, () -> SamplingMask.load(dir.resolve("bad.npy")));
    }

    @Test
    void imagesRoundTripThroughNpyAndPng() throws Exception {
        double[] img = Phantoms.sheppLogan(32);
        Images.writeNpy(dir.resolve("a.npy"), img, 32, 32);
        Images.Image back = Images.read(dir.resolve("a.npy"));
        assertArrayEquals(img, back.pixels(), 0);
        Images.writePng(dir.resolve("a.png"), img, 32, 32);
        Images.Image png = Images.read(dir.resolve("a.png"));
        assertEquals(32, png.rows());
        for (int i = 0; i < img.length; i++) assertEquals(img[i], png.pixels()[i], 0.5 / 255 + 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Images.read(dir.resolve("a.txt")));
    }

    @Test
    void sheppLoganHasTheModifiedIntensities() {
        double[] img = Phantoms.sheppLogan(128);
        double min = 1, max = 0;
        for (double v : img) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0, min, 1e-12);
        assertEquals(1, max, 1e-12); // the skull rim
        assertEquals(0.2, img[64 * 128 + 64], 1e-12); // centre: skull 1 minus brain 0.8
        // left-right symmetry of the outer ellipses: the skull is symmetric
        assertEquals(img[5 * 128 + 64], img[5 * 128 + 63], 0);
        assertTrue(Phantoms.randomEllipses(64, 8, 1).length == 64 * 64);
    }
}
