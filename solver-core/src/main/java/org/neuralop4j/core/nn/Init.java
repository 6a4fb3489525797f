package org.neuralop4j.core.nn;

import org.neuralop4j.core.Checks;
import org.neuralop4j.core.Tensor;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Seeded weight initialisers with PyTorch's conventions ({@code torch.nn.init}). For a weight of shape
 * {@code (out, in, k...)}, {@code fanIn = in * prod(k)} and {@code fanOut = out * prod(k)}; a 1-D tensor has
 * {@code fanIn = fanOut = its length}. Each method takes a seed or a seeded {@link UniformRandomProvider}; the
 * same seed gives the same bits. Normal samples come from a ziggurat sampler on the same stream.
 *
 * <ul>
 *   <li>Glorot/Xavier (Glorot and Bengio, AISTATS 2010): uniform on {@code [-a, a]},
 *       {@code a = gain sqrt(6 / (fanIn + fanOut))}; normal with {@code std = gain sqrt(2 / (fanIn + fanOut))}.</li>
 *   <li>He/Kaiming (He et al., arXiv:1502.01852), fan-in mode, leaky-ReLU slope {@code a}:
 *       {@code gain = sqrt(2 / (1 + a^2))}, normal {@code std = gain / sqrt(fanIn)}, uniform bound
 *       {@code gain sqrt(3 / fanIn)}.</li>
 *   <li>PyTorch's default {@code nn.Linear} init: {@code kaiming_uniform(a = sqrt 5)}, i.e.
 *       {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} for the weight, and the same interval for the bias.</li>
 * </ul>
 */
public final class Init {
    private Init() {}

    /** The library's seeded stream (XO_RO_SHI_RO_128_PP). */
    public static UniformRandomProvider rng(long seed) { return RandomSource.XO_RO_SHI_RO_128_PP.create(seed); }

    /** {@code fanIn} of a weight shape. */
    public static int fanIn(int... shape) {
        if (shape.length == 0) throw new IllegalArgumentException("fan-in of a scalar is undefined");
        if (shape.length == 1) return shape[0];
        return shape[1] * receptive(shape);
    }

    /** {@code fanOut} of a weight shape. */
    public static int fanOut(int... shape) {
        if (shape.length == 0) throw new IllegalArgumentException("fan-out of a scalar is undefined");
        if (shape.length == 1) return shape[0];
        return shape[0] * receptive(shape);
    }

    private static int receptive(int[] shape) {
        int r = 1;
        for (int i = 2; i < shape.length; i++) r *= shape[i];
        return r;
    }

    /** Entries uniform on {@code [lo, hi)}. */
    public static Tensor uniform(UniformRandomProvider rng, double lo, double hi, int... shape) {
        if (!(hi >= lo)) throw new IllegalArgumentException("uniform needs lo <= hi, got [" + lo + ", " + hi + ")");
        Tensor t = Tensor.zeros(shape);
        double[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = lo + (hi - lo) * rng.nextDouble();
        return t;
    }

    /** Entries uniform on {@code [lo, hi)} from a seed. */
    public static Tensor uniform(long seed, double lo, double hi, int... shape) { return uniform(rng(seed), lo, hi, shape); }

    /** Entries normal with mean 0 and standard deviation {@code std}. */
    public static Tensor normal(UniformRandomProvider rng, double std, int... shape) {
        Checks.nonNegative("std", std);
        Tensor t = Tensor.zeros(shape);
        Tensor.fillNormal(rng, t.data(), 0, t.size());
        return t.scaleInPlace(std);
    }

    /** Normal entries from a seed. */
    public static Tensor normal(long seed, double std, int... shape) { return normal(rng(seed), std, shape); }

    /** Glorot/Xavier uniform. */
    public static Tensor xavierUniform(UniformRandomProvider rng, double gain, int... shape) {
        double a = gain * Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
        return uniform(rng, -a, a, shape);
    }

    /** Glorot/Xavier uniform from a seed. */
    public static Tensor xavierUniform(long seed, double gain, int... shape) { return xavierUniform(rng(seed), gain, shape); }

    /** Glorot/Xavier normal. */
    public static Tensor xavierNormal(UniformRandomProvider rng, double gain, int... shape) {
        return normal(rng, gain * Math.sqrt(2.0 / (fanIn(shape) + fanOut(shape))), shape);
    }

    /** Glorot/Xavier normal from a seed. */
    public static Tensor xavierNormal(long seed, double gain, int... shape) { return xavierNormal(rng(seed), gain, shape); }

    /** He/Kaiming normal, fan-in mode, leaky-ReLU slope {@code a} ({@code a = 0} for ReLU). */
    public static Tensor kaimingNormal(UniformRandomProvider rng, double a, int... shape) {
        return normal(rng, kaimingGain(a) / Math.sqrt(fanIn(shape)), shape);
    }

    /** He/Kaiming normal from a seed. */
    public static Tensor kaimingNormal(long seed, double a, int... shape) { return kaimingNormal(rng(seed), a, shape); }

    /** He/Kaiming uniform, fan-in mode, leaky-ReLU slope {@code a}. */
    public static Tensor kaimingUniform(UniformRandomProvider rng, double a, int... shape) {
        double bound = kaimingGain(a) * Math.sqrt(3.0 / fanIn(shape));
        return uniform(rng, -bound, bound, shape);
    }

    /** He/Kaiming uniform from a seed. */
    public static Tensor kaimingUniform(long seed, double a, int... shape) { return kaimingUniform(rng(seed), a, shape); }

    private static double kaimingGain(double a) { return Math.sqrt(2.0 / (1.0 + a * a)); }

    /** PyTorch's default {@code nn.Linear}/{@code Conv} weight init: {@code kaiming_uniform(a = sqrt 5)} = {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}. */
    public static Tensor torchDefaultWeight(UniformRandomProvider rng, int... shape) {
        return kaimingUniform(rng, Math.sqrt(5.0), shape);
    }

    /** PyTorch's default bias init for a layer with the given fan-in: {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}. */
    public static Tensor torchDefaultBias(UniformRandomProvider rng, int fanIn, int size) {
        double bound = fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0.0;
        return uniform(rng, -bound, bound, size);
    }
}
