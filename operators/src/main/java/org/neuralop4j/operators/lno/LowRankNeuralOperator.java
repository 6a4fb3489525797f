package org.neuralop4j.operators.lno;

import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.autodiff.ShapeOps;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.Init;
import org.neuralop4j.core.nn.Linear;
import org.neuralop4j.core.nn.MLP;
import org.neuralop4j.core.nn.Model;
import org.neuralop4j.core.nn.Module;
import org.neuralop4j.core.nn.ModuleList;
import org.neuralop4j.operators.OperatorModel;

/**
 * Low-rank neural operator (LNO) of Kovachki, Li, Liu, Azizzadenesheli, Bhattacharya, Stuart, Anandkumar, "Neural
 * Operator: Learning Maps Between Function Spaces", JMLR 24 (89), 2023, arXiv:2108.08481, Sec. 4.2: the kernel is
 * separable of rank {@code r},
 * <pre>
 *   kappa(x, y) = sum_{j=1..r} phi_j(x) psi_j(y)^T,      phi_j, psi_j : (x, a(x)) -> R^w  (neural networks),
 *   int kappa(x, y) v(y) dy = sum_j phi_j(x) <psi_j, v>,   <psi_j, v> = mean_y psi_j(y) . v(y),
 * </pre>
 * so a layer costs {@code O(n r w)} instead of {@code O(n^2)}. Layers: {@code v <- sigma(W_t v + K_t v)} (none after
 * the last), lifting {@code P(x, a)} and projection {@code Q} as in the graph kernel network.
 *
 * <p>Input: points {@code (B, n, d + inChannels)} (coordinates, then {@code a}); output {@code (B, n, outChannels)}.
 * The mean over the {@code n} points is the quadrature of the integral, so the model applies to any sampling.
 */
public final class LowRankNeuralOperator extends Module implements Model, OperatorModel {
    /** Model type in checkpoints. */
    public static final String TYPE = "lno";

    private final LnoConfig config;
    private final Linear lift;
    private final ModuleList<Layer> layers;
    private final MLP projection;

    /** One low-rank layer: {@code phi}, {@code psi} and the pointwise {@code W}. */
    static final class Layer extends Module {
        final MLP phi, psi;
        final Linear w;

        Layer(LnoConfig c, UniformRandomProvider rng) {
            int in = c.dimension() + c.inChannels();
            phi = registerModule("phi", new MLP(new int[] {in, c.kernelWidth(), c.rank() * c.width()}, c.activation(), false, false, rng));
            psi = registerModule("psi", new MLP(new int[] {in, c.kernelWidth(), c.rank() * c.width()}, c.activation(), false, false, rng));
            w = registerModule("w", new Linear(c.width(), c.width(), true, rng));
        }
    }

    /** A network initialised from {@code config.seed()}. */
    public LowRankNeuralOperator(LnoConfig config) {
        this.config = config;
        UniformRandomProvider rng = Init.rng(config.seed());
        this.lift = registerModule("lift", new Linear(config.dimension() + config.inChannels(), config.width(), true, rng));
        this.layers = registerModule("layers", new ModuleList<>());
        for (int t = 0; t < config.depth(); t++) layers.add(new Layer(config, rng));
        this.projection = registerModule("projection", new MLP(new int[] {config.width(), config.projectionWidth(), config.outChannels()}, config.activation(), false, false, rng));
    }

    /** @return the configuration */
    public LnoConfig config() { return config; }

    /**
     * The low-rank integral {@code sum_j phi_j(x) mean_y psi_j(y) . v(y)}.
     * @param phi {@code (B, n, r*w)}, @param psi {@code (B, n, r*w)}, @param v {@code (B, n, w)}
     * @return {@code (B, n, w)}
     */
    public static Var lowRankIntegral(Var phi, Var psi, Var v, int rank) {
        int[] s = v.value().shape();
        int batch = s[0], n = s[1], w = s[2];
        Var ps = ShapeOps.reshape(psi, batch, n, rank, w);
        Var coeff = Ops.scale(Ops.sum(Ops.mul(ps, ShapeOps.reshape(v, batch, n, 1, w)), false, 1, 3), 1.0 / n); // (B, r)
        Var ph = ShapeOps.reshape(phi, batch, n, rank, w);
        return Ops.sum(Ops.mul(ph, ShapeOps.reshape(coeff, batch, 1, rank, 1)), false, 2);
    }

    @Override
    public Var forward(Var x) {
        Tensor xv = x.value();
        int f = config.dimension() + config.inChannels();
        if (xv.rank() != 3 || xv.dim(2) != f) throw new ShapeMismatchException("x", "(B, n, " + f + ") = (points, a)", xv.shape());
        x = config.scaling().inputAfter(x, config.dimension());
        Var v = lift.forward(x);
        for (int t = 0; t < layers.size(); t++) {
            Layer l = layers.get(t);
            v = Ops.add(l.w.forward(v), lowRankIntegral(l.phi.forward(x), l.psi.forward(x), v, config.rank()));
            if (t + 1 < layers.size()) v = config.activation().apply(v);
        }
        Var out = projection.forward(v);
        return config.scaling().output(out);
    }

    @Override
    public String modelType() { return TYPE; }

    @Override
    public String configJson() { return config.toJson(); }

    /** Rebuilds a network from a checkpoint's configuration and weights. */
    public static LowRankNeuralOperator fromState(String configJson, Map<String, Tensor> weights) {
        LowRankNeuralOperator net = new LowRankNeuralOperator(LnoConfig.fromJson(configJson));
        net.loadStateDict(weights);
        return net;
    }
}
