package org.neuralop4j.operators.gno;

import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradMode;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.autodiff.ShapeOps;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.Init;
import org.neuralop4j.core.nn.Linear;
import org.neuralop4j.core.nn.MLP;
import org.neuralop4j.core.nn.Model;
import org.neuralop4j.core.nn.Module;
import org.neuralop4j.operators.OperatorModel;

/**
 * Graph kernel network (Li et al., arXiv:2003.03485; Kovachki et al., JMLR 2023) on arbitrary point sets:
 * <pre>
 *   v_0(x)     = P(x, a(x)),
 *   v_{t+1}(x) = sigma( W v_t(x) + mean_{y in B(x, r)} kappa(x, y, a(x), a(y)) v_t(y) ),   t = 0..T-1
 *                (no sigma after the last iteration),
 *   u(x)       = Q(v_T(x)),
 * </pre>
 * {@code P} a linear lifting, {@code kappa} an MLP {@code (x, y, a(x), a(y)) -> R^{w x w}} evaluated once per edge
 * for all edges as GEMMs (edges x features), {@code W} a linear map, both shared by the {@code T} iterations, and
 * {@code Q} a two-layer projection. The kernel integral is the fused {@link KernelIntegral} on the {@link RadiusGraph}.
 * Because the integral is a mean over the ball, a model trained on one sampling of the domain applies to another.
 *
 * <p>Two options of {@link GnoConfig}: with {@link GnoConfig#edgeDistance()} the kernel also sees {@code |x - y|}
 * (the GKN code's Darcy edge attributes are {@code (x, y, a(x), a(y))}; the distance spares the MLP from learning it,
 * and on generated Darcy at s = 29 it lowered the test error by a few per cent); with
 * {@link GnoConfig.KernelForm#DIAGONAL} {@code kappa} gives one value per channel, multiplied channel-wise
 * ({@link KernelIntegral#applyDiagonal}), about {@code w} times cheaper per edge than the paper's matrix.
 *
 * <p>Inputs: points {@code (n, d)} shared by the batch and input functions {@code a (B, n, inChannels)}; output
 * {@code (B, n, outChannels)}. As a single-input {@link Model}, {@code x (B, n, d + inChannels)} packs the points
 * (identical for every sample) and {@code a}.
 */
public final class GraphKernelNetwork extends Module implements Model, OperatorModel {
    /** Model type in checkpoints. */
    public static final String TYPE = "gno";

    private final GnoConfig config;
    private final Linear lift, w;
    private final MLP kernel, projection;

    /** A network initialised from {@code config.seed()} (PyTorch's default Linear initialisation). */
    public GraphKernelNetwork(GnoConfig config) {
        this.config = config;
        UniformRandomProvider rng = Init.rng(config.seed());
        int d = config.dimension(), width = config.width(), kw = config.kernelWidth();
        this.lift = registerModule("lift", new Linear(d + config.inChannels(), width, true, rng));
        this.kernel = registerModule("kernel", new MLP(new int[] {config.edgeFeatures(), kw, kw, config.kernelOutputs()}, config.activation(), false, false, rng));
        this.w = registerModule("w", new Linear(width, width, true, rng));
        this.projection = registerModule("projection", new MLP(new int[] {width, config.projectionWidth(), config.outChannels()}, config.activation(), false, false, rng));
    }

    /** @return the configuration */
    public GnoConfig config() { return config; }

    /**
     * @param points {@code (n, d)} coordinates shared by the batch
     * @param a      input functions {@code (B, n, inChannels)}
     * @return {@code (B, n, outChannels)}
     */
    public Var forward(Tensor points, Var a) {
        return forward(RadiusGraph.build(checkPoints(points), config.radius()), points, a);
    }

    /** The forward pass on a prebuilt graph of {@code points}. */
    public Var forward(RadiusGraph graph, Tensor points, Var a) {
        int n = points.dim(0), d = config.dimension(), ca = config.inChannels();
        Tensor av = a.value();
        if (av.rank() != 3 || av.dim(1) != n || av.dim(2) != ca)
            throw new ShapeMismatchException("a", "(B, " + n + ", " + ca + ")", av.shape());
        if (graph.nodes() != n) throw new IllegalArgumentException("graph has " + graph.nodes() + " nodes but there are " + n + " points");
        int batch = av.dim(0);
        a = config.scaling().input(a);
        Var nodeFeatures = ShapeOps.concat(2, Var.constant(broadcastPoints(points, batch)), a);
        Var v = lift.forward(nodeFeatures);
        Var k = kernel.forward(edgeFeatures(graph, points, a, config.edgeDistance()));
        boolean matrix = config.kernelForm() == GnoConfig.KernelForm.MATRIX;
        for (int t = 0; t < config.depth(); t++) {
            Var integral = matrix ? KernelIntegral.apply(v, k, graph) : KernelIntegral.applyDiagonal(v, k, graph);
            v = Ops.add(w.forward(v), integral);
            if (t + 1 < config.depth()) v = config.activation().apply(v);
        }
        Var out = projection.forward(v);
        return config.scaling().output(out);
    }

    /** Single-input form: {@code x (B, n, d + inChannels)}, coordinates first (the same for every sample). */
    @Override
    public Var forward(Var x) {
        Tensor xv = x.value();
        int d = config.dimension(), ca = config.inChannels();
        if (xv.rank() != 3 || xv.dim(2) != d + ca) throw new ShapeMismatchException("x", "(B, n, " + (d + ca) + ") = (points, a)", xv.shape());
        int batch = xv.dim(0), n = xv.dim(1);
        double[] xd = xv.data();
        Tensor points = Tensor.zeros(n, d);
        for (int i = 0; i < n; i++) System.arraycopy(xd, i * (d + ca), points.data(), i * d, d);
        for (int b = 1; b < batch; b++)
            for (int i = 0; i < n; i++)
                for (int k = 0; k < d; k++)
                    if (xd[(b * n + i) * (d + ca) + k] != points.data()[i * d + k])
                        throw new IllegalArgumentException("all samples of a batch must share their points (sample " + b + ", point " + i + " differs)");
        Var a = ShapeOps.slice(x, 2, d, d + ca);
        return forward(points, a);
    }

    private Tensor checkPoints(Tensor points) {
        if (points.rank() != 2 || points.dim(1) != config.dimension())
            throw new ShapeMismatchException("points", "(n, " + config.dimension() + ")", points.shape());
        return points;
    }

    private static Tensor broadcastPoints(Tensor points, int batch) {
        Tensor[] copies = new Tensor[batch];
        for (int b = 0; b < batch; b++) copies[b] = points;
        return Tensor.stack(copies);
    }

    /**
     * Edge features {@code (x_i, x_j, a_i, a_j[, |x_i - x_j|])}, {@code (B, E, 2d + 2 inChannels [+ 1])}; constants
     * (the inputs are data, and {@link #forward(Var)} does not differentiate with respect to {@code a}).
     */
    static Var edgeFeatures(RadiusGraph g, Tensor points, Var a, boolean distance) {
        int n = g.nodes(), edges = g.edges(), d = points.dim(1);
        Tensor av = a.value();
        int batch = av.dim(0), ca = av.dim(2), f = 2 * d + 2 * ca + (distance ? 1 : 0);
        double[] p = points.data(), ad = av.data(), out = new double[batch * edges * f];
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < n; i++)
                for (int e = g.rowStart(i); e < g.rowStart(i + 1); e++) {
                    int j = g.col(e), o = (b * edges + e) * f;
                    System.arraycopy(p, i * d, out, o, d);
                    System.arraycopy(p, j * d, out, o + d, d);
                    System.arraycopy(ad, (b * n + i) * ca, out, o + 2 * d, ca);
                    System.arraycopy(ad, (b * n + j) * ca, out, o + 2 * d + ca, ca);
                    if (distance) {
                        double r2 = 0;
                        for (int k = 0; k < d; k++) {
                            double dx = p[i * d + k] - p[j * d + k];
                            r2 += dx * dx;
                        }
                        out[o + f - 1] = Math.sqrt(r2);
                    }
                }
        return Var.constant(Tensor.wrap(out, batch, edges, f));
    }

    /** Inference without a graph. */
    public Tensor predict(Tensor points, Tensor a) {
        try (GradMode.Scope s = GradMode.noGrad()) {
            return forward(points, Var.constant(a)).value();
        }
    }

    @Override
    public String modelType() { return TYPE; }

    @Override
    public String configJson() { return config.toJson(); }

    /** Rebuilds a network from a checkpoint's configuration and weights. */
    public static GraphKernelNetwork fromState(String configJson, Map<String, Tensor> weights) {
        GraphKernelNetwork net = new GraphKernelNetwork(GnoConfig.fromJson(configJson));
        net.loadStateDict(weights);
        return net;
    }
}
