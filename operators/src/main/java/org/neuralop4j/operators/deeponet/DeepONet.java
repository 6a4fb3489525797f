package org.neuralop4j.operators.deeponet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradMode;
import org.neuralop4j.core.autodiff.LinearOps;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.autodiff.ShapeOps;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.ActivationHook;
import org.neuralop4j.core.nn.Init;
import org.neuralop4j.core.nn.Linear;
import org.neuralop4j.core.nn.Module;
import org.neuralop4j.core.nn.ModuleList;
import org.neuralop4j.core.nn.Parameter;
import org.neuralop4j.operators.OperatorModel;

/**
 * Deep operator network (Lu, Jin, Pang, Zhang, Karniadakis, "Learning nonlinear operators via DeepONet based on the
 * universal approximation theorem of operators", Nat. Mach. Intell. 3, 2021, doi:10.1038/s42256-021-00302-5,
 * arXiv:1910.03193):
 * <pre>
 *   G(v)(x)_o = sum_{k=1..p} b_{o,k}(v) t_{o,k}(x) + b0_o,      o = 1..outputs,
 * </pre>
 * {@code b = branch(v)} an MLP of the input function's values at {@code m} fixed sensors, {@code t = trunk(x)} an MLP
 * of the query point (optionally Fourier-feature expanded), {@code b0} a trainable output bias.
 *
 * <p>Two evaluation forms:
 * <ul>
 *   <li>{@link #cartesian}: every sample shares the query points, {@code v (N, m)}, {@code x (M, d)} → {@code (N, M)}
 *       (or {@code (N, M, outputs)}); the contraction is one GEMM {@code B T^T}.</li>
 *   <li>{@link #pointwise}: query points per sample, {@code v (N, m)}, {@code x (N, M, d)} → {@code (N, M)}
 *       (or {@code (N, M, outputs)}).</li>
 * </ul>
 * Parameters: {@code branch.i.{weight,bias}}, {@code trunk.i.{weight,bias}}, {@code bias}.
 *
 * <p><b>Activation hook sites</b> ({@link #predict(Tensor, Tensor, ActivationHook)}, in call order, see
 * {@link #activationSites()}): {@code branch.i} = the output of branch layer {@code i} (module {@code branch.i}, after
 * its activation; the last one, linear, is {@code B}), then {@code trunk.i} likewise (the last one is {@code T}). So
 * every hidden layer of both nets is a site, and so are {@code B} and {@code T}, the operands of the final
 * contraction. The query points (or their Fourier features) entering the trunk are not a site.
 */
public final class DeepONet extends Module implements OperatorModel {
    /** Model type in checkpoints. */
    public static final String TYPE = "deeponet";

    private final DeepONetConfig config;
    private final ModuleList<Linear> branch, trunk;
    private final Parameter bias;

    /** A network initialised from {@code config.seed()}: Glorot-normal weights, zero biases, zero output bias. */
    public DeepONet(DeepONetConfig config) {
        this.config = config;
        UniformRandomProvider rng = Init.rng(config.seed());
        this.branch = registerModule("branch", mlp(config.branch(), config.branch()[0], rng));
        this.trunk = registerModule("trunk", mlp(config.trunk(), config.trunkInputWidth(), rng));
        this.bias = registerParameter("bias", Tensor.zeros(config.outputs()));
    }

    private static ModuleList<Linear> mlp(int[] widths, int firstIn, UniformRandomProvider rng) {
        ModuleList<Linear> layers = new ModuleList<>();
        for (int i = 0; i + 1 < widths.length; i++) {
            int in = i == 0 ? firstIn : widths[i];
            Linear l = new Linear(in, widths[i + 1], true, rng);
            l.weight().copyFrom(Init.xavierNormal(rng, 1.0, widths[i + 1], in));
            l.bias().copyFrom(Tensor.zeros(widths[i + 1]));
            layers.add(l);
        }
        return layers;
    }

    /** @return the configuration */
    public DeepONetConfig config() { return config; }

    /** @return the trainable output bias {@code (outputs)} */
    public Parameter outputBias() { return bias; }

    /** Branch net: {@code v (N, m)} → {@code (N, p*outputs)}, last layer linear. */
    public Var branch(Var v) { return branch(v, null); }

    private Var branch(Var v, ActivationHook hook) {
        if (v.value().rank() != 2 || v.value().dim(1) != config.branch()[0])
            throw new ShapeMismatchException("v", "(N, " + config.branch()[0] + ") sensor values", v.value().shape());
        return run(branch, v, false, "branch.", hook);
    }

    /** Trunk net: {@code x (..., d)} → {@code (..., p*outputs)}, activated after every layer. */
    public Var trunk(Var x) { return trunk(x, null); }

    private Var trunk(Var x, ActivationHook hook) {
        int d = config.trunk()[0];
        if (x.value().rank() < 1 || x.value().dim(-1) != d)
            throw new ShapeMismatchException("x", "(..., " + d + ") query points", x.value().shape());
        return run(trunk, expand(x), true, "trunk.", hook);
    }

    private Var run(ModuleList<Linear> layers, Var h, boolean activateLast, String site, ActivationHook hook) {
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).forward(h);
            if (i + 1 < layers.size() || activateLast) h = config.activation().apply(h);
            if (hook != null) h = ActivationHook.at(hook, site + i, h); // no string built without a hook
        }
        return h;
    }

    /**
     * Fourier feature expansion of the query points; the expanded points are constants (no gradient flows to
     * {@code x} through the sin/cos features when {@code trunkFeatures > 0}).
     */
    private Var expand(Var x) {
        int kmax = config.trunkFeatures();
        if (kmax == 0) return x;
        Tensor xv = x.value();
        int d = xv.dim(-1), rows = xv.size() / d, w = d * (1 + 2 * kmax);
        double[] src = xv.data(), out = new double[rows * w];
        for (int r = 0; r < rows; r++) {
            int o = r * w;
            for (int j = 0; j < d; j++) {
                double xj = src[r * d + j];
                out[o++] = xj;
                for (int k = 1; k <= kmax; k++) {
                    out[o++] = Math.sin(2 * Math.PI * k * xj);
                    out[o++] = Math.cos(2 * Math.PI * k * xj);
                }
            }
        }
        int[] shape = xv.shape();
        shape[shape.length - 1] = w;
        return Var.constant(Tensor.wrap(out, shape));
    }

    /**
     * Cartesian-product form: {@code out[n, j, o] = sum_k B[n, o, k] T[j, o, k] + b0[o]}.
     * @param v sensor values {@code (N, m)}
     * @param x query points shared by all samples {@code (M, d)}
     * @return {@code (N, M)} for one output, else {@code (N, M, outputs)}
     */
    public Var cartesian(Var v, Var x) { return cartesian(v, x, null); }

    private Var cartesian(Var v, Var x, ActivationHook hook) {
        if (x.value().rank() != 2) throw new ShapeMismatchException("x", "(M, " + config.trunk()[0] + ")", x.value().shape());
        Var b = branch(v, hook), t = trunk(x, hook);
        int n = v.value().dim(0), m = x.value().dim(0), outs = config.outputs(), p = config.basisSize();
        if (outs == 1) return Ops.add(LinearOps.matmul(b, t, false, true), bias.var());
        Var bo = ShapeOps.permute(ShapeOps.reshape(b, n, outs, p), 1, 0, 2);
        Var to = ShapeOps.permute(ShapeOps.reshape(t, m, outs, p), 1, 0, 2);
        Var prod = LinearOps.matmul(bo, to, false, true); // (outputs, N, M)
        return Ops.add(ShapeOps.permute(prod, 1, 2, 0), bias.var());
    }

    /**
     * Pointwise form: {@code out[n, j, o] = sum_k B[n, o, k] T(x[n, j])[o, k] + b0[o]}.
     * @param v sensor values {@code (N, m)}
     * @param x query points per sample {@code (N, M, d)}
     * @return {@code (N, M)} for one output, else {@code (N, M, outputs)}
     */
    public Var pointwise(Var v, Var x) {
        Tensor xv = x.value();
        int n = v.value().dim(0);
        if (xv.rank() != 3 || xv.dim(0) != n)
            throw new ShapeMismatchException("x", "(" + n + ", M, " + config.trunk()[0] + ")", xv.shape());
        int m = xv.dim(1), outs = config.outputs(), p = config.basisSize();
        Var b = branch(v), t = trunk(x);
        Var prod = Ops.mul(ShapeOps.reshape(t, n, m, outs, p), ShapeOps.reshape(b, n, 1, outs, p));
        Var s = Ops.sum(prod, false, 3);
        if (outs == 1) s = ShapeOps.reshape(s, n, m);
        return Ops.add(s, bias.var());
    }

    /** Inference in the Cartesian form without a graph. */
    public Tensor predict(Tensor v, Tensor x) {
        try (GradMode.Scope s = GradMode.noGrad()) {
            return cartesian(Var.constant(v), Var.constant(x)).value();
        }
    }

    /**
     * Inference in the Cartesian form without a graph that passes every branch and trunk layer's output through
     * {@code hook} (sites in the class comment) and continues with what it returns. With a hook that returns its
     * argument the result equals {@link #predict(Tensor, Tensor)} bit for bit.
     * @param v    sensor values {@code (N, m)}, not modified
     * @param x    query points {@code (M, d)}, not modified
     * @param hook called once per site, in the order of {@link #activationSites()}
     * @return {@code (N, M)} for one output, else {@code (N, M, outputs)}
     */
    public Tensor predict(Tensor v, Tensor x, ActivationHook hook) {
        if (hook == null) throw new IllegalArgumentException("hook must not be null (use predict(v, x) for no hook)");
        try (GradMode.Scope s = GradMode.noGrad()) {
            return cartesian(Var.constant(v), Var.constant(x), hook).value();
        }
    }

    /** @return the hook site names of {@link #predict(Tensor, Tensor, ActivationHook)} in call order */
    public List<String> activationSites() {
        List<String> sites = new ArrayList<>();
        for (int i = 0; i < branch.size(); i++) sites.add("branch." + i);
        for (int i = 0; i < trunk.size(); i++) sites.add("trunk." + i);
        return sites;
    }

    @Override
    public String modelType() { return TYPE; }

    @Override
    public String configJson() { return config.toJson(); }

    /** Rebuilds a network from a checkpoint's configuration and weights (strict state-dict load). */
    public static DeepONet fromState(String configJson, Map<String, Tensor> weights) {
        DeepONet net = new DeepONet(DeepONetConfig.fromJson(configJson));
        net.loadStateDict(weights);
        return net;
    }
}
