package org.neuralop4j.core.pde.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.pde.AntiderivativeData;
import org.neuralop4j.core.pde.SampleStreams;

/**
 * DeepONet's antiderivative data (see {@link AntiderivativeData}), with DeepXDE's array names so the same loader
 * reads both these files and DeepXDE's {@code antiderivative_aligned_*.npz}.
 *
 * <p>Aligned: {@code v} (N, m) input at the sensors, {@code x} (m, 1) query points (= sensors), {@code y} (N, m)
 * labels. Unaligned: {@code v} (N, m), {@code x} (N, m, 1) per-sample uniform random query points, {@code y} (N, m).
 * Both also store {@code sensors} (m) = linspace(0, 1, m).
 */
public final class AntiderivativeDataset implements DatasetGenerator {
    private final AntiderivativeData data;
    private final boolean aligned;

    /**
     * @param lengthScale RBF length scale (DeepONet: 0.2)
     * @param gridPoints  GP points (DeepONet: 1000)
     * @param sensors     m (DeepONet: 100)
     * @param aligned     the same query points for all samples
     */
    public AntiderivativeDataset(double lengthScale, int gridPoints, int sensors, boolean aligned) {
        this.data = new AntiderivativeData(lengthScale, gridPoints, sensors);
        this.aligned = aligned;
    }

    @Override public String name() { return "antiderivative"; }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("operator", "v -> u, u(x) = int_0^x v(s) ds on [0,1]");
        p.put("input", "natural cubic spline through an RBF Gaussian process draw on grid_points equispaced points");
        p.put("labels", "exact integrals of the spline");
        p.put("length_scale", data.lengthScale());
        p.put("grid_points", data.gridPoints());
        p.put("sensors", data.sensors());
        p.put("layout", aligned ? "aligned" : "unaligned");
        return p;
    }

    @Override
    public Map<String, String> arrays() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("v", "(N, m) input function at the sensors");
        a.put("x", aligned ? "(m, 1) query points (the sensors)" : "(N, m, 1) query points per sample, uniform on [0, 1)");
        a.put("y", "(N, m) antiderivative at the query points");
        a.put("sensors", "(m) sensor locations linspace(0, 1, m)");
        return a;
    }

    @Override
    public Map<String, Tensor> generate(int n, long seed, ProgressListener progress) {
        int m = data.sensors();
        double[] v = new double[n * m], x = new double[aligned ? m : n * m], y = new double[n * m];
        DatasetGenerator.forEachSample(n, progress, i -> {
            double[] vi = new double[m], xi = new double[m], yi = new double[m];
            data.sample(SampleStreams.forSample(seed, i), aligned, vi, xi, yi);
            System.arraycopy(vi, 0, v, i * m, m);
            System.arraycopy(yi, 0, y, i * m, m);
            if (aligned) {
                if (i == 0) System.arraycopy(xi, 0, x, 0, m);
            } else System.arraycopy(xi, 0, x, i * m, m);
        });
        if (aligned) System.arraycopy(data.sensorPoints(), 0, x, 0, m);
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("v", Tensor.wrap(v, n, m));
        out.put("x", aligned ? Tensor.wrap(x, m, 1) : Tensor.wrap(x, n, m, 1));
        out.put("y", Tensor.wrap(y, n, m));
        out.put("sensors", Tensor.wrap(data.sensorPoints(), m));
        return out;
    }
}
