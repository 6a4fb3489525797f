package org.neuralop4j.validation.inverse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.neuralop4j.inverse.Reconstruction;

/** The convergence plot of the {@code reconstruct} command: per-restart quantities on a log-scale y axis. */
public final class ReconstructionReport {
    private ReconstructionReport() {}

    /**
     * Writes a PNG with, against the restart index: the relative error (when the truth is known), the scheduled
     * error bound {@code eps_k} and the step {@code ||psi_k - psi_{k-1}||} (both relative to the first bound).
     */
    public static void plotConvergence(Reconstruction r, String title, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(720).height(480).title(title).xAxisTitle("restart k")
                .yAxisTitle("relative value").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendVisible(true);
        double[] bounds = r.errorBounds();
        double scale = bounds.length == 0 ? 1 : bounds[0];
        double[] errors = r.relativeErrors();
        if (errors.length > 0 && !Double.isNaN(errors[0])) add(chart, "relative error ||x_k - x|| / ||x||", errors, 1);
        add(chart, "error bound eps_k / eps_1", bounds, scale);
        add(chart, "step ||psi_k - psi_{k-1}|| / eps_1", r.changes(), scale);
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        String base = png.toString().endsWith(".png") ? png.toString().substring(0, png.toString().length() - 4) : png.toString();
        BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
    }

    private static void add(XYChart chart, String name, double[] values, double scale) {
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int k = 0; k < values.length; k++) {
            double v = values[k] / scale;
            if (v > 0 && Double.isFinite(v)) { // a log axis cannot show zeros
                xs.add((double) (k + 1));
                ys.add(v);
            }
        }
        if (xs.isEmpty()) return;
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.CIRCLE);
    }
}
