package org.neuralop4j.core.nn;

import org.apache.commons.rng.UniformRandomProvider;
import org.neuralop4j.core.autodiff.LinearOps;
import org.neuralop4j.core.autodiff.Var;

/**
 * Pointwise channel mixing of fields {@code (B, in, X...) -> (B, out, X...)}:
 * {@code y[b,o,s] = sum_i W[o,i] x[b,i,s] + bias[o]}, a 1x1 convolution (PyTorch's {@code Conv1d/2d/3d(in, out, 1)}
 * with its weight squeezed to {@code (out, in)}). Same default init as {@link Linear}.
 * See {@link LinearOps#channelLinear}.
 */
public final class ChannelLinear extends Module implements Model {
    private final Parameter weight;
    private final Parameter bias;

    /** A layer initialised from {@code rng}; {@code bias=false} leaves the bias out. */
    public ChannelLinear(int in, int out, boolean bias, UniformRandomProvider rng) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("ChannelLinear needs positive sizes, got in=" + in + " out=" + out);
        this.weight = registerParameter("weight", Init.torchDefaultWeight(rng, out, in));
        this.bias = bias ? registerParameter("bias", Init.torchDefaultBias(rng, in, out)) : null;
    }

    /** A layer with bias initialised from {@code seed}. */
    public ChannelLinear(int in, int out, long seed) { this(in, out, true, Init.rng(seed)); }

    /** @return the weight {@code (out, in)} */
    public Parameter weight() { return weight; }

    /** @return the bias {@code (out)}, or {@code null} */
    public Parameter bias() { return bias; }

    @Override
    public Var forward(Var x) { return LinearOps.channelLinear(x, weight.var(), bias == null ? null : bias.var()); }

    /** {@code activation(W x + b)} as one node (see {@link org.neuralop4j.core.autodiff.FusedActivation}). */
    public Var forward(Var x, org.neuralop4j.core.autodiff.FusedActivation activation) {
        return LinearOps.channelLinear(x, weight.var(), bias == null ? null : bias.var(), activation);
    }
}
