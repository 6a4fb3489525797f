package org.neuralop4j.inverse;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;
import org.neuralop4j.core.autodiff.GradMode;
import org.neuralop4j.core.autodiff.LinearOps;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.Parameter;
import org.neuralop4j.core.train.SampledMseTraining;

/**
 * LISTA, learned ISTA (Gregor and LeCun, ICML 2010): {@code T} layers
 * {@code z_{k+1} = soft_{theta_k}(W_k y + S_k z_k)}, {@code z_0 = 0}, for real signals, with per-layer matrices
 * {@code W_k (N x m)}, {@code S_k (N x N)} and thresholds {@code theta_k} learned by minimising the mean squared error
 * to training signals with the core's autodiff and Adam. Initialised as {@code T} ISTA steps for
 * {@code min lambda ||z||_1 + ||B z - y||^2 / 2} ({@code W = B^T / L^2}, {@code S = I - B^T B / L^2},
 * {@code theta = lambda / L^2}), it is the trained baseline FIRENET is compared with (Colbrook, Antun, Hansen, PNAS
 * 2022, arXiv:2101.08286, where neither can beat the inexact-input barrier).
 *
 * <p>Batches are rows: {@code y} has shape {@code (batch, m)}, the output {@code (batch, N)}.
 */
public final class Lista {
    private final int layers, m, n;
    private final List<Parameter> w = new ArrayList<>(), s = new ArrayList<>(), theta = new ArrayList<>();

    /**
     * @param b      the real measurement matrix {@code B (m x N)}
     * @param layers {@code T >= 1}
     * @param lambda the LASSO parameter of the ISTA initialisation
     */
    public Lista(MatrixOperator b, int layers, double lambda) {
        this.layers = Checks.positive("layers", layers);
        Checks.positive("lambda", lambda);
        m = b.rangeSize();
        n = b.domainSize();
        double l2 = Math.pow(b.normEstimate(300, 1) * (1 + 1e-9), 2);
        double[] mat = b.matrix();
        Tensor bt = Tensor.wrap(mat.clone(), m, n).transpose(); // (N, m)
        Tensor btb = bt.matmul(Tensor.wrap(mat.clone(), m, n));
        for (int k = 0; k < layers; k++) {
            w.add(new Parameter("W" + k, bt.scale(1 / l2)));
            Tensor sk = btb.scale(-1 / l2);
            for (int i = 0; i < n; i++) sk.data()[i * n + i] += 1;
            s.add(new Parameter("S" + k, sk));
            theta.add(new Parameter("theta" + k, Tensor.scalar(lambda / l2)));
        }
    }

    /** @return all parameters (W_k, S_k, theta_k for each layer) */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (int k = 0; k < layers; k++) {
            all.add(w.get(k));
            all.add(s.get(k));
            all.add(theta.get(k));
        }
        return all;
    }

    /** @return T */
    public int layers() { return layers; }

    /** The network on a batch {@code y (batch, m)}: returns {@code z_T (batch, N)}. */
    public Var forward(Var y) {
        Checks.rank("y", y.value(), 2, "(batch, m)");
        if (y.value().dim(1) != m) throw new org.neuralop4j.core.ShapeMismatchException("y", "(batch, " + m + ")", y.shape());
        Var z = null;
        for (int k = 0; k < layers; k++) {
            Var u = LinearOps.matmul(y, w.get(k).var(), false, true);
            if (z != null) u = Ops.add(u, LinearOps.matmul(z, s.get(k).var(), false, true));
            z = softThreshold(u, theta.get(k).var());
        }
        return z;
    }

    /**
     * Real soft-thresholding {@code sign(u) max(|u| - theta, 0)} with a scalar learnable threshold, as one autodiff
     * op. Backward: {@code du = g 1{|u| > theta}}, {@code dtheta = -sum g sign(u) 1{|u| > theta}}.
     */
    public static Var softThreshold(Var u, Var theta) {
        if (theta.value().size() != 1) throw new org.neuralop4j.core.ShapeMismatchException("theta", "one element", theta.shape());
        double t = theta.value().data()[0];
        double[] in = u.value().data();
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            double a = Math.abs(in[i]) - t;
            out[i] = a > 0 ? Math.copySign(a, in[i]) : 0;
        }
        return Var.op(Tensor.wrap(out, u.value().shape()), g -> {
            double[] gd = g.data();
            double[] gu = new double[in.length];
            double gt = 0;
            for (int i = 0; i < in.length; i++) {
                if (Math.abs(in[i]) > t) {
                    gu[i] = gd[i];
                    gt -= gd[i] * Math.signum(in[i]);
                }
            }
            u.accumulateOwned(Tensor.wrap(gu, u.value().shape()));
            theta.accumulateOwned(Tensor.wrap(new double[] {gt}, theta.value().shape()));
        }, u, theta);
    }

    /** Reconstructs one real signal from {@code y} ({@code m} real values). */
    @SuppressWarnings("try") // the scope only switches graph recording off
    public double[] apply(double[] y) {
        if (y.length != m) throw new IllegalArgumentException("y has " + y.length + " values, expected " + m);
        try (GradMode.Scope g = GradMode.noGrad()) {
            return forward(Var.constant(Tensor.of(y, 1, m))).value().data();
        }
    }

    /** @return {@code y -> z} on tensors of shape {@code (batch, m)}, with the autodiff VJP */
    public DifferentiableMap asDifferentiableMap() { return DifferentiableMap.of(this::forward); }

    /**
     * Trains with Adam on the mean squared error {@code mean (z_T - x)^2} over random mini-batches.
     * @param xs    training signals {@code (count, N)}
     * @param ys    their measurements {@code (count, m)}
     * @return the training loss of each step
     */
    public double[] train(Tensor xs, Tensor ys, int steps, int batch, double learningRate, long seed) {
        Checks.shape("ys", ys, xs.dim(0), m);
        Checks.shape("xs", xs, ys.dim(0), n);
        return SampledMseTraining.train(parameters(), this::forward, ys, xs, steps, batch, learningRate, seed);
    }

    /** Mean squared error {@code mean (z_T(y) - x)^2} over a data set (no graph). */
    @SuppressWarnings("try") // the scope only switches graph recording off
    public double meanSquaredError(Tensor xs, Tensor ys) {
        try (GradMode.Scope g = GradMode.noGrad()) {
            Var out = forward(Var.constant(ys));
            return Ops.mean(Ops.square(Ops.sub(out, Var.constant(xs)))).value().item();
        }
    }

    /**
     * A seeded data set of {@code count} real {@code sparsity}-sparse signals (standard normal non-zeros at uniformly
     * random positions) and their noiseless measurements {@code y = B x}.
     * @return {@code {xs (count, N), ys (count, m)}}
     */
    public static Tensor[] sparseDataSet(MatrixOperator b, int count, int sparsity, long seed) {
        int n = b.domainSize(), m = b.rangeSize();
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] xs = new double[count * n];
        double[] normals = Tensor.randn(seed + 1, count * sparsity).data();
        for (int c = 0; c < count; c++) {
            for (int j = 0; j < sparsity; j++) {
                int pos;
                do pos = rng.nextInt(n); while (xs[c * n + pos] != 0);
                xs[c * n + pos] = normals[c * sparsity + j];
            }
        }
        Tensor x = Tensor.wrap(xs, count, n);
        Tensor y = x.matmul(Tensor.wrap(b.matrix().clone(), m, n).transpose());
        return new Tensor[] {x, y};
    }
}
