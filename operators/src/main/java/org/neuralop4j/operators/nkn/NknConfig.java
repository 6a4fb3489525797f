package org.neuralop4j.operators.nkn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.operators.ConfigJson;
import org.neuralop4j.operators.IoScaling;

/**
 * Hyper-parameters of a {@link NonlocalKernelNetwork}.
 *
 * @param inChannels     input channels of {@code a} (grid coordinates are appended when {@code grid})
 * @param outChannels    output channels
 * @param width          hidden width {@code w}
 * @param modes          kept Fourier modes per spatial axis of the kernel {@code K(x - y)} (1–3 axes)
 * @param layers         number of layers {@code L} (time steps)
 * @param horizon        time horizon {@code T}; the step is {@code tau = T / L}
 * @param reactionWidth  hidden width of the pointwise reaction MLP {@code R}
 * @param fractional     add the nonlocal term {@code -c (-Delta)^s h} with learnable per-channel {@code c} and order {@code s}
 * @param grid           append the grid coordinates in {@code [0, 1)} to the input channels
 * @param projectionWidth hidden width of the projection
 * @param activation     nonlinearity of the reaction and the projection
 * @param seed           initialisation seed
 * @param scaling        fixed standardisation of the input and factor on the output ({@link IoScaling})
 */
public record NknConfig(int inChannels, int outChannels, int width, int[] modes, int layers, double horizon, int reactionWidth,
                        boolean fractional, boolean grid, int projectionWidth, Activation activation, long seed, IoScaling scaling) {
    private static final Set<String> KEYS = IoScaling.keysWith("in_channels", "out_channels", "width", "modes", "layers", "horizon",
            "reaction_width", "fractional", "grid", "projection_width", "activation", "seed");

    /** A configuration without scaling ({@link IoScaling#NONE}). */
    public NknConfig(int inChannels, int outChannels, int width, int[] modes, int layers, double horizon, int reactionWidth,
                     boolean fractional, boolean grid, int projectionWidth, Activation activation, long seed) {
        this(inChannels, outChannels, width, modes, layers, horizon, reactionWidth, fractional, grid, projectionWidth, activation, seed, IoScaling.NONE);
    }

    /** Validates. */
    public NknConfig {
        modes = modes.clone();
        if (modes.length < 1 || modes.length > 3) throw new IllegalArgumentException("NKN modes must have 1..3 entries, got " + Arrays.toString(modes));
        for (int m : modes) if (m < 1) throw new IllegalArgumentException("NKN modes must be positive, got " + Arrays.toString(modes));
        if (inChannels < 1 || outChannels < 1 || width < 1 || layers < 1 || reactionWidth < 1 || projectionWidth < 1)
            throw new IllegalArgumentException("NKN sizes must be positive: in=" + inChannels + " out=" + outChannels + " width=" + width
                    + " layers=" + layers + " reaction_width=" + reactionWidth + " projection_width=" + projectionWidth);
        if (!(horizon > 0) || Double.isInfinite(horizon)) throw new IllegalArgumentException("NKN horizon must be positive, got " + horizon);
        if (activation == null) throw new IllegalArgumentException("NKN activation must not be null");
        if (scaling == null) throw new IllegalArgumentException("NKN scaling must not be null (IoScaling.NONE for none)");
    }

    /** @return the same configuration with another scaling */
    public NknConfig withScaling(IoScaling s) {
        return new NknConfig(inChannels, outChannels, width, modes, layers, horizon, reactionWidth, fractional, grid, projectionWidth, activation, seed, s);
    }

    /** @return the number of spatial axes */
    public int dimensions() { return modes.length; }

    /** @return the time step {@code T / L} */
    public double tau() { return horizon / layers; }

    /** @return the same configuration with another depth (the parameters do not depend on it) */
    public NknConfig withLayers(int newLayers) {
        return new NknConfig(inChannels, outChannels, width, modes, newLayers, horizon, reactionWidth, fractional, grid, projectionWidth, activation, seed, scaling);
    }

    /** @return the configuration as JSON (with {@code "model": "nkn"}) */
    public String toJson() {
        ObjectNode o = ConfigJson.newObject(NonlocalKernelNetwork.TYPE);
        o.put("in_channels", inChannels);
        o.put("out_channels", outChannels);
        o.put("width", width);
        ConfigJson.putInts(o, "modes", modes);
        o.put("layers", layers);
        o.put("horizon", horizon);
        o.put("reaction_width", reactionWidth);
        o.put("fractional", fractional);
        o.put("grid", grid);
        o.put("projection_width", projectionWidth);
        o.put("activation", activation.name().toLowerCase(Locale.ROOT));
        o.put("seed", seed);
        scaling.put(o);
        return o.toString();
    }

    /** Reads a configuration written by {@link #toJson()} (files without the scaling keys get {@link IoScaling#NONE}). */
    public static NknConfig fromJson(String json) {
        ConfigJson c = ConfigJson.parse(NonlocalKernelNetwork.TYPE, json, KEYS);
        return new NknConfig(c.getInt("in_channels", 1), c.getInt("out_channels", 1), c.getInt("width", 16), c.getInts("modes"),
                c.getInt("layers", 4), c.getDouble("horizon", 1.0), c.getInt("reaction_width", 16), c.getBoolean("fractional", false),
                c.getBoolean("grid", true), c.getInt("projection_width", 64), Activation.parse(c.getString("activation", "gelu")),
                (long) c.getDouble("seed", 0), IoScaling.read(c));
    }

    @Override
    public boolean equals(Object o) { return o instanceof NknConfig && toJson().equals(((NknConfig) o).toJson()); }

    @Override
    public int hashCode() { return toJson().hashCode(); }

    @Override
    public String toString() { return toJson(); }
}
