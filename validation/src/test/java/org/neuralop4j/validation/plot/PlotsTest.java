package org.neuralop4j.validation.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.Tensor;

class PlotsTest {
    @TempDir
    Path dir;

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static BufferedImage readPng(Path p) throws IOException {
        assertTrue(Files.size(p) > 1000, p + " is too small to be a figure");
        byte[] head = new byte[8];
        System.arraycopy(Files.readAllBytes(p), 0, head, 0, 8);
        assertArrayEquals(PNG_MAGIC, head, "not a PNG: " + p);
        BufferedImage im = ImageIO.read(p.toFile());
        assertTrue(im != null, "unreadable PNG " + p);
        return im;
    }

    /** Number of distinct colours in the image: a blank or one-colour figure would show ~1. */
    private static int colours(BufferedImage im) {
        java.util.Set<Integer> s = new java.util.HashSet<>();
        for (int y = 0; y < im.getHeight(); y += 3) for (int x = 0; x < im.getWidth(); x += 3) s.add(im.getRGB(x, y));
        return s.size();
    }

    @Test
    void lineAndTrainingPlotsAreValidPngsOfTheDefaultSize() throws IOException {
        double[] x = {1, 2, 4, 8, 16}, y1 = {1, 0.25, 0.0625, 0.015625, 0.00390625}, y2 = {1, 0.5, 0.25, 0.125, 0.0625};
        Path p = Plots.line(dir.resolve("sub/conv.png"), "convergence", "1/h", "error",
                List.of(new Series("order 2", x, y1), new Series("order 1", x, y2)), true);
        BufferedImage im = readPng(p);
        assertEquals(Plots.WIDTH, im.getWidth());
        assertEquals(Plots.HEIGHT, im.getHeight());
        assertTrue(colours(im) > 10);
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("train", new double[] {1, 0.5, 0.3, 0.2, 0.15, 0.12});
        curves.put("test", new double[] {1.1, 0.6, 0.4, 0.35, 0.33, 0.32});
        BufferedImage t = readPng(Plots.trainingCurves(dir.resolve("train.png"), "training", curves));
        assertEquals(Plots.WIDTH, t.getWidth());
        assertTrue(GraphicsEnvironment.isHeadless());
    }

    @Test
    void predictionPanels1dHasTwoPanels() throws IOException {
        int n = 64;
        double[] x = new double[n], u = new double[n], v = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i / (double) n;
            u[i] = Math.sin(2 * Math.PI * x[i]);
            v[i] = u[i] + 0.05 * Math.cos(6 * Math.PI * x[i]);
        }
        BufferedImage im = readPng(Plots.predictionPanels1d(dir.resolve("p1.png"), "Burgers sample 0", x, v, u));
        assertEquals(2 * (Plots.WIDTH / 2 + 100), im.getWidth());
        assertEquals(Plots.HEIGHT, im.getHeight());
    }

    /**
     * A smooth curve of amplitude 3e-3 on 1024 points (a Burgers solution) made XChart put its y ticks at the data
     * values themselves: dozens of overlapping 15-digit labels. Every tick XChart considers must be a multiple of
     * a round step, and the real series keep XChart's palette.
     */
    @Test
    void smallAmplitudeCurvesGetRoundYTicks() {
        int n = 1024;
        double[] x = new double[n], truth = new double[n], prediction = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i / (double) n;
            truth[i] = 2.8e-3 * Math.sin(2 * Math.PI * x[i] - 1.7) + 1.3e-4 * Math.sin(6 * Math.PI * x[i]);
            prediction[i] = truth[i] + 2e-6 * Math.cos(2 * Math.PI * x[i]);
        }
        org.knowm.xchart.XYChart chart = Plots.lineChart("Burgers", "x", "u(x)",
                List.of(new Series("truth", x, truth), new Series("prediction", x, prediction)), false, 500, 500);
        java.util.List<Double> ticks = new java.util.ArrayList<>(), xTicks = new java.util.ArrayList<>();
        chart.getStyler().setyAxisTickLabelsFormattingFunction(v -> {
            ticks.add(v);
            return String.format("%.4g", v);
        });
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
            xTicks.add(v);
            return String.format("%.4g", v);
        });
        org.knowm.xchart.BitmapEncoder.getBufferedImage(chart);
        // x: the grid i / 1024 would otherwise be ticked at grid points (0.875 was the last label, not 1)
        java.util.Set<Double> roundX = new java.util.HashSet<>();
        for (double t : xTicks) {
            if (t == x[0] || t == x[n - 1]) continue; // the axis ends, formatted to test the format
            assertEquals(Math.rint(t / 0.05), t / 0.05, 1e-9, "x tick " + t + " is not a multiple of 0.05");
            roundX.add(t);
        }
        assertTrue(roundX.size() >= 4, "too few x ticks: " + roundX);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] y : List.of(truth, prediction))
            for (double v : y) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        double round = 0.5e-6; // every step XChart tries for a range of 5.6e-3 is a multiple of 0.5e-6
        java.util.Set<Double> roundTicks = new java.util.HashSet<>();
        for (double t : ticks) {
            if (t == lo || t == hi) continue; // XChart also formats the axis ends (to see if the format is too coarse)
            double multiples = t / round;
            assertEquals(Math.rint(multiples), multiples, 1e-6, "y tick " + t + " is not a round number");
            roundTicks.add(t);
        }
        assertTrue(roundTicks.size() >= 4, "too few y ticks: " + roundTicks);
        java.awt.Color[] palette = chart.getStyler().getSeriesColors();
        assertEquals(palette[0], chart.getSeriesMap().get("truth").getLineColor());
        assertEquals(palette[1], chart.getSeriesMap().get("prediction").getLineColor());
        assertTrue(!chart.getSeriesMap().get(Plots.TICK_ANCHOR).isShowInLegend());
    }

    @Test
    void heatMapsShowTheFieldWithViridisAndAColourBar() throws IOException {
        int n = 32;
        Tensor truth = Tensor.zeros(n, n), pred = Tensor.zeros(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                truth.set(Math.sin(Math.PI * i / n) * Math.sin(Math.PI * j / n), i, j);
                pred.set(truth.get(i, j) + 0.02 * Math.cos(3 * Math.PI * i / n), i, j);
            }
        Path p = Plots.predictionTruthError2d(dir.resolve("darcy.png"), "Darcy sample 0", pred.reshape(1, 1, n, n), truth.reshape(1, 1, n, n));
        BufferedImage im = readPng(p);
        assertTrue(im.getWidth() > 3 * 300 && im.getHeight() > 300, im.getWidth() + "x" + im.getHeight());
        assertTrue(colours(im) > 50);
        // the colour of the field's maximum (centre) is viridis' top colour: yellow
        BufferedImage single = readPng(Plots.heatMaps(dir.resolve("one.png"), "t", List.of(new Field2d("truth", truth)), false));
        int scale = 300 / n;
        int cx = 12 + (n / 2) * scale + scale / 2, cy = 40 + 26 + 6 + (n - 1 - n / 2) * scale + scale / 2;
        int rgb = single.getRGB(cx, cy) & 0xffffff;
        int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
        assertTrue(r > 200 && g > 200 && b < 80, "centre colour " + Integer.toHexString(rgb));
        assertThrows(IllegalArgumentException.class, () -> new Field2d("bad", Tensor.zeros(2, 2, 3, 3)));
    }

    @Test
    void barChartsAndViridisEnds() throws IOException {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("random", new double[] {1.2, 0.9, 3});
        s.put("worst case", new double[] {40, 1.1, 300});
        BufferedImage im = readPng(Plots.bars(dir.resolve("bars.png"), "stability", "amplification", List.of("Tikhonov", "FIRENET", "U-Net"), s, true));
        assertEquals(Plots.WIDTH, im.getWidth());
        assertThrows(IllegalArgumentException.class, () -> Plots.bars(dir.resolve("x.png"), "t", "y", List.of("a"), s, false));
        assertEquals(0x440154, Viridis.rgb(0)); // matplotlib viridis(0) = #440154
        assertEquals(0xfde725, Viridis.rgb(1)); // viridis(1) = #fde725
        assertNotEquals(Viridis.rgb(0.3), Viridis.rgb(0.31));
    }
}
