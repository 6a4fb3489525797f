package org.neuralop4j.operators.fno;

import org.apache.commons.rng.UniformRandomProvider;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.Model;
import org.neuralop4j.core.nn.Module;
import org.neuralop4j.core.nn.Parameter;

/**
 * A spectral convolution layer: the parameters {@code weights1 .. weights{2^(d-1)}}, each
 * {@code (in, out, m_1..m_d, 2)}, around the fused op {@link SpectralConvolution#apply}, whose javadoc states
 * the mode convention. Initialised like the original FNO code: real and imaginary parts {@code U[0, 1) / (in out)}.
 */
public final class SpectralConv extends Module implements Model {
    private final int[] modes;
    private final SpectralConvolution.Transform transform;
    private final Parameter[] weights;

    /**
     * @param in        input channels
     * @param out       output channels
     * @param modes     kept modes per spatial axis (1 to 3 entries)
     * @param transform how the kept modes are computed
     * @param rng       initialisation stream
     */
    public SpectralConv(int in, int out, int[] modes, SpectralConvolution.Transform transform, UniformRandomProvider rng) {
        if (in < 1 || out < 1) throw new IllegalArgumentException("SpectralConv needs positive channel counts, got in=" + in + " out=" + out);
        int d = modes.length;
        if (d < 1 || d > 3) throw new IllegalArgumentException("SpectralConv works over 1, 2 or 3 spatial axes, got modes " + java.util.Arrays.toString(modes));
        this.modes = modes.clone();
        this.transform = transform;
        int[] shape = new int[d + 3];
        shape[0] = in;
        shape[1] = out;
        for (int j = 0; j < d; j++) {
            if (modes[j] < 1) throw new IllegalArgumentException("modes must be positive, got " + java.util.Arrays.toString(modes));
            shape[2 + j] = modes[j];
        }
        shape[d + 2] = 2;
        double scale = 1.0 / ((double) in * out);
        weights = new Parameter[1 << (d - 1)];
        for (int b = 0; b < weights.length; b++) {
            Tensor t = Tensor.zeros(shape);
            double[] data = t.data();
            for (int i = 0; i < data.length; i++) data[i] = scale * rng.nextDouble();
            weights[b] = registerParameter("weights" + (b + 1), t);
        }
    }

    /** @return the kept modes per axis */
    public int[] modes() { return modes.clone(); }

    @Override
    public Var forward(Var x) {
        return SpectralConvolution.apply(x, modes, transform, weightVars());
    }

    /**
     * This convolution plus a pointwise skip path, {@code K x + skip(x)}, as one fused node (see
     * {@link SpectralConvolution#applyWithSkip}): the linear part of a Fourier layer.
     */
    public Var forwardWithSkip(Var x, org.neuralop4j.core.nn.ChannelLinear skip) {
        return forwardWithSkip(x, skip, null);
    }

    /** {@code activation(K x + skip(x))}, a whole Fourier layer as one node; {@code activation} may be {@code null}. */
    public Var forwardWithSkip(Var x, org.neuralop4j.core.nn.ChannelLinear skip,
                               org.neuralop4j.core.autodiff.FusedActivation activation) {
        Parameter bias = skip.bias();
        return SpectralConvolution.applyWithSkip(x, modes, transform, skip.weight().var(), bias == null ? null : bias.var(),
                activation, weightVars());
    }

    private Var[] weightVars() {
        Var[] w = new Var[weights.length];
        for (int b = 0; b < w.length; b++) w[b] = weights[b].var();
        return w;
    }
}
