package org.neuralop4j.operators.nkn;

import org.apache.commons.rng.UniformRandomProvider;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.ChannelLinear;
import org.neuralop4j.core.nn.Init;
import org.neuralop4j.core.nn.MLP;
import org.neuralop4j.core.nn.Model;
import org.neuralop4j.core.nn.Module;
import org.neuralop4j.core.nn.ModuleList;
import org.neuralop4j.core.nn.Parameter;
import org.neuralop4j.operators.fno.SpectralConvolution;

/**
 * The comparison network for {@link NonlocalKernelNetwork}: the same width, modes, lifting and projection, but
 * {@code L} independent layers {@code h <- sigma(K_l * h + W_l h + b_l)} (an FNO-style stack) without shared
 * parameters and without the residual time-step structure. Its depth is a number of distinct layers, not a
 * discretisation of one flow, which is what the depth study contrasts.
 */
public final class UnsharedSpectralNetwork extends Module implements Model {
    private final NknConfig config;
    private final ChannelLinear lift;
    private final ModuleList<Layer> layers;
    private final MLP projection;

    /** One independent spectral layer. */
    static final class Layer extends Module {
        final Parameter[] kernel;
        final ChannelLinear w;

        Layer(int width, int[] modes, UniformRandomProvider rng) {
            int d = modes.length;
            int[] shape = new int[d + 3];
            shape[0] = width;
            shape[1] = width;
            for (int j = 0; j < d; j++) shape[2 + j] = modes[j];
            shape[d + 2] = 2;
            kernel = new Parameter[1 << (d - 1)];
            for (int b = 0; b < kernel.length; b++) kernel[b] = registerParameter("kernel" + b, Init.uniform(rng, 0, 1.0 / (width * width), shape));
            w = registerModule("w", new ChannelLinear(width, width, true, rng));
        }
    }

    /** Built from the same configuration as the NKN it is compared with (layers = its depth). */
    public UnsharedSpectralNetwork(NknConfig config) {
        this.config = config;
        UniformRandomProvider rng = Init.rng(config.seed());
        int w = config.width();
        this.lift = registerModule("lift", new ChannelLinear(config.inChannels() + (config.grid() ? config.dimensions() : 0), w, true, rng));
        this.layers = registerModule("layers", new ModuleList<>());
        for (int l = 0; l < config.layers(); l++) layers.add(new Layer(w, config.modes(), rng));
        this.projection = registerModule("projection", new MLP(new int[] {w, config.projectionWidth(), config.outChannels()}, config.activation(), false, true, rng));
    }

    @Override
    public Var forward(Var a) {
        Var h = lift.forward(config.grid() ? GridFeatures.append(a) : a);
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            Var[] blocks = new Var[layer.kernel.length];
            for (int b = 0; b < blocks.length; b++) blocks[b] = layer.kernel[b].var();
            h = config.activation().apply(Ops.add(SpectralConvolution.apply(h, config.modes(), blocks), layer.w.forward(h)));
        }
        return projection.forward(h);
    }
}
