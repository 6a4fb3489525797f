package org.neuralop4j.core.nn;

import org.apache.commons.rng.UniformRandomProvider;
import org.neuralop4j.core.autodiff.LinearOps;
import org.neuralop4j.core.autodiff.Var;

/**
 * Dense layer on the last axis, PyTorch layout: {@code weight (out, in)}, {@code bias (out)};
 * {@code y = x W^T + b} for {@code x (..., in)} giving {@code (..., out)}. Initialised as PyTorch's
 * {@code nn.Linear} (see {@link Init#torchDefaultWeight}); the weight is drawn before the bias.
 */
public final class Linear extends Module implements Model {
    private final Parameter weight;
    private final Parameter bias;

    /** A layer initialised from {@code rng}; {@code bias=false} leaves the bias out. */
    public Linear(int in, int out, boolean bias, UniformRandomProvider rng) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("Linear needs positive sizes, got in=" + in + " out=" + out);
        this.weight = registerParameter("weight", Init.torchDefaultWeight(rng, out, in));
        this.bias = bias ? registerParameter("bias", Init.torchDefaultBias(rng, in, out)) : null;
    }

    /** A layer with bias initialised from {@code seed}. */
    public Linear(int in, int out, long seed) { this(in, out, true, Init.rng(seed)); }

    /** @return the weight {@code (out, in)} */
    public Parameter weight() { return weight; }

    /** @return the bias {@code (out)}, or {@code null} */
    public Parameter bias() { return bias; }

    @Override
    public Var forward(Var x) { return LinearOps.linear(x, weight.var(), bias == null ? null : bias.var()); }
}
