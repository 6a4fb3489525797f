package org.neuralop4j.core.nn;

import org.apache.commons.rng.UniformRandomProvider;
import org.neuralop4j.core.autodiff.Var;

/**
 * Multilayer perceptron {@code widths[0] -> widths[1] -> ... -> widths[L]}: {@code L} affine layers with an
 * activation between them (and after the last one when {@code activateLast}). Layers are named
 * {@code layers.0, layers.1, ...} as in a PyTorch {@code ModuleList}. With {@code channelsFirst} the layers are
 * {@link ChannelLinear} and act on axis 1 of fields {@code (B, C, X...)} (neuraloperator's {@code ChannelMLP});
 * otherwise {@link Linear} on the last axis.
 */
public final class MLP extends Module implements Model {
    private final ModuleList<Module> layers;
    private final Activation activation;
    private final boolean activateLast;

    /**
     * @param widths        layer widths, at least two entries, all positive
     * @param activation    nonlinearity between layers
     * @param activateLast  whether to apply the activation after the last layer as well
     * @param channelsFirst act on axis 1 of fields instead of the last axis
     * @param rng           initialisation stream, consumed layer by layer (weight then bias)
     */
    public MLP(int[] widths, Activation activation, boolean activateLast, boolean channelsFirst, UniformRandomProvider rng) {
        if (widths.length < 2) throw new IllegalArgumentException("MLP needs at least two widths (input and output), got " + java.util.Arrays.toString(widths));
        this.activation = activation;
        this.activateLast = activateLast;
        this.layers = registerModule("layers", new ModuleList<>());
        for (int i = 0; i + 1 < widths.length; i++)
            layers.add(channelsFirst ? new ChannelLinear(widths[i], widths[i + 1], true, rng) : new Linear(widths[i], widths[i + 1], true, rng));
    }

    /** A last-axis MLP initialised from {@code seed}. */
    public MLP(int[] widths, Activation activation, boolean activateLast, long seed) {
        this(widths, activation, activateLast, false, Init.rng(seed));
    }

    /** @return the number of affine layers */
    public int depth() { return layers.size(); }

    @Override
    public Var forward(Var x) {
        Var h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = ((Model) layers.get(i)).forward(h);
            if (i + 1 < layers.size() || activateLast) h = activation.apply(h);
        }
        return h;
    }
}
