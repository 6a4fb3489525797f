package org.neuralop4j.core.nn;

import java.util.Locale;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.autodiff.Var;

/** Pointwise nonlinearities, by name; see {@link Ops} for the formulas. */
public enum Activation {
    /** Exact GELU {@code x Phi(x)} (PyTorch's default). */
    GELU,
    /** {@code max(x, 0)}. */
    RELU,
    /** {@code tanh x}. */
    TANH,
    /** {@code x sigmoid(x)}. */
    SILU,
    /** {@code 1 / (1 + e^-x)}. */
    SIGMOID,
    /** {@code x} unchanged. */
    IDENTITY;

    /** Applies the activation (no new node for {@link #IDENTITY}). */
    public Var apply(Var x) {
        switch (this) {
            case GELU: return Ops.gelu(x);
            case RELU: return Ops.relu(x);
            case TANH: return Ops.tanh(x);
            case SILU: return Ops.silu(x);
            case SIGMOID: return Ops.sigmoid(x);
            default: return x;
        }
    }

    /** Parses a name case-insensitively ({@code "gelu"}, {@code "ReLU"}, ...), with the valid names in the error. */
    public static Activation parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of " + java.util.Arrays.toString(values()));
        }
    }
}
