package org.neuralop4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.io.NpyArray;
import org.neuralop4j.core.io.Npz;

class MetricsTest {
    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(MetricsTest.class.getResource("/io/" + name).toURI());
    }

    /** Reference values computed by make_io_fixtures.py with NumPy (norm, gradient). */
    @Test
    void agreesWithNumpyOnTheFixture() throws Exception {
        Map<String, NpyArray> a = Npz.read(fixture("metrics.npz"));
        Tensor pred = a.get("pred").toTensor(), target = a.get("target").toTensor();
        JsonNode exp = new ObjectMapper().readTree(fixture("expected.json").toFile()).get("metrics");
        assertClose(exp.get("relL2"), Metrics.relativeL2PerSample(pred, target));
        assertClose(exp.get("relH1_2d"), Metrics.relativeH1PerSample(pred, target, 2));
        assertClose(exp.get("relH1_1d"), Metrics.relativeH1PerSample(pred, target, 1));
        assertEquals(exp.get("mse").asDouble(), Metrics.mse(pred, target), 1e-14);
        double mean = 0;
        for (JsonNode v : exp.get("relL2")) mean += v.asDouble() / exp.get("relL2").size();
        assertEquals(mean, Metrics.relativeL2(pred, target), 1e-14);
    }

    private static void assertClose(JsonNode expected, double[] actual) {
        assertEquals(expected.size(), actual.length);
        for (int i = 0; i < actual.length; i++) assertEquals(expected.get(i).asDouble(), actual[i], 1e-13, "sample " + i);
    }

    @Test
    void handComputedValues() {
        Tensor y = Tensor.of(new double[] {3, 4, 0, 1}, 2, 2);
        Tensor p = Tensor.of(new double[] {3, 4, 0, 3}, 2, 2);
        assertArrayEquals(new double[] {0.0, 2.0}, Metrics.relativeL2PerSample(p, y), 0.0);
        assertEquals(1.0, Metrics.relativeL2(p, y), 0.0);
        assertEquals(1.0, Metrics.mse(p, y), 0.0);
    }

    /**
     * For u(x) = x on n points the differences are exact: D u = 1 everywhere, so ||u||_H1^2 = sum x^2 + n, and for
     * pred = 2u the relative H1 error is exactly 1 (r = u).
     */
    @Test
    void h1OfALinearFieldIsExact() {
        int n = 10;
        double[] u = new double[n];
        for (int j = 0; j < n; j++) u[j] = j / (double) n;
        Tensor y = Tensor.of(u, 1, 1, n);
        assertEquals(1.0, Metrics.relativeH1(y.scale(2), y, 1), 1e-14);
        // pred = u + 1: residual constant 1, derivative 0 -> sqrt(n / (sum u^2 + n))
        double sumSq = 0;
        for (double v : u) sumSq += v * v;
        assertEquals(Math.sqrt(n / (sumSq + n)), Metrics.relativeH1(y.add(1.0), y, 1), 1e-14);
    }

    @Test
    void sameBitsForAnyThreadCount() {
        Tensor y = Tensor.randn(1, 64, 2, 9, 11), p = Tensor.randn(2, 64, 2, 9, 11);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double[] l2 = Metrics.relativeL2PerSample(p, y), h1 = Metrics.relativeH1PerSample(p, y, 2);
            double mse = Metrics.mse(p, y);
            Parallel.setThreads(4);
            assertArrayEquals(l2, Metrics.relativeL2PerSample(p, y), 0.0);
            assertArrayEquals(h1, Metrics.relativeH1PerSample(p, y, 2), 0.0);
            assertEquals(mse, Metrics.mse(p, y), 0.0);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void rejectsBadShapes() {
        assertThrows(ShapeMismatchException.class, () -> Metrics.relativeL2(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
        assertThrows(ShapeMismatchException.class, () -> Metrics.mse(Tensor.scalar(1), Tensor.scalar(1)));
        assertThrows(IllegalArgumentException.class, () -> Metrics.relativeH1(Tensor.ones(2, 5), Tensor.ones(2, 5), 2));
        assertThrows(ShapeMismatchException.class, () -> Metrics.relativeH1(Tensor.ones(2, 1, 1), Tensor.ones(2, 1, 1), 1));
    }

}
