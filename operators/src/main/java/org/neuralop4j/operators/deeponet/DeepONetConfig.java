package org.neuralop4j.operators.deeponet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.operators.ConfigJson;

/**
 * Hyper-parameters of a {@link DeepONet}.
 *
 * @param branch        branch widths {@code [m, h_1, ..., p*outputs]}, {@code m} the number of sensors
 * @param trunk         trunk widths {@code [d, h_1, ..., p*outputs]}, {@code d} the dimension of a query point
 *                      (before feature expansion)
 * @param activation    nonlinearity of both nets (the branch's last layer is linear, the trunk's is activated,
 *                      as in DeepXDE's {@code DeepONetCartesianProd})
 * @param outputs       number of output components; branch and trunk outputs are split into that many groups
 *                      of {@code p} ("split both" in DeepXDE)
 * @param trunkFeatures {@code K >= 0}: the trunk sees {@code [x, sin(2 pi k x), cos(2 pi k x)]_{k=1..K}} per
 *                      coordinate, {@code d (1 + 2K)} inputs (0 = the raw point)
 * @param seed          initialisation seed (Glorot-normal weights, zero biases, zero output bias)
 */
public record DeepONetConfig(int[] branch, int[] trunk, Activation activation, int outputs, int trunkFeatures, long seed) {
    private static final Set<String> KEYS = Set.of("branch", "trunk", "activation", "outputs", "trunk_features", "seed");

    /** Validates the widths. */
    public DeepONetConfig {
        branch = branch.clone();
        trunk = trunk.clone();
        if (branch.length < 2 || trunk.length < 2)
            throw new IllegalArgumentException("DeepONet branch and trunk need at least two widths, got " + Arrays.toString(branch) + " and " + Arrays.toString(trunk));
        for (int w : branch) if (w < 1) throw new IllegalArgumentException("DeepONet branch widths must be positive, got " + Arrays.toString(branch));
        for (int w : trunk) if (w < 1) throw new IllegalArgumentException("DeepONet trunk widths must be positive, got " + Arrays.toString(trunk));
        if (outputs < 1) throw new IllegalArgumentException("DeepONet outputs must be positive, got " + outputs);
        if (trunkFeatures < 0) throw new IllegalArgumentException("DeepONet trunk_features must be >= 0, got " + trunkFeatures);
        int pb = branch[branch.length - 1], pt = trunk[trunk.length - 1];
        if (pb != pt || pb % outputs != 0)
            throw new IllegalArgumentException("DeepONet branch and trunk must end in the same width p*outputs (outputs=" + outputs
                    + "), got " + pb + " and " + pt);
        if (activation == null) throw new IllegalArgumentException("DeepONet activation must not be null");
    }

    /**
     * DeepXDE's antiderivative example ({@code examples/operator/antiderivative_aligned.py}): branch
     * {@code [sensors, 40, 40]}, trunk {@code [1, 40, 40]}, ReLU, Glorot normal, one output.
     */
    public static DeepONetConfig deepXdeAntiderivative(int sensors, long seed) {
        return new DeepONetConfig(new int[] {sensors, 40, 40}, new int[] {1, 40, 40}, Activation.RELU, 1, 0, seed);
    }

    /** @return the number of basis functions per output, {@code p} */
    public int basisSize() { return branch[branch.length - 1] / outputs; }

    /** @return the trunk's first-layer input width after feature expansion */
    public int trunkInputWidth() { return trunk[0] * (1 + 2 * trunkFeatures); }

    /** @return the configuration as JSON (with {@code "model": "deeponet"}) */
    public String toJson() {
        ObjectNode o = ConfigJson.newObject(DeepONet.TYPE);
        ConfigJson.putInts(o, "branch", branch);
        ConfigJson.putInts(o, "trunk", trunk);
        o.put("activation", activation.name().toLowerCase(Locale.ROOT));
        o.put("outputs", outputs);
        o.put("trunk_features", trunkFeatures);
        o.put("seed", seed);
        return o.toString();
    }

    /** Reads a configuration written by {@link #toJson()}; unknown keys are errors. */
    public static DeepONetConfig fromJson(String json) {
        ConfigJson c = ConfigJson.parse(DeepONet.TYPE, json, KEYS);
        return new DeepONetConfig(c.getInts("branch"), c.getInts("trunk"), Activation.parse(c.getString("activation", "relu")),
                c.getInt("outputs", 1), c.getInt("trunk_features", 0), (long) c.getDouble("seed", 0));
    }

    @Override
    public boolean equals(Object o) { return o instanceof DeepONetConfig && toJson().equals(((DeepONetConfig) o).toJson()); }

    @Override
    public int hashCode() { return toJson().hashCode(); }

    @Override
    public String toString() { return toJson(); }
}
