package org.neuralop4j.operators.nkn;

import java.util.Arrays;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.LinearOps;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.autodiff.ShapeOps;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.ChannelLinear;
import org.neuralop4j.core.nn.Init;
import org.neuralop4j.core.nn.MLP;
import org.neuralop4j.core.nn.Model;
import org.neuralop4j.core.nn.Module;
import org.neuralop4j.core.nn.Parameter;
import org.neuralop4j.operators.OperatorModel;
import org.neuralop4j.operators.fno.SpectralConvolution;
import org.neuralop4j.operators.nonlocal.FractionalLaplacian;

/**
 * Nonlocal kernel network (You, Yu, D'Elia, Gao, Silling, "Nonlocal kernel network (NKN): a stable and
 * resolution-independent deep neural network", J. Comput. Phys. 469, 2022, doi:10.1016/j.jcp.2022.111536,
 * arXiv:2201.02217): the layers are explicit Euler steps of a nonlocal diffusion-reaction equation,
 * <pre>
 *   h_0 = P(a, grid),
 *   h_{l+1}(x) = h_l(x) + tau ( int K(x - y) (h_l(y) - h_l(x)) dy - R(h_l(x)) [ - c (-Delta)^s h_l(x) ] ),
 *   tau = T / L,   u = Q(h_L),
 * </pre>
 * with one set of parameters shared by all {@code L} layers, so depth is the number of time steps towards the
 * horizon {@code T} and a deeper network is a finer discretisation of the same flow. The kernel is translation
 * invariant, a matrix {@code K(z)} of width {@code w} given by learnable Fourier coefficients on the kept modes, so
 * {@code int K(x - y) h(y) dy} is a {@link SpectralConvolution} (FFT convolution) and {@code int K(x - y) dy h(x)}
 * is its zero mode {@code Re K^(0)} applied pointwise; their difference annihilates constants, the defining property
 * of a nonlocal diffusion. {@code R} is a pointwise MLP (the reaction), and the optional bracketed term a
 * {@link FractionalLaplacian} with learnable order and per-channel weights.
 *
 * <p>Shallow-to-deep training: {@link #deepen(int)} makes a network with more layers and the same (copied)
 * parameters, i.e. the same flow with a smaller step, which is how deep networks are initialised from shallow ones.
 *
 * <p>Input {@code (B, inChannels, X..)}, output {@code (B, outChannels, X..)} on periodic grids.
 */
public final class NonlocalKernelNetwork extends Module implements Model, OperatorModel {
    /** Model type in checkpoints. */
    public static final String TYPE = "nkn";

    private final NknConfig config;
    private final ChannelLinear lift;
    private final Parameter[] kernel;
    private final MLP reaction, projection;
    private final Parameter fracOrder, fracWeights;

    /** A network initialised from {@code config.seed()}. */
    public NonlocalKernelNetwork(NknConfig config) {
        this.config = config;
        UniformRandomProvider rng = Init.rng(config.seed());
        int w = config.width(), d = config.dimensions();
        this.lift = registerModule("lift", new ChannelLinear(config.inChannels() + (config.grid() ? d : 0), w, true, rng));
        int[] shape = new int[d + 3];
        shape[0] = w;
        shape[1] = w;
        for (int j = 0; j < d; j++) shape[2 + j] = config.modes()[j];
        shape[d + 2] = 2;
        this.kernel = new Parameter[1 << (d - 1)];
        double scale = 1.0 / (w * w); // the FNO's initial scale of spectral weights
        for (int b = 0; b < kernel.length; b++) kernel[b] = registerParameter("kernel" + b, Init.uniform(rng, 0, scale, shape));
        this.reaction = registerModule("reaction", new MLP(new int[] {w, config.reactionWidth(), w}, config.activation(), false, true, rng));
        this.projection = registerModule("projection", new MLP(new int[] {w, config.projectionWidth(), config.outChannels()}, config.activation(), false, true, rng));
        if (config.fractional()) {
            this.fracOrder = registerParameter("fractional_order", Tensor.scalar(0.5));
            this.fracWeights = registerParameter("fractional_weights", Tensor.full(0.01, w));
        } else {
            this.fracOrder = null;
            this.fracWeights = null;
        }
    }

    /** @return the configuration */
    public NknConfig config() { return config; }

    /**
     * A network with {@code layers} layers and a copy of this one's parameters (shallow-to-deep initialisation:
     * the step becomes {@code T / layers}).
     */
    public NonlocalKernelNetwork deepen(int layers) {
        NonlocalKernelNetwork deeper = new NonlocalKernelNetwork(config.withLayers(layers));
        deeper.loadStateDict(stateDict());
        return deeper;
    }

    /** The nonlocal diffusion {@code int K(x - y)(h(y) - h(x)) dy} of fields {@code (B, w, X..)}. */
    public Var diffusion(Var h) {
        Var[] blocks = new Var[kernel.length];
        for (int b = 0; b < kernel.length; b++) blocks[b] = kernel[b].var();
        Var conv = SpectralConvolution.apply(h, config.modes(), blocks);
        return Ops.sub(conv, LinearOps.channelLinear(h, zeroModeMatrix(), null));
    }

    /** {@code Re K^(0)} as a {@code (out, in)} channel-mixing matrix: the block-0 weight at mode 0, real part. */
    private Var zeroModeMatrix() {
        int d = config.dimensions(), w = config.width();
        Var k = kernel[0].var();
        for (int j = 0; j < d; j++) k = ShapeOps.slice(k, 2 + j, 0, 1);
        k = ShapeOps.slice(k, d + 2, 0, 1);
        return ShapeOps.permute(ShapeOps.reshape(k, w, w), 1, 0); // weights are (in, out)
    }

    /** The right-hand side {@code F(h)} of {@code dh/dt = F(h)}. */
    public Var rate(Var h) {
        Var f = Ops.sub(diffusion(h), reaction.forward(h));
        if (fracOrder != null)
            f = Ops.sub(f, FractionalLaplacian.apply(h, fracOrder.var(), fracWeights.var(), 1.0, FractionalLaplacian.Direction.FORWARD));
        return f;
    }

    @Override
    public Var forward(Var a) {
        Tensor av = a.value();
        int d = config.dimensions();
        if (av.rank() != d + 2 || av.dim(1) != config.inChannels())
            throw new ShapeMismatchException("a", "(B, " + config.inChannels() + ", " + d + " spatial axes)", av.shape());
        Var an = config.scaling().input(a);
        Var h = lift.forward(config.grid() ? GridFeatures.append(an) : an);
        double tau = config.tau();
        for (int l = 0; l < config.layers(); l++) h = Ops.add(h, Ops.scale(rate(h), tau));
        Var out = projection.forward(h);
        return config.scaling().output(out);
    }

    @Override
    public String modelType() { return TYPE; }

    @Override
    public String configJson() { return config.toJson(); }

    /** Rebuilds a network from a checkpoint's configuration and weights. */
    public static NonlocalKernelNetwork fromState(String configJson, Map<String, Tensor> weights) {
        NonlocalKernelNetwork net = new NonlocalKernelNetwork(NknConfig.fromJson(configJson));
        net.loadStateDict(weights);
        return net;
    }

    @Override
    public String toString() { return "NonlocalKernelNetwork" + config + " params=" + numParameters() + " " + Arrays.toString(config.modes()); }
}
