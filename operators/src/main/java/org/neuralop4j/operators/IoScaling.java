package org.neuralop4j.operators;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.autodiff.Var;

/**
 * Fixed affine maps around a network, part of its configuration: the input function {@code a} is standardised as
 * {@code a / inputScale - inputShift / inputScale} before the network sees it, and the network's output is
 * multiplied by {@code outputScale}. Training data far from unit scale (a Darcy coefficient of 3 or 12, solutions of
 * about 5e-3) otherwise cost an optimizer many steps just to reach the right scale, or make products of inputs
 * (the low-rank kernel {@code phi(a) psi(a)}) blow up. Both maps are part of the graph, so gradients with respect to
 * the input (stability searches, gradient checks) see them.
 *
 * @param inputShift  subtracted from the input function (e.g. its mean over the training set); finite
 * @param inputScale  divides the shifted input (e.g. its standard deviation); positive and finite
 * @param outputScale multiplies the output (e.g. the targets' root mean square); positive and finite
 */
public record IoScaling(double inputShift, double inputScale, double outputScale) {
    /** No scaling: shift 0, scales 1. */
    public static final IoScaling NONE = new IoScaling(0, 1, 1);

    /** The JSON keys {@link #put} writes. */
    public static final Set<String> KEYS = Set.of("input_shift", "input_scale", "output_scale");

    /** @return a configuration's own keys together with {@link #KEYS} (the keys its JSON may have) */
    public static Set<String> keysWith(String... own) {
        Set<String> all = new java.util.HashSet<>(KEYS);
        for (String k : own) if (!all.add(k)) throw new IllegalArgumentException("duplicate configuration key '" + k + "'");
        return Set.copyOf(all);
    }

    /** Validates. */
    public IoScaling {
        if (!Double.isFinite(inputShift)) throw new IllegalArgumentException("input shift must be finite, got " + inputShift);
        if (!(inputScale > 0) || Double.isInfinite(inputScale))
            throw new IllegalArgumentException("input scale must be positive and finite, got " + inputScale);
        if (!(outputScale > 0) || Double.isInfinite(outputScale))
            throw new IllegalArgumentException("output scale must be positive and finite, got " + outputScale);
    }

    /**
     * The standardisation of the input function by its mean and standard deviation over a training set, with output
     * factor 1. A constant input is only shifted.
     * @param inputs  training inputs; the input function is every feature of the last axis from {@code leading} on
     * @param leading features before it on the last axis (point coordinates), 0 for channels-first fields
     */
    public static IoScaling standardising(Tensor inputs, int leading) {
        double[] x = inputs.data();
        int f = inputs.dim(inputs.rank() - 1);
        double sum = 0;
        long count = 0;
        for (int i = 0; i < x.length; i++)
            if (i % f >= leading) {
                sum += x[i];
                count++;
            }
        if (count == 0) throw new IllegalArgumentException("no input-function values to standardise (" + leading + " leading features of " + f + ")");
        double mean = sum / count, squares = 0;
        for (int i = 0; i < x.length; i++)
            if (i % f >= leading) squares += (x[i] - mean) * (x[i] - mean);
        double std = Math.sqrt(squares / count);
        return new IoScaling(mean, std > 0 && Double.isFinite(std) ? std : 1, 1);
    }

    /** @return {@code sqrt(mean(t^2))}, e.g. of training targets as an output factor */
    public static double rootMeanSquare(Tensor t) {
        double sum = 0;
        for (double v : t.data()) sum += v * v;
        return Math.sqrt(sum / t.size());
    }

    /** @return this scaling with another output scale */
    public IoScaling withOutputScale(double scale) { return new IoScaling(inputShift, inputScale, scale); }

    /** @return this scaling with another input standardisation */
    public IoScaling withInput(double shift, double scale) { return new IoScaling(shift, scale, outputScale); }

    private boolean inputIsIdentity() { return inputShift == 0 && inputScale == 1; }

    /** @return the standardised input function (the same {@code Var} when there is nothing to do) */
    public Var input(Var a) {
        return inputIsIdentity() ? a : Ops.addScalar(Ops.scale(a, 1 / inputScale), -inputShift / inputScale);
    }

    /**
     * The standardised input when it is packed after {@code leading} other features on the last axis (coordinates
     * first, then {@code a}, as the point operators take it): those features pass unchanged.
     */
    public Var inputAfter(Var x, int leading) {
        if (inputIsIdentity()) return x;
        int f = x.value().dim(x.value().rank() - 1);
        Tensor factor = Tensor.zeros(f), offset = Tensor.zeros(f);
        for (int i = 0; i < f; i++) {
            factor.data()[i] = i < leading ? 1 : 1 / inputScale;
            offset.data()[i] = i < leading ? 0 : -inputShift / inputScale;
        }
        return Ops.add(Ops.mul(x, factor), offset);
    }

    /** @return the output times {@code outputScale} (the same {@code Var} when that is 1) */
    public Var output(Var y) { return outputScale == 1 ? y : Ops.scale(y, outputScale); }

    /** Writes the three values into a configuration object. */
    public void put(ObjectNode o) {
        o.put("input_shift", inputShift);
        o.put("input_scale", inputScale);
        o.put("output_scale", outputScale);
    }

    /** Reads the three values from a configuration; absent keys (files written before they existed) mean no scaling. */
    public static IoScaling read(ConfigJson c) {
        return new IoScaling(c.getDouble("input_shift", 0), c.getDouble("input_scale", 1), c.getDouble("output_scale", 1));
    }
}
