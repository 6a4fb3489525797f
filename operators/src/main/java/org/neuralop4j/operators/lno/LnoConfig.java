package org.neuralop4j.operators.lno;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.operators.ConfigJson;
import org.neuralop4j.operators.IoScaling;

/**
 * Hyper-parameters of a {@link LowRankNeuralOperator}.
 *
 * @param dimension       dimension {@code d} of the points
 * @param inChannels      input function channels per point
 * @param outChannels     output channels per point
 * @param width           hidden width {@code w}
 * @param rank            rank {@code r} of the kernel
 * @param kernelWidth     hidden width of the networks {@code phi, psi : (x, a(x)) -> R^{r x w}}
 * @param depth           number of low-rank layers (each with its own {@code phi, psi, W})
 * @param projectionWidth hidden width of the projection
 * @param activation      nonlinearity
 * @param seed            initialisation seed
 * @param scaling         fixed standardisation of the input and factor on the output ({@link IoScaling})
 */
public record LnoConfig(int dimension, int inChannels, int outChannels, int width, int rank, int kernelWidth, int depth,
                        int projectionWidth, Activation activation, long seed, IoScaling scaling) {
    private static final Set<String> KEYS = IoScaling.keysWith("dimension", "in_channels", "out_channels", "width", "rank", "kernel_width",
            "depth", "projection_width", "activation", "seed");

    /** A configuration without scaling ({@link IoScaling#NONE}). */
    public LnoConfig(int dimension, int inChannels, int outChannels, int width, int rank, int kernelWidth, int depth,
                     int projectionWidth, Activation activation, long seed) {
        this(dimension, inChannels, outChannels, width, rank, kernelWidth, depth, projectionWidth, activation, seed, IoScaling.NONE);
    }

    /** Validates. */
    public LnoConfig {
        if (dimension < 1 || dimension > 3) throw new IllegalArgumentException("LNO dimension must be 1..3, got " + dimension);
        if (inChannels < 0 || outChannels < 1 || width < 1 || rank < 1 || kernelWidth < 1 || depth < 1 || projectionWidth < 1)
            throw new IllegalArgumentException("LNO sizes must be positive (in_channels >= 0): in=" + inChannels + " out=" + outChannels
                    + " width=" + width + " rank=" + rank + " kernel_width=" + kernelWidth + " depth=" + depth + " projection_width=" + projectionWidth);
        if (activation == null) throw new IllegalArgumentException("LNO activation must not be null");
        if (scaling == null) throw new IllegalArgumentException("LNO scaling must not be null (IoScaling.NONE for none)");
    }

    /** @return the same configuration with another scaling */
    public LnoConfig withScaling(IoScaling s) {
        return new LnoConfig(dimension, inChannels, outChannels, width, rank, kernelWidth, depth, projectionWidth, activation, seed, s);
    }

    /** @return the configuration as JSON (with {@code "model": "lno"}) */
    public String toJson() {
        ObjectNode o = ConfigJson.newObject(LowRankNeuralOperator.TYPE);
        o.put("dimension", dimension);
        o.put("in_channels", inChannels);
        o.put("out_channels", outChannels);
        o.put("width", width);
        o.put("rank", rank);
        o.put("kernel_width", kernelWidth);
        o.put("depth", depth);
        o.put("projection_width", projectionWidth);
        o.put("activation", activation.name().toLowerCase(Locale.ROOT));
        o.put("seed", seed);
        scaling.put(o);
        return o.toString();
    }

    /** Reads a configuration written by {@link #toJson()} (files without the scaling keys get {@link IoScaling#NONE}). */
    public static LnoConfig fromJson(String json) {
        ConfigJson c = ConfigJson.parse(LowRankNeuralOperator.TYPE, json, KEYS);
        return new LnoConfig(c.getInt("dimension", 2), c.getInt("in_channels", 1), c.getInt("out_channels", 1), c.getInt("width", 16),
                c.getInt("rank", 4), c.getInt("kernel_width", 32), c.getInt("depth", 4), c.getInt("projection_width", 64),
                Activation.parse(c.getString("activation", "gelu")), (long) c.getDouble("seed", 0),
                IoScaling.read(c));
    }
}
