package org.neuralop4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradMode;
import org.neuralop4j.core.autodiff.Var;

class ActivationHookTest {
    @Test
    void noHookPassesTheSameVarThroughEvenWithGradientsOn() {
        Var h = Var.leaf(Tensor.randn(1, 2, 3));
        assertSame(h, ActivationHook.at(null, "any", h));
    }

    @Test
    @SuppressWarnings("try")
    void hookSeesTheValueAndItsResultIsUsedAsAConstant() {
        Var h = Var.constant(Tensor.randn(2, 2, 3));
        List<String> seen = new ArrayList<>();
        try (GradMode.Scope g = GradMode.noGrad()) {
            assertSame(h, ActivationHook.at((site, a) -> { seen.add(site); return a; }, "s0", h));
            Var doubled = ActivationHook.at((site, a) -> a.scale(2), "s1", h);
            assertArrayEquals(h.value().scale(2).data(), doubled.value().data(), 0);
            assertFalse(doubled.requiresGrad());
        }
        assertEquals(List.of("s0"), seen);
    }

    @Test
    @SuppressWarnings("try")
    void wrongShapeNullAndGradModeAreRejected() {
        Var h = Var.constant(Tensor.randn(3, 2, 3));
        ActivationHook identity = (site, a) -> a;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ActivationHook.at(identity, "fourier1", h));
        assertTrue(e.getMessage().contains("fourier1"), e.getMessage());
        try (GradMode.Scope g = GradMode.noGrad()) {
            ShapeMismatchException s = assertThrows(ShapeMismatchException.class, () -> ActivationHook.at((site, a) -> a.reshape(3, 2), "lift", h));
            assertTrue(s.getMessage().contains("lift"), s.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ActivationHook.at((site, a) -> null, "lift", h));
        }
    }
}
