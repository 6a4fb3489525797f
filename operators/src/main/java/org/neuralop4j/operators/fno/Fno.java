package org.neuralop4j.operators.fno;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.ChannelMlp;
import org.neuralop4j.core.autodiff.DifferentiableMap;
import org.neuralop4j.core.autodiff.FusedActivation;
import org.neuralop4j.core.autodiff.GradMode;
import org.neuralop4j.core.autodiff.ShapeOps;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.ActivationHook;
import org.neuralop4j.core.nn.ChannelLinear;
import org.neuralop4j.core.nn.Init;
import org.neuralop4j.core.nn.Model;
import org.neuralop4j.core.nn.Module;
import org.neuralop4j.core.nn.Parameter;
import org.neuralop4j.core.train.UnitGaussianNormalizer;

/**
 * The Fourier Neural Operator (Li et al., ICLR 2021, arXiv:2010.08895), the architecture of the original
 * {@code fourier_1d.py} / {@code fourier_2d.py} / {@code fourier_3d.py}:
 * <pre>
 *   v_0 = P([a(x), x])                                   lifting: 1x1 linear, in + d grid channels -> width
 *   (zero padding at the end of each axis by round(padding * n_j) points, when padding > 0)
 *   v_{l+1} = sigma( K_l v_l + W_l v_l + b_l ),  l < L-1     K_l spectral convolution, W_l 1x1 linear skip
 *   v_L     =        K v_{L-1} + W v_{L-1} + b               (no nonlinearity after the last layer)
 *   (crop the padding)
 *   u = Q_2 sigma(Q_1 v_L)                                 projection MLP: width -> projection_width -> out
 * </pre>
 * Optional fixed normalisers ({@link #setNormalizers}) encode {@code a} before the lifting and decode {@code u}.
 * Shapes are channels-first: input {@code (batch, in_channels, n_1..n_d)}, output {@code (batch, out_channels,
 * n_1..n_d)}. The grid channels are {@code linspace(0, 1, n_j)} along axis {@code j}, so one model evaluates at any
 * resolution with {@code n_j >= 2 m_j} ({@code n_d/2 + 1 >= m_d} on the last axis): zero-shot super-resolution.
 *
 * <p><b>Parameters</b> (the names and layouts of PyTorch's {@code state_dict} of the original code, so its weights
 * load directly; complex tensors carry a trailing (re, im) axis of size 2, i.e. {@code torch.view_as_real}):
 * <ul>
 *   <li>{@code fc0.weight (width, in + d)}, {@code fc0.bias (width)} — lifting ({@code nn.Linear})</li>
 *   <li>{@code conv{l}.weights{b} (width, width, m_1..m_d, 2)}, {@code b = 1..2^(d-1)} — see
 *       {@link SpectralConvolution} for the mode blocks</li>
 *   <li>{@code w{l}.weight (width, width)} (PyTorch's Conv{d}d weight {@code (width, width, 1[, 1[, 1]])}
 *       reshaped), {@code w{l}.bias (width)}</li>
 *   <li>{@code fc1.weight (projection_width, width)}, {@code fc1.bias}, {@code fc2.weight (out, projection_width)},
 *       {@code fc2.bias (out)}</li>
 * </ul>
 * Initialisation follows PyTorch's defaults (uniform {@code +-1/sqrt(fan_in)} for the linear layers,
 * {@code U[0,1) / width^2} for both parts of the spectral weights), from a seed.
 *
 * <p><b>Activation hook sites</b> ({@link #predict(Tensor, ActivationHook)}, in call order, see
 * {@link #activationSites()}): {@code lift} = {@code v_0} (after the lifting, before padding), {@code fourier0} ..
 * {@code fourier{L-1}} = {@code v_1 .. v_L} (after each Fourier layer, on the padded grid), {@code projection} =
 * {@code sigma(Q_1 v_L)} (the projection's hidden layer). Model input and output are not sites.
 */
public final class Fno extends Module implements Model, DifferentiableMap {
    private final FnoConfig config;
    private final ChannelLinear fc0, fc1, fc2;
    private final SpectralConv[] convs;
    private final ChannelLinear[] skips;
    private UnitGaussianNormalizer inputNormalizer, outputNormalizer;

    /** A freshly initialised model; the same seed gives the same weights. */
    public Fno(FnoConfig config, long seed) {
        this.config = config;
        UniformRandomProvider rng = Init.rng(seed);
        int w = config.width, d = config.dimensions();
        fc0 = registerModule("fc0", new ChannelLinear(config.inChannels + (config.grid ? d : 0), w, true, rng));
        convs = new SpectralConv[config.layers];
        skips = new ChannelLinear[config.layers];
        for (int l = 0; l < config.layers; l++)
            convs[l] = registerModule("conv" + l, new SpectralConv(w, w, config.modes, config.transform, rng));
        for (int l = 0; l < config.layers; l++) skips[l] = registerModule("w" + l, new ChannelLinear(w, w, true, rng));
        fc1 = registerModule("fc1", new ChannelLinear(w, config.projectionWidth, true, rng));
        fc2 = registerModule("fc2", new ChannelLinear(config.projectionWidth, config.outChannels, true, rng));
    }

    /** @return the architecture */
    public FnoConfig config() { return config; }

    /**
     * Attaches fixed data normalisers (fitted on training data, not learned): the forward pass encodes its input
     * with {@code input} and decodes its output with {@code output}, so the model maps physical inputs to physical
     * outputs. Use channel-wise normalisers to keep the model resolution-independent. Either may be {@code null}.
     * @return this
     */
    public Fno setNormalizers(UnitGaussianNormalizer input, UnitGaussianNormalizer output) {
        this.inputNormalizer = input;
        this.outputNormalizer = output;
        return this;
    }

    /** @return the input normaliser, or {@code null} */
    public UnitGaussianNormalizer inputNormalizer() { return inputNormalizer; }

    /** @return the output normaliser, or {@code null} */
    public UnitGaussianNormalizer outputNormalizer() { return outputNormalizer; }

    /**
     * The forward pass as a graph.
     * @param x {@code (batch, in_channels, n_1..n_d)}
     * @return {@code (batch, out_channels, n_1..n_d)}
     */
    @Override
    public Var forward(Var x) { return forward(x, null); }

    /**
     * Inference without a graph that passes every internal activation through {@code hook} (sites in the class
     * comment) and continues with what it returns. With a hook that returns its argument the result equals
     * {@link #predict(Tensor)} bit for bit.
     * @param x    {@code (batch, in_channels, n_1..n_d)}, not modified
     * @param hook called once per site, in the order of {@link #activationSites()}
     * @return {@code (batch, out_channels, n_1..n_d)}
     */
    public Tensor predict(Tensor x, ActivationHook hook) {
        if (hook == null) throw new IllegalArgumentException("hook must not be null (use predict(x) for no hook)");
        try (GradMode.Scope s = GradMode.noGrad()) {
            return forward(Var.constant(x), hook).value();
        }
    }

    /** @return the hook site names of {@link #predict(Tensor, ActivationHook)} in call order */
    public List<String> activationSites() {
        List<String> sites = new ArrayList<>();
        sites.add("lift");
        for (int l = 0; l < config.layers; l++) sites.add("fourier" + l);
        sites.add("projection");
        return sites;
    }

    private Var forward(Var x, ActivationHook hook) {
        int d = config.dimensions();
        int[] xs = x.value().shape();
        if (xs.length != d + 2 || xs[1] != config.inChannels)
            throw new ShapeMismatchException("x", "(batch, " + config.inChannels + ", " + d + " spatial axes)", xs);
        int[] sizes = Arrays.copyOfRange(xs, 2, xs.length);
        Var h = inputNormalizer == null ? x : inputNormalizer.encode(x);
        if (config.grid) h = ShapeOps.concat(1, h, Var.constant(grid(xs[0], sizes)));
        h = ActivationHook.at(hook, "lift", fc0.forward(h));
        int[] before = new int[d], after = new int[d];
        boolean padded = false;
        for (int j = 0; j < d; j++) {
            after[j] = (int) Math.round(config.padding * sizes[j]);
            padded |= after[j] > 0;
        }
        if (padded) h = ShapeOps.pad(h, before, after);
        checkResolution(h.value().shape());
        for (int l = 0; l < config.layers; l++) {
            h = convs[l].forwardWithSkip(h, skips[l], l < config.layers - 1 ? PointwiseActivation.fused(config.activation) : null);
            if (hook != null) h = ActivationHook.at(hook, "fourier" + l, h); // no string built without a hook
        }
        if (padded) h = ShapeOps.crop(h, before, after);
        FusedActivation act = PointwiseActivation.fused(config.activation);
        if (hook == null) {
            // one node: the 128-channel hidden layer is the step's largest array (see ChannelMlp), same bits
            h = ChannelMlp.apply(h, fc1.weight().var(), fc1.bias().var(), act, fc2.weight().var(), fc2.bias().var());
        } else {
            h = ActivationHook.at(hook, "projection", fc1.forward(h, act));
            h = fc2.forward(h);
        }
        return outputNormalizer == null ? h : outputNormalizer.decode(h);
    }

    private void checkResolution(int[] paddedShape) {
        int d = config.dimensions();
        for (int j = 0; j < d; j++) {
            int n = paddedShape[2 + j], m = config.modes[j];
            boolean ok = j < d - 1 ? n >= 2 * m : n / 2 + 1 >= m;
            if (!ok)
                throw new IllegalArgumentException("grid too coarse for this model: spatial axis " + j + " has " + n
                        + " points (after padding) but keeps " + m + " modes, which needs at least "
                        + (j < d - 1 ? 2 * m : 2 * m - 2) + " points");
        }
    }

    /** Grid channels {@code (batch, d, n_1..n_d)}: channel j holds {@code linspace(0, 1, n_j)} along axis j. */
    static Tensor grid(int batch, int[] sizes) {
        int d = sizes.length, total = 1;
        for (int n : sizes) total *= n;
        int[] shape = new int[d + 2];
        shape[0] = batch;
        shape[1] = d;
        System.arraycopy(sizes, 0, shape, 2, d);
        Tensor g = Tensor.zeros(shape);
        double[] data = g.data();
        int[] st = Tensor.strides(sizes);
        for (int j = 0; j < d; j++) {
            double[] coord = Tensor.linspace(0, 1, sizes[j]).data();
            for (int p = 0; p < total; p++) {
                double v = coord[(p / st[j]) % sizes[j]];
                for (int b = 0; b < batch; b++) data[(b * d + j) * total + p] = v;
            }
        }
        return g;
    }

    /** Inference without a graph (see {@link Model#predict}). */
    @Override
    public Tensor apply(Tensor x) { return predict(x); }

    /** Input sensitivity {@code J(x)^T v}; the parameters' accumulated gradients are left as they were. */
    @Override
    public Tensor vjp(Tensor x, Tensor cotangent) {
        java.util.List<Parameter> ps = parameters();
        Tensor[] saved = new Tensor[ps.size()];
        for (int i = 0; i < saved.length; i++) {
            saved[i] = ps.get(i).grad();
            ps.get(i).zeroGrad(); // otherwise the backward pass adds into the saved tensors in place
        }
        Var in = Var.leaf(x.copy());
        forward(in).backward(cotangent);
        for (int i = 0; i < saved.length; i++) {
            ps.get(i).zeroGrad();
            if (saved[i] != null) ps.get(i).var().accumulateOwned(saved[i]);
        }
        return in.grad() == null ? Tensor.zerosLike(x) : in.grad();
    }
}
