package org.neuralop4j.operators.gno;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.operators.ConfigJson;
import org.neuralop4j.operators.IoScaling;

/**
 * Hyper-parameters of a {@link GraphKernelNetwork}.
 *
 * @param dimension       dimension {@code d} of the points (1..3)
 * @param inChannels      input function channels {@code a(x)} per point
 * @param outChannels     output channels per point
 * @param width           hidden width {@code w} of {@code v(x)}
 * @param kernelWidth     hidden width of the kernel network {@code kappa} (two hidden layers) from the {@link #edgeFeatures()}
 *                        edge features to {@code R^{w x w}} ({@link KernelForm#MATRIX}) or {@code R^w} ({@link KernelForm#DIAGONAL})
 * @param depth           number of kernel-integral iterations (they share {@code W} and {@code kappa}, as in the paper)
 * @param radius          neighbourhood radius {@code r}
 * @param projectionWidth hidden width of the projection back to the outputs
 * @param activation      nonlinearity
 * @param seed            initialisation seed
 * @param kernelForm      what the kernel network produces per edge: a {@code w x w} matrix (the paper's GKN) or one value per channel
 * @param edgeDistance    whether the edge features include {@code |x_i - x_j|} after {@code (x_i, x_j, a_i, a_j)}
 * @param scaling         fixed standardisation of the input and factor on the output ({@link IoScaling})
 */
public record GnoConfig(int dimension, int inChannels, int outChannels, int width, int kernelWidth, int depth, double radius,
                        int projectionWidth, Activation activation, long seed, KernelForm kernelForm, boolean edgeDistance,
                        IoScaling scaling) {
    private static final Set<String> KEYS = IoScaling.keysWith("dimension", "in_channels", "out_channels", "width", "kernel_width", "depth",
            "radius", "projection_width", "activation", "seed", "kernel_form", "edge_distance");

    /** The form of the per-edge kernel {@code kappa(x_i, x_j, a_i, a_j)} that multiplies {@code v(x_j)}. */
    public enum KernelForm {
        /** A full {@code w x w} matrix per edge (Li et al., arXiv:2003.03485): {@link KernelIntegral#apply}. */
        MATRIX,
        /** One value per edge and channel, multiplied channel-wise (neuraloperator's "linear" integral transform): {@link KernelIntegral#applyDiagonal}. */
        DIAGONAL
    }

    /** The paper's configuration: {@link KernelForm#MATRIX} kernels on {@code (x_i, x_j, a_i, a_j)}. */
    public GnoConfig(int dimension, int inChannels, int outChannels, int width, int kernelWidth, int depth, double radius,
                     int projectionWidth, Activation activation, long seed) {
        this(dimension, inChannels, outChannels, width, kernelWidth, depth, radius, projectionWidth, activation, seed, KernelForm.MATRIX, false);
    }

    /** A configuration without scaling ({@link IoScaling#NONE}). */
    public GnoConfig(int dimension, int inChannels, int outChannels, int width, int kernelWidth, int depth, double radius,
                     int projectionWidth, Activation activation, long seed, KernelForm kernelForm, boolean edgeDistance) {
        this(dimension, inChannels, outChannels, width, kernelWidth, depth, radius, projectionWidth, activation, seed, kernelForm, edgeDistance, IoScaling.NONE);
    }

    /** @return the same configuration with another scaling */
    public GnoConfig withScaling(IoScaling s) {
        return new GnoConfig(dimension, inChannels, outChannels, width, kernelWidth, depth, radius, projectionWidth, activation, seed,
                kernelForm, edgeDistance, s);
    }

    /** Validates. */
    public GnoConfig {
        if (dimension < 1 || dimension > 3) throw new IllegalArgumentException("GNO dimension must be 1..3, got " + dimension);
        if (inChannels < 0 || outChannels < 1 || width < 1 || kernelWidth < 1 || depth < 1 || projectionWidth < 1)
            throw new IllegalArgumentException("GNO sizes must be positive (in_channels >= 0): in=" + inChannels + " out=" + outChannels
                    + " width=" + width + " kernel_width=" + kernelWidth + " depth=" + depth + " projection_width=" + projectionWidth);
        if (!(radius > 0) || Double.isInfinite(radius)) throw new IllegalArgumentException("GNO radius must be positive, got " + radius);
        if (activation == null) throw new IllegalArgumentException("GNO activation must not be null");
        if (kernelForm == null) throw new IllegalArgumentException("GNO kernel form must not be null");
        if (scaling == null) throw new IllegalArgumentException("GNO scaling must not be null (IoScaling.NONE for none)");
    }

    /** @return edge feature width {@code 2d + 2 inChannels (+ 1)}: {@code (x_i, x_j, a_i, a_j[, |x_i - x_j|])} */
    public int edgeFeatures() { return 2 * dimension + 2 * inChannels + (edgeDistance ? 1 : 0); }

    /** @return outputs of the kernel network per edge: {@code w^2} or {@code w} */
    public int kernelOutputs() { return kernelForm == KernelForm.MATRIX ? width * width : width; }

    /**
     * A lower bound on the memory a training step needs for its per-edge tensors, 8 bytes a value: the edge
     * features, the kernel network's hidden layer (values, activation derivative, gradient) and its outputs (values,
     * the gradient accumulated over the layers, one layer's contribution). It grows with the edges, that is with the
     * square of the radius times the nodes, and with {@code w^2} for matrix kernels.
     * @param batch samples per step
     * @param edges directed edges of the radius graph ({@link RadiusGraph#edges()})
     */
    public long edgeBytesPerStep(int batch, long edges) {
        return 8L * batch * edges * (edgeFeatures() + 3L * kernelWidth + 3L * kernelOutputs());
    }

    /** @return the configuration as JSON (with {@code "model": "gno"}) */
    public String toJson() {
        ObjectNode o = ConfigJson.newObject(GraphKernelNetwork.TYPE);
        o.put("dimension", dimension);
        o.put("in_channels", inChannels);
        o.put("out_channels", outChannels);
        o.put("width", width);
        o.put("kernel_width", kernelWidth);
        o.put("depth", depth);
        o.put("radius", radius);
        o.put("projection_width", projectionWidth);
        o.put("activation", activation.name().toLowerCase(Locale.ROOT));
        o.put("seed", seed);
        o.put("kernel_form", kernelForm.name().toLowerCase(Locale.ROOT));
        o.put("edge_distance", edgeDistance);
        scaling.put(o);
        return o.toString();
    }

    /** Reads a configuration written by {@link #toJson()} (files without {@code kernel_form} / {@code edge_distance} get the paper's matrix kernel without distance, without the scaling keys {@link IoScaling#NONE}). */
    public static GnoConfig fromJson(String json) {
        ConfigJson c = ConfigJson.parse(GraphKernelNetwork.TYPE, json, KEYS);
        return new GnoConfig(c.getInt("dimension", 2), c.getInt("in_channels", 1), c.getInt("out_channels", 1), c.getInt("width", 16),
                c.getInt("kernel_width", 32), c.getInt("depth", 4), c.getDouble("radius", 0.15), c.getInt("projection_width", 64),
                Activation.parse(c.getString("activation", "relu")), (long) c.getDouble("seed", 0),
                parseKernelForm(c.getString("kernel_form", "matrix")), c.getBoolean("edge_distance", false),
                IoScaling.read(c));
    }

    private static KernelForm parseKernelForm(String s) {
        for (KernelForm f : KernelForm.values()) if (f.name().equalsIgnoreCase(s)) return f;
        throw new IllegalArgumentException("GNO kernel_form must be 'matrix' or 'diagonal', got '" + s + "'");
    }
}
