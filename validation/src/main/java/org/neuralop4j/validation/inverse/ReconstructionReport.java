package org.neuralop4j.validation.inverse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neuralop4j.inverse.Reconstruction;
import org.neuralop4j.validation.plot.Plots;
import org.neuralop4j.validation.plot.Series;

/** The convergence plot of the {@code reconstruct} command and the FIRENET reproduction: log-scale y axis. */
public final class ReconstructionReport {
    private ReconstructionReport() {}

    /**
     * Writes a PNG with, against the restart index {@code k = 1..n}: the relative error (when the truth is known),
     * the scheduled error bound {@code eps_k} and the step {@code ||psi_k - psi_{k-1}||} (both divided by
     * {@code eps_1}).
     * @return the file written
     */
    public static Path plotConvergence(Reconstruction r, String title, Path png) {
        double[] bounds = r.errorBounds();
        double scale = bounds.length == 0 ? 1 : bounds[0];
        double[] ks = new double[bounds.length];
        for (int k = 0; k < ks.length; k++) ks[k] = k + 1;
        List<Series> series = new ArrayList<>();
        double[] errors = r.relativeErrors();
        if (errors.length > 0 && !Double.isNaN(errors[0])) series.add(new Series("relative error ||x_k - x|| / ||x||", ks, errors));
        series.add(new Series("error bound eps_k / eps_1", ks, scaled(bounds, scale)));
        double[] steps = scaled(r.changes(), scale);
        boolean anyPositive = false;
        for (double v : steps) anyPositive |= v > 0;
        if (anyPositive) series.add(new Series("step ||psi_k - psi_{k-1}|| / eps_1", ks, steps));
        return Plots.line(png, title, "restart k", "relative value", series, true);
    }

    private static double[] scaled(double[] v, double s) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) o[i] = v[i] / s;
        return o;
    }
}
