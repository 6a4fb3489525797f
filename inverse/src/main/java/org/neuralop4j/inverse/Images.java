package org.neuralop4j.inverse;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.neuralop4j.core.FormatException;
import org.neuralop4j.core.io.Npy;
import org.neuralop4j.core.io.NpyArray;

/**
 * Grey-scale images as real row-major arrays: read from {@code .npy} (a 2-D numeric array, values kept) or PNG
 * (luminance scaled to [0, 1]), written as {@code .npy} (float64) or 8-bit PNG (values clipped to [0, 1]).
 */
public final class Images {
    private Images() {}

    /** A loaded image: {@code rows x cols} values, row-major. */
    public static final class Image {
        private final double[] pixels;
        private final int rows, cols;

        /** @param pixels row-major, length {@code rows * cols} (not copied) */
        public Image(double[] pixels, int rows, int cols) {
            if (pixels.length != rows * cols) throw new IllegalArgumentException("image has " + pixels.length + " pixels, expected " + rows + " x " + cols);
            this.pixels = pixels;
            this.rows = rows;
            this.cols = cols;
        }

        /** @return the pixels (shared) */
        public double[] pixels() { return pixels; }

        /** @return rows */
        public int rows() { return rows; }

        /** @return columns */
        public int cols() { return cols; }
    }

    /** Reads {@code .npy} or {@code .png} by extension. */
    public static Image read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            NpyArray a = Npy.read(file);
            if (a.rank() != 2) throw new IllegalArgumentException("image file " + file + " holds a " + a.rank() + "-D array, expected 2-D");
            int[] s = a.shape();
            return new Image(a.asDoubles(), s[0], s[1]);
        }
        if (name.endsWith(".png")) {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) throw new FormatException(file, "not a readable PNG image");
            int h = img.getHeight(), w = img.getWidth();
            double[] px = new double[h * w];
            java.awt.image.Raster raster = img.getRaster();
            if (raster.getNumBands() == 1) {
                // grey PNG: the stored samples are the values (getRGB would apply a colour-space conversion)
                double max = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < w; j++) px[i * w + j] = raster.getSample(j, i, 0) / max;
                return new Image(px, h, w);
            }
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++) {
                    int rgb = img.getRGB(j, i);
                    int r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
                    px[i * w + j] = (0.299 * r + 0.587 * g + 0.114 * b) / 255.0;
                }
            return new Image(px, h, w);
        }
        throw new IllegalArgumentException("image file " + file + " must end in .npy or .png");
    }

    /** Writes float64 {@code .npy} of shape {@code (rows, cols)}. */
    public static void writeNpy(Path file, double[] pixels, int rows, int cols) throws IOException {
        Npy.write(file, NpyArray.ofDoubles(pixels.clone(), rows, cols));
    }

    /** Writes an 8-bit grey PNG, values clipped to [0, 1]. */
    public static void writePng(Path file, double[] pixels, int rows, int cols) throws IOException {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                int v = (int) Math.round(255 * Math.min(1, Math.max(0, pixels[i * cols + j])));
                img.getRaster().setSample(j, i, 0, v);
            }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer available for " + file);
    }
}
