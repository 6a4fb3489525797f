package org.neuralop4j.validation.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;
import org.neuralop4j.validation.stability.TanhDenseMap;

class GradCheckRegistryTest {
    /** tanh(W y) with the vjp's sign flipped: finite differences must catch it. */
    private static DifferentiableMap brokenTanh(Tensor w) {
        TanhDenseMap good = new TanhDenseMap(w);
        return new DifferentiableMap() {
            @Override
            public Tensor apply(Tensor x) { return good.apply(x); }

            @Override
            public Tensor vjp(Tensor x, Tensor c) { return good.vjp(x, c).scaleInPlace(-1); }
        };
    }

    @Test
    void correctVjpPassesAndWrongVjpFailsWithALargeError() {
        Tensor w = Tensor.randn(1, 6, 5);
        GradCheckRegistry reg = new GradCheckRegistry()
                .registerMap("tanh", new TanhDenseMap(w), () -> Tensor.randn(2, 5), 1e-6)
                .registerMap("tanh-broken", brokenTanh(w), () -> Tensor.randn(2, 5), 1e-6)
                .register("throws", v -> { throw new IllegalStateException("no graph"); }, () -> new Tensor[] {Tensor.zeros(1)}, 1e-6);
        List<GradCheckRegistry.Outcome> out = reg.runAll();
        assertEquals(List.of("tanh", "tanh-broken", "throws"), reg.names());
        assertTrue(out.get(0).passed(), "error " + out.get(0).maxError());
        assertTrue(out.get(0).maxError() < 1e-8);
        assertFalse(out.get(1).passed());
        assertTrue(out.get(1).maxError() > 0.1);
        assertFalse(out.get(2).passed());
        assertTrue(out.get(2).failure().contains("no graph"));
    }

    @Test
    void namesAreUniqueAndLookupsNameTheProblem() {
        GradCheckRegistry reg = new GradCheckRegistry().registerMap("a", new TanhDenseMap(Tensor.matrix(new double[][] {{1, 0}, {0, 1}})), () -> Tensor.zeros(2), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> reg.registerMap("a", new TanhDenseMap(Tensor.matrix(new double[][] {{1, 0}, {0, 1}})), () -> Tensor.zeros(2), 1e-6));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reg.run("b"));
        assertTrue(e.getMessage().contains("'b'"));
    }
}
