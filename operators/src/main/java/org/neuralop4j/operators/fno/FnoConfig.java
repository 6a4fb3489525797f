package org.neuralop4j.operators.fno;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The architecture of a {@link Fno}: everything needed to rebuild it, nothing learned. Immutable; built with
 * {@link #builder()} or read from JSON ({@link #fromJson}); {@link #toJson()} writes the same keys.
 *
 * <p>JSON keys (defaults in brackets): {@code "model": "fno"}, {@code in_channels} [1], {@code out_channels} [1],
 * {@code width} [32], {@code modes} (one entry per spatial axis, 1..3 axes; required), {@code layers} [4],
 * {@code padding} [0: fraction of each axis appended as zeros before the Fourier layers, for non-periodic
 * problems], {@code activation} [gelu; relu, tanh, silu], {@code projection_width} [128], {@code grid} [true:
 * append the coordinates {@code linspace(0, 1, n_j)} as input channels], {@code transform} [auto; fft, dft_gemm].
 */
public final class FnoConfig {
    /** Pointwise nonlinearity between Fourier layers and inside the projection. */
    public enum Activation { GELU, RELU, TANH, SILU }

    private static final Set<String> KEYS = Set.of("model", "in_channels", "out_channels", "width", "modes", "layers",
            "padding", "activation", "projection_width", "grid", "transform");

    final int inChannels, outChannels, width, layers, projectionWidth;
    final int[] modes;
    final double padding;
    final Activation activation;
    final boolean grid;
    final SpectralConvolution.Transform transform;

    private FnoConfig(Builder b) {
        if (b.modes == null) throw new IllegalArgumentException("modes must be given (one entry per spatial axis)");
        if (b.modes.length < 1 || b.modes.length > 3)
            throw new IllegalArgumentException("modes must have 1, 2 or 3 entries (spatial axes), got " + Arrays.toString(b.modes));
        for (int m : b.modes) if (m < 1) throw new IllegalArgumentException("modes must be positive, got " + Arrays.toString(b.modes));
        positive("in_channels", b.inChannels);
        positive("out_channels", b.outChannels);
        positive("width", b.width);
        positive("layers", b.layers);
        positive("projection_width", b.projectionWidth);
        if (!(b.padding >= 0 && b.padding <= 1)) throw new IllegalArgumentException("padding must be a fraction in [0, 1], got " + b.padding);
        inChannels = b.inChannels;
        outChannels = b.outChannels;
        width = b.width;
        layers = b.layers;
        projectionWidth = b.projectionWidth;
        modes = b.modes.clone();
        padding = b.padding;
        activation = b.activation;
        grid = b.grid;
        transform = b.transform;
    }

    private static void positive(String name, int v) {
        if (v < 1) throw new IllegalArgumentException(name + " must be positive, got " + v);
    }

    /** @return a builder with the defaults listed in the class comment */
    public static Builder builder() { return new Builder(); }

    /** @return a builder initialised with this configuration */
    public Builder toBuilder() {
        return new Builder().inChannels(inChannels).outChannels(outChannels).width(width).modes(modes).layers(layers)
                .padding(padding).activation(activation).projectionWidth(projectionWidth).grid(grid).transform(transform);
    }

    public int inChannels() { return inChannels; }
    public int outChannels() { return outChannels; }
    public int width() { return width; }
    public int[] modes() { return modes.clone(); }
    public int dimensions() { return modes.length; }
    public int layers() { return layers; }
    public double padding() { return padding; }
    public Activation activation() { return activation; }
    public int projectionWidth() { return projectionWidth; }
    public boolean grid() { return grid; }
    public SpectralConvolution.Transform transform() { return transform; }

    /** @return the configuration as a JSON object node */
    public ObjectNode toJsonNode() {
        ObjectMapper om = new ObjectMapper();
        ObjectNode o = om.createObjectNode();
        o.put("model", "fno");
        o.put("in_channels", inChannels);
        o.put("out_channels", outChannels);
        o.put("width", width);
        ArrayNode a = o.putArray("modes");
        for (int m : modes) a.add(m);
        o.put("layers", layers);
        o.put("padding", padding);
        o.put("activation", activation.name().toLowerCase(Locale.ROOT));
        o.put("projection_width", projectionWidth);
        o.put("grid", grid);
        o.put("transform", transform.name().toLowerCase(Locale.ROOT));
        return o;
    }

    /** @return compact JSON text */
    public String toJson() { return toJsonNode().toString(); }

    /**
     * Reads a configuration; unknown keys and wrong types are errors (a typo must not silently become a default).
     * @param json a JSON object
     * @throws IllegalArgumentException naming the key and the problem
     */
    public static FnoConfig fromJson(String json) {
        try {
            return fromJsonNode(new ObjectMapper().readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("FNO config is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** @see #fromJson(String) */
    public static FnoConfig fromJsonNode(JsonNode n) {
        if (n == null || !n.isObject()) throw new IllegalArgumentException("FNO config must be a JSON object");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) throw new IllegalArgumentException("FNO config has unknown key '" + k + "' (known: " + new java.util.TreeSet<>(KEYS) + ")");
        }
        if (n.has("model") && !"fno".equals(n.get("model").asText()))
            throw new IllegalArgumentException("config is for model '" + n.get("model").asText() + "', not 'fno'");
        Builder b = builder();
        try {
            if (n.has("in_channels")) b.inChannels(intOf(n, "in_channels"));
            if (n.has("out_channels")) b.outChannels(intOf(n, "out_channels"));
            if (n.has("width")) b.width(intOf(n, "width"));
            if (n.has("layers")) b.layers(intOf(n, "layers"));
            if (n.has("projection_width")) b.projectionWidth(intOf(n, "projection_width"));
            if (!n.has("modes")) throw new IllegalArgumentException("FNO config needs 'modes' (an array, one entry per spatial axis)");
            JsonNode m = n.get("modes");
            if (!m.isArray()) throw new IllegalArgumentException("FNO config 'modes' must be an array of integers, got " + m);
            int[] modes = new int[m.size()];
            for (int i = 0; i < modes.length; i++) {
                if (!m.get(i).canConvertToExactIntegral()) throw new IllegalArgumentException("FNO config 'modes' must hold integers, got " + m);
                modes[i] = m.get(i).asInt();
            }
            b.modes(modes);
            if (n.has("padding")) {
                if (!n.get("padding").isNumber()) throw new IllegalArgumentException("FNO config 'padding' must be a number");
                b.padding(n.get("padding").asDouble());
            }
            if (n.has("activation")) b.activation(Activation.valueOf(n.get("activation").asText().toUpperCase(Locale.ROOT)));
            if (n.has("grid")) {
                if (!n.get("grid").isBoolean()) throw new IllegalArgumentException("FNO config 'grid' must be true or false");
                b.grid(n.get("grid").asBoolean());
            }
            if (n.has("transform")) b.transform(SpectralConvolution.Transform.valueOf(n.get("transform").asText().toUpperCase(Locale.ROOT)));
            return b.build();
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("FNO config") ? e
                    : new IllegalArgumentException("FNO config: " + e.getMessage(), e);
        }
    }

    private static int intOf(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (!v.canConvertToExactIntegral()) throw new IllegalArgumentException("FNO config '" + key + "' must be an integer, got " + v);
        return v.asInt();
    }

    @Override
    public boolean equals(Object o) { return o instanceof FnoConfig && toJson().equals(((FnoConfig) o).toJson()); }

    @Override
    public int hashCode() { return toJson().hashCode(); }

    @Override
    public String toString() { return toJson(); }

    /** Fluent builder; {@link #build()} validates. */
    public static final class Builder {
        private int inChannels = 1, outChannels = 1, width = 32, layers = 4, projectionWidth = 128;
        private int[] modes;
        private double padding = 0;
        private Activation activation = Activation.GELU;
        private boolean grid = true;
        private SpectralConvolution.Transform transform = SpectralConvolution.Transform.AUTO;

        private Builder() {}

        /** Channels of the input function (without the grid coordinates). */
        public Builder inChannels(int v) { inChannels = v; return this; }
        /** Channels of the output function. */
        public Builder outChannels(int v) { outChannels = v; return this; }
        /** Channels inside the Fourier layers. */
        public Builder width(int v) { width = v; return this; }
        /** Kept modes per spatial axis; the number of entries is the number of spatial axes. */
        public Builder modes(int... v) { modes = v.clone(); return this; }
        /** Number of Fourier layers. */
        public Builder layers(int v) { layers = v; return this; }
        /** Fraction of each spatial axis appended as zero padding (0 for periodic problems). */
        public Builder padding(double v) { padding = v; return this; }
        /** Nonlinearity. */
        public Builder activation(Activation v) { activation = java.util.Objects.requireNonNull(v, "activation"); return this; }
        /** Hidden width of the two-layer projection. */
        public Builder projectionWidth(int v) { projectionWidth = v; return this; }
        /** Whether the grid coordinates are appended to the input channels. */
        public Builder grid(boolean v) { grid = v; return this; }
        /** How spectral convolutions compute their modes. */
        public Builder transform(SpectralConvolution.Transform v) { transform = java.util.Objects.requireNonNull(v, "transform"); return this; }

        /** @return the validated configuration */
        public FnoConfig build() { return new FnoConfig(this); }
    }
}
