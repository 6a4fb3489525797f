package org.neuralop4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradCheck;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.autodiff.Var;

class ModuleTest {
    @Test
    void hierarchicalNamesInDeterministicOrder() {
        MLP mlp = new MLP(new int[] {3, 4, 2}, Activation.GELU, false, 7);
        List<String> names = new ArrayList<>(mlp.namedParameters().keySet());
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"), names);
        assertEquals(3 * 4 + 4 + 4 * 2 + 2, mlp.numParameters());
        assertArrayEquals(new int[] {4, 3}, mlp.namedParameters().get("layers.0.weight").shape());
        assertEquals(4, mlp.parameters().size());
        assertSame(mlp.namedParameters().get("layers.1.bias"), mlp.parameters().get(3));
    }

    @Test
    void stateDictRoundTripAndStrictErrors() {
        MLP a = new MLP(new int[] {3, 5, 2}, Activation.TANH, false, 1);
        MLP b = new MLP(new int[] {3, 5, 2}, Activation.TANH, false, 2);
        Tensor x = Tensor.randn(3, 4, 3);
        assertNotEquals(a.predict(x), b.predict(x));
        LinkedHashMap<String, Tensor> state = a.stateDict();
        b.loadStateDict(state);
        assertEquals(a.predict(x), b.predict(x));
        // the state dict is a copy: changing it does not change the module
        state.get("layers.0.bias").data()[0] += 1;
        assertNotEquals(state.get("layers.0.bias"), a.stateDict().get("layers.0.bias"));

        Map<String, Tensor> missing = new LinkedHashMap<>(a.stateDict());
        missing.remove("layers.1.weight");
        missing.put("layers.9.weight", Tensor.zeros(1));
        Tensor before = b.stateDict().get("layers.0.weight");
        missing.put("layers.0.weight", Tensor.zeros(5, 3)); // would change b if loading were not all-or-nothing
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(missing));
        assertTrue(e.getMessage().contains("missing keys [layers.1.weight]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected keys [layers.9.weight]"), e.getMessage());
        assertEquals(before, b.stateDict().get("layers.0.weight"));

        Map<String, Tensor> wrong = new LinkedHashMap<>(a.stateDict());
        wrong.put("layers.0.bias", Tensor.zeros(6));
        e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(wrong));
        assertTrue(e.getMessage().contains("layers.0.bias: expected [5] but got [6]"), e.getMessage());
    }

    @Test
    void registrationRejectsBadNames() {
        class Bad extends Module {
            Bad(String n1, String n2) {
                registerParameter(n1, Tensor.zeros(1));
                registerParameter(n2, Tensor.zeros(1));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Bad("w", "w"));
        assertThrows(IllegalArgumentException.class, () -> new Bad("w", "a.b"));
        assertThrows(IllegalArgumentException.class, () -> new Bad("", "b"));
    }

    @Test
    void linearMatchesFormulaAndGradientFlowsToParameters() {
        Linear lin = new Linear(3, 2, 5);
        Tensor x = Tensor.randn(6, 4, 3);
        Tensor y = lin.predict(x);
        Tensor w = lin.weight().value(), b = lin.bias().value();
        for (int r = 0; r < 4; r++)
            for (int o = 0; o < 2; o++) {
                double ref = b.get(o);
                for (int i = 0; i < 3; i++) ref += w.get(o, i) * x.get(r, i);
                assertEquals(ref, y.get(r, o), 1e-14);
            }
        // gradient through the module with respect to its input and (as inputs) its parameters
        GradCheck.assertGradients("mlp", v -> new MLP(new int[] {3, 4, 2}, Activation.SILU, true, 3).forward(v[0]), 1e-6, x);
        Ops.sum(lin.forward(Var.constant(x))).backward();
        assertEquals(4.0, lin.bias().grad().get(0), 1e-15);
        assertEquals(x.sum(0).get(1), lin.weight().grad().get(1, 1), 1e-14);
    }

    @Test
    void channelMlpEqualsLastAxisMlpOnPermutedFields() {
        MLP last = new MLP(new int[] {3, 6, 2}, Activation.GELU, false, false, Init.rng(11));
        MLP chan = new MLP(new int[] {3, 6, 2}, Activation.GELU, false, true, Init.rng(11));
        assertEquals(last.stateDict().toString(), chan.stateDict().toString());
        Tensor x = Tensor.randn(12, 2, 3, 5, 4);
        Tensor ref = last.predict(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2);
        assertEquals(0.0, ref.maxAbsDiff(chan.predict(x)), 1e-13);
    }

    @Test
    void activationNames() {
        assertEquals(Activation.GELU, Activation.parse("gelu"));
        assertEquals(Activation.RELU, Activation.parse(" ReLU "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.parse("swish"));
        assertTrue(e.getMessage().contains("SILU"));
        Var x = Var.constant(Tensor.vector(-1, 2));
        assertSame(x, Activation.IDENTITY.apply(x));
    }
}
