package org.neuralop4j.validation.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.neuralop4j.core.Tensor;

/**
 * Report figures as PNG files: line plots (optionally log-scale y), training curves, 1-D prediction/truth/error
 * panels, 2-D heat maps with colour bars (prediction/truth/error of 2-D fields) and grouped bar charts.
 * Every method writes the file (creating parent directories) and returns its path.
 */
public final class Plots {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Default figure width in pixels. */
    public static final int WIDTH = 800;
    /** Default figure height in pixels. */
    public static final int HEIGHT = 500;

    private Plots() {}

    /**
     * A line plot of several series.
     * @param logY logarithmic y axis; non-positive values are then dropped from the series (log scale cannot show them)
     */
    public static Path line(Path file, String title, String xLabel, String yLabel, List<Series> series, boolean logY) {
        return save(lineChart(title, xLabel, yLabel, series, logY, WIDTH, HEIGHT), file);
    }

    /**
     * A log-log line plot (convergence studies: a power law {@code err = C h^p} is a straight line of slope p).
     * Points with non-positive x or y are dropped.
     */
    public static Path logLog(Path file, String title, String xLabel, String yLabel, List<Series> series) {
        List<Series> positive = new ArrayList<>();
        for (Series s : series) {
            double[] x = s.x(), y = s.y();
            int n = 0;
            for (int i = 0; i < x.length; i++) if (x[i] > 0 && y[i] > 0) n++;
            if (n == 0) throw new IllegalArgumentException("series '" + s.name() + "' has no point with positive x and y for a log-log plot");
            double[] xs = new double[n], ys = new double[n];
            for (int i = 0, k = 0; i < x.length; i++)
                if (x[i] > 0 && y[i] > 0) {
                    xs[k] = x[i];
                    ys[k++] = y[i];
                }
            positive.add(new Series(s.name(), xs, ys));
        }
        XYChart chart = lineChart(title, xLabel, yLabel, positive, true, WIDTH, HEIGHT);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE); // errors fall towards small h: lower right is free
        return save(chart, file);
    }

    static XYChart lineChart(String title, String xLabel, String yLabel, List<Series> series, boolean logY, int w, int h) {
        if (series.isEmpty()) throw new IllegalArgumentException("a line plot needs at least one series");
        XYChart chart = new XYChartBuilder().width(w).height(h).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setLegendVisible(series.size() > 1);
        if (!logY) addTickAnchor(chart, series); // log axes have their own tick code
        java.awt.Color[] colours = chart.getStyler().getSeriesColors();
        BasicStroke[] strokes = chart.getStyler().getSeriesLines();
        for (int index = 0; index < series.size(); index++) {
            Series s = series.get(index);
            double[] x = s.x(), y = s.y();
            if (logY) {
                int n = 0;
                for (double v : y) if (v > 0 && Double.isFinite(v)) n++;
                if (n == 0) throw new IllegalArgumentException("series '" + s.name() + "' has no positive values for a log-scale plot");
                double[] xs = new double[n], ys = new double[n];
                for (int i = 0, k = 0; i < y.length; i++)
                    if (y[i] > 0 && Double.isFinite(y[i])) {
                        xs[k] = x[i];
                        ys[k++] = y[i];
                    }
                x = xs;
                y = ys;
            }
            XYSeries xs = chart.addSeries(s.name(), x, y);
            xs.setMarker(x.length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            // explicit, as XChart's own cycle would give them: the hidden anchor series must not shift the palette
            xs.setLineColor(colours[index % colours.length]);
            xs.setMarkerColor(colours[index % colours.length]);
            xs.setLineStyle(strokes[(index / colours.length) % strokes.length]);
        }
        return chart;
    }

    /** Name of the invisible series added by {@link #addTickAnchor}. */
    static final String TICK_ANCHOR = "\u0000tick-anchor";

    /**
     * Adds, as the first series, one invisible point at (largest x, largest y) so that XChart places linear ticks at
     * round numbers. XChart 3.8.8 puts an axis's ticks at the data values themselves whenever the sequence (axis
     * minimum, every distinct value in series order, axis maximum) has all steps within an absolute 1e-4 of the first
     * step and the range exceeds 1e-4: true of any smooth curve of amplitude about 1e-3 sampled on 1024 points (the
     * Burgers solutions), which then gets dozens of overlapping 15-digit y labels, and of every uniform x grid, whose
     * ticks then sit on grid points (0 .. 0.875 for i / 1024, no tick at the right end). With the maximum as the second
     * value, the first step is the whole range and the next one is at most zero, so the test fails by at least the
     * range and the round-number ticks are used. The point lies inside the plotted ranges, so it changes neither the
     * axes nor the picture.
     */
    private static void addTickAnchor(XYChart chart, List<Series> series) {
        double right = Double.NEGATIVE_INFINITY, top = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[] x = s.x(), y = s.y();
            for (int i = 0; i < y.length; i++)
                if (Double.isFinite(y[i]) && Double.isFinite(x[i])) {
                    right = Math.max(right, x[i]);
                    top = Math.max(top, y[i]);
                }
        }
        if (right == Double.NEGATIVE_INFINITY) return; // nothing finite to plot: XChart's own handling applies
        XYSeries anchor = chart.addSeries(TICK_ANCHOR, new double[] {right}, new double[] {top});
        anchor.setMarker(SeriesMarkers.NONE);
        anchor.setLineStyle(SeriesLines.NONE);
        anchor.setShowInLegend(false);
    }

    /**
     * Training curves (e.g. train and test loss per epoch) on a log-scale y axis.
     * @param curves name to per-epoch values, in legend order
     */
    public static Path trainingCurves(Path file, String title, Map<String, double[]> curves) {
        List<Series> s = new ArrayList<>();
        for (Map.Entry<String, double[]> e : curves.entrySet()) s.add(Series.indexed(e.getKey(), e.getValue()));
        return line(file, title, "epoch", "loss", s, true);
    }

    /**
     * A 1-D prediction against the truth (left) and the pointwise error {@code prediction - truth} (right).
     * @param x grid points; {@code prediction}, {@code truth} have the same length
     */
    public static Path predictionPanels1d(Path file, String title, double[] x, double[] prediction, double[] truth) {
        if (prediction.length != truth.length)
            throw new IllegalArgumentException("prediction has " + prediction.length + " points but truth has " + truth.length);
        double[] err = new double[truth.length];
        for (int i = 0; i < err.length; i++) err[i] = prediction[i] - truth[i];
        XYChart left = lineChart(title, "x", "u(x)", List.of(new Series("truth", x, truth), new Series("prediction", x, prediction)),
                false, WIDTH / 2 + 100, HEIGHT);
        XYChart right = lineChart("error (prediction - truth)", "x", "error", List.of(new Series("error", x, err)),
                false, WIDTH / 2 + 100, HEIGHT);
        BufferedImage a = BitmapEncoder.getBufferedImage(left), b = BitmapEncoder.getBufferedImage(right);
        BufferedImage out = new BufferedImage(a.getWidth() + b.getWidth(), Math.max(a.getHeight(), b.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(a, 0, 0, null);
        g.drawImage(b, a.getWidth(), 0, null);
        g.dispose();
        return write(out, file);
    }

    /**
     * Grouped bar chart (e.g. stability amplification per model).
     * @param categories the groups along x
     * @param series     series name to one value per category, in legend order
     * @param logY       logarithmic y axis (values must be positive)
     */
    public static Path bars(Path file, String title, String yLabel, List<String> categories, Map<String, double[]> series, boolean logY) {
        if (series.isEmpty()) throw new IllegalArgumentException("a bar chart needs at least one series");
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setLegendVisible(series.size() > 1);
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] v = e.getValue();
            if (v.length != categories.size())
                throw new IllegalArgumentException("bar series '" + e.getKey() + "' has " + v.length + " values for " + categories.size() + " categories");
            List<Number> vals = new ArrayList<>();
            for (double d : v) {
                if (logY && !(d > 0)) throw new IllegalArgumentException("bar series '" + e.getKey() + "' has a non-positive value " + d + " on a log axis");
                vals.add(d);
            }
            chart.addSeries(e.getKey(), categories, vals);
        }
        if (logY) {
            // bars start at the axis minimum; XChart would otherwise start them at 0, impossible on a log axis
            double min = Double.POSITIVE_INFINITY;
            for (double[] v : series.values()) for (double d : v) min = Math.min(min, d);
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
        }
        return save(chart, file);
    }

    /**
     * Heat maps side by side, each with its own colour bar (viridis), or one shared range.
     * @param sharedRange use the common min/max of all panels (for fields that must be compared by colour)
     */
    public static Path heatMaps(Path file, String title, List<Field2d> panels, boolean sharedRange) {
        if (panels.isEmpty()) throw new IllegalArgumentException("heat maps need at least one panel");
        double[][] ranges = new double[panels.size()][];
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < panels.size(); p++) {
            ranges[p] = finiteRange(panels.get(p).values());
            lo = Math.min(lo, ranges[p][0]);
            hi = Math.max(hi, ranges[p][1]);
        }
        if (sharedRange) for (int p = 0; p < ranges.length; p++) ranges[p] = new double[] {lo, hi};
        List<BufferedImage> images = new ArrayList<>();
        for (int p = 0; p < panels.size(); p++) images.add(heatPanel(panels.get(p), ranges[p][0], ranges[p][1]));
        return write(sideBySide(title, images), file);
    }

    /**
     * The usual three panels for a 2-D field: truth and prediction on a shared colour range, and the error
     * {@code prediction - truth} on its own range.
     * @param prediction shape {@code (nx, ny)} or {@code (1, 1, nx, ny)}
     * @param truth      same shape as {@code prediction}
     */
    public static Path predictionTruthError2d(Path file, String title, Tensor prediction, Tensor truth) {
        truth.requireSameShape("prediction", prediction);
        List<Field2d> shared = List.of(new Field2d("truth", truth), new Field2d("prediction", prediction));
        double[] r0 = finiteRange(shared.get(0).values()), r1 = finiteRange(shared.get(1).values());
        double lo = Math.min(r0[0], r1[0]), hi = Math.max(r0[1], r1[1]);
        Field2d err = new Field2d("error (prediction - truth)", prediction.sub(truth));
        double[] re = finiteRange(err.values());
        List<BufferedImage> images = List.of(heatPanel(shared.get(0), lo, hi), heatPanel(shared.get(1), lo, hi),
                heatPanel(err, re[0], re[1]));
        return write(sideBySide(title, images), file);
    }

    /** Panels left to right under a centred bold title. */
    private static BufferedImage sideBySide(String title, List<BufferedImage> images) {
        int titleH = 40, w = 0, h = 0;
        for (BufferedImage im : images) {
            w += im.getWidth();
            h = Math.max(h, im.getHeight());
        }
        BufferedImage out = new BufferedImage(w, h + titleH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(out);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, (w - g.getFontMetrics().stringWidth(title)) / 2, 28);
        int x = 0;
        for (BufferedImage im : images) {
            g.drawImage(im, x, titleH, null);
            x += im.getWidth();
        }
        g.dispose();
        return out;
    }

    // ------------------------------------------------------------------ heat map rendering

    private static final int MAP_SIZE = 300;
    private static final int BAR_WIDTH = 18;
    private static final int PAD = 12;

    /** One panel: title, the field scaled to about MAP_SIZE pixels (nearest neighbour), colour bar with ticks. */
    private static BufferedImage heatPanel(Field2d field, double lo, double hi) {
        Tensor v = field.values();
        int nx = v.dim(0), ny = v.dim(1);
        int scale = Math.max(1, MAP_SIZE / Math.max(nx, ny));
        int mw = nx * scale, mh = ny * scale;
        int labelW = 70, titleH = 26;
        BufferedImage out = new BufferedImage(PAD + mw + PAD + BAR_WIDTH + 6 + labelW, titleH + mh + 2 * PAD, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(out);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        g.drawString(field.title(), PAD + (mw - g.getFontMetrics().stringWidth(field.title())) / 2, titleH - 6);
        double span = hi > lo ? hi - lo : 1;
        double[] d = v.data();
        int top = titleH + PAD / 2;
        for (int i = 0; i < nx; i++)
            for (int j = 0; j < ny; j++) {
                g.setColor(new Color(Viridis.rgb((d[i * ny + j] - lo) / span)));
                // x to the right, y upwards: row j = 0 at the bottom
                g.fillRect(PAD + i * scale, top + (ny - 1 - j) * scale, scale, scale);
            }
        g.setColor(Color.BLACK);
        g.drawRect(PAD, top, mw, mh);
        int bx = PAD + mw + PAD;
        for (int p = 0; p < mh; p++) {
            g.setColor(new Color(Viridis.rgb(1 - p / (double) Math.max(1, mh - 1))));
            g.drawLine(bx, top + p, bx + BAR_WIDTH, top + p);
        }
        g.setColor(Color.BLACK);
        g.drawRect(bx, top, BAR_WIDTH, mh);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int ticks = 5;
        for (int t = 0; t < ticks; t++) {
            double f = t / (double) (ticks - 1);
            int y = top + (int) Math.round((1 - f) * (mh - 1));
            g.drawLine(bx + BAR_WIDTH, y, bx + BAR_WIDTH + 4, y);
            double tick = lo + f * (hi - lo);
            if (Math.abs(tick) < 1e-9 * (hi - lo)) tick = 0; // rounding residue of a range symmetric about 0
            g.drawString(formatTick(tick), bx + BAR_WIDTH + 6, y + 4);
        }
        g.dispose();
        return out;
    }

    private static String formatTick(double v) {
        double a = Math.abs(v);
        if (v == 0) return "0";
        if (a >= 1e4 || a < 1e-2) return String.format("%.2e", v);
        return String.format("%.3g", v);
    }

    private static double[] finiteRange(Tensor t) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : t.data())
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        if (lo > hi) return new double[] {0, 1};
        return new double[] {lo, hi};
    }

    // ------------------------------------------------------------------ output

    private static Graphics2D graphics(BufferedImage im) {
        Graphics2D g = im.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, im.getWidth(), im.getHeight());
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        return g;
    }

    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(220, 220, 220));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAntiAlias(true);
    }

    private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) {
        return write(BitmapEncoder.getBufferedImage(chart), file);
    }

    private static Path write(BufferedImage image, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (!ImageIO.write(image, "png", file.toFile())) throw new IOException("no PNG writer available");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write figure " + file + ": " + e.getMessage(), e);
        }
    }
}
