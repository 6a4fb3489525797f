package org.neuralop4j.operators.gno;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.Losses;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.Metrics;
import org.neuralop4j.core.nn.Init;
import org.neuralop4j.core.optim.Adam;

/**
 * The graph kernel network on Darcy flow sampled at random nodes (the setting of Li et al., arXiv:2003.03485,
 * Sec. 4): each training batch sees a fresh random subset of {@code m} grid nodes (shared by the batch), and the
 * trained model is evaluated on random subsets of {@code m} and of {@code 2m} nodes of the test fields, which shows
 * whether the error is independent of the sampling density. Also measures the fused kernel integral's throughput.
 */
public final class GnoDarcyExperiment {
    private GnoDarcyExperiment() {}

    /**
     * @param testErrorM   mean per-sample relative L2 on {@code m} random nodes per test field
     * @param testError2M  the same on {@code 2m} random nodes
     * @param testErrorAll on every grid node
     * @param trainSeconds wall time of training
     * @param targetScale  {@code c}: the network was fitted to {@code u / c}
     */
    public record Result(int m, double testErrorM, double testError2M, double testErrorAll, double trainSeconds, double targetScale) {}

    /** Grid nodes {@code (s*s, 2)} at {@code (i/(s-1), j/(s-1))}, row-major like the fields. */
    public static Tensor gridNodes(int s) {
        Tensor p = Tensor.zeros(s * s, 2);
        for (int i = 0; i < s; i++)
            for (int j = 0; j < s; j++) {
                p.data()[2 * (i * s + j)] = i / (double) (s - 1);
                p.data()[2 * (i * s + j) + 1] = j / (double) (s - 1);
            }
        return p;
    }

    /** {@code m} distinct indices out of {@code n}, sorted (partial Fisher-Yates). */
    public static int[] sampleNodes(UniformRandomProvider rng, int n, int m) {
        if (m < 1 || m > n) throw new IllegalArgumentException("cannot sample " + m + " of " + n + " nodes");
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] out = Arrays.copyOf(idx, m);
        Arrays.sort(out);
        return out;
    }

    /** Values of channels-first fields {@code (N, C, s, s)} at nodes, as {@code (N, m, C)}. */
    public static Tensor atNodes(Tensor fields, int[] nodes) {
        int n = fields.dim(0), c = fields.dim(1), pts = fields.sizeOf(2, fields.rank());
        Tensor out = Tensor.zeros(n, nodes.length, c);
        for (int b = 0; b < n; b++)
            for (int k = 0; k < nodes.length; k++)
                for (int ch = 0; ch < c; ch++) out.data()[(b * nodes.length + k) * c + ch] = fields.data()[(b * c + ch) * pts + nodes[k]];
        return out;
    }

    /**
     * Trains {@code net} on {@code train} (Darcy fields {@code (N, 1, s, s)}) with random {@code m}-node samplings and
     * evaluates on {@code test}. Adam at {@code lr}, halved every {@code max(1, epochs / 4)} epochs, relative L2 loss.
     *
     * <p>The network is fitted to {@code u / c}, {@code c} the root mean square of the training targets
     * ({@link Result#targetScale}): the global form of the output normalisation of the GKN code, which lets the
     * output layer start at the right scale (Darcy solutions are about 5e-3). Relative errors do not change under the
     * common scale, so the test errors are those of {@code c * net} against {@code u}; multiply the network's
     * predictions by {@code c} to get {@code u}.
     */
    public static Result run(GraphKernelNetwork net, LabeledData train, LabeledData test, int m, int epochs, int batchSize, double lr, long seed) {
        return run(net, train, test, m, 1, epochs, batchSize, lr, seed);
    }

    /**
     * As {@link #run(GraphKernelNetwork, LabeledData, LabeledData, int, int, int, double, long)}, with {@code samplings}
     * optimiser steps per batch of fields, each on its own fresh random subset of {@code m} nodes: with
     * {@code samplings * m} close to the number of grid nodes an epoch shows the network about as many node values of
     * every training field as a grid model sees in one epoch.
     */
    public static Result run(GraphKernelNetwork net, LabeledData train, LabeledData test, int m, int samplings, int epochs, int batchSize, double lr, long seed) {
        if (samplings < 1) throw new IllegalArgumentException("node samplings per batch must be positive, got " + samplings);
        double c = Math.sqrt(train.targets().map(v -> v * v).mean());
        if (!(c > 0) || !Double.isFinite(c)) throw new IllegalArgumentException("training targets must be finite and not all zero (RMS " + c + ")");
        train = new LabeledData(train.inputs(), train.targets().scale(1 / c));
        test = new LabeledData(test.inputs(), test.targets().scale(1 / c));
        int s = train.inputs().dim(2);
        Tensor grid = gridNodes(s);
        UniformRandomProvider rng = Init.rng(seed);
        Adam adam = new Adam(net.parameters(), lr);
        int n = train.size();
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            adam.setLearningRate(lr * Math.pow(0.5, e / Math.max(1, epochs / 4)));
            for (int b0 = 0; b0 < n; b0 += batchSize) {
                LabeledData batch = train.slice(b0, Math.min(n, b0 + batchSize));
                for (int rep = 0; rep < samplings; rep++) {
                    int[] nodes = sampleNodes(rng, s * s, m);
                    Tensor pts = grid.gather(nodes);
                    adam.zeroGrad();
                    Var loss = Losses.relativeL2(net.forward(pts, Var.constant(atNodes(batch.inputs(), nodes))),
                            Var.constant(atNodes(batch.targets(), nodes)));
                    if (!Double.isFinite(loss.value().item())) throw new IllegalStateException("GNO training diverged in epoch " + e);
                    loss.backward();
                    adam.step();
                }
            }
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        int all = s * s;
        return new Result(m, evaluate(net, test, m, mNodeEvaluationSeed(seed)), evaluate(net, test, Math.min(all, 2 * m), seed + 2),
                evaluate(net, test, all, seed + 3), seconds, c);
    }

    /** @return the seed {@link #run} with {@code seed} draws the {@code m}-node test subsets from (for scoring other models on them) */
    public static long mNodeEvaluationSeed(long seed) { return seed + 1; }

    /** Mean relative L2 over test fields, each evaluated on its own random subset of {@code m} nodes. */
    public static double evaluate(GraphKernelNetwork net, LabeledData test, int m, long seed) {
        int s = test.inputs().dim(2);
        Tensor grid = gridNodes(s);
        UniformRandomProvider rng = Init.rng(seed);
        double sum = 0;
        for (int i = 0; i < test.size(); i++) {
            int[] nodes = sampleNodes(rng, s * s, m);
            LabeledData one = test.slice(i, i + 1);
            Tensor pred = net.predict(grid.gather(nodes), atNodes(one.inputs(), nodes));
            sum += Metrics.relativeL2(pred, atNodes(one.targets(), nodes));
        }
        return sum / test.size();
    }

    /**
     * Mean relative L2 of full-grid predictions (for instance an FNO's) restricted, field by field, to the same
     * random subsets of {@code m} nodes that {@link #evaluate} with the same {@code seed} draws, so that a grid model
     * and the graph network are scored on identical points.
     *
     * @param predictions {@code (N, C, s, s)}
     * @param targets     {@code (N, C, s, s)}
     */
    public static double evaluatePredictions(Tensor predictions, Tensor targets, int m, long seed) {
        if (!Arrays.equals(predictions.shape(), targets.shape()) || predictions.rank() != 4 || predictions.dim(2) != predictions.dim(3))
            throw new ShapeMismatchException("predictions", Arrays.toString(targets.shape()) + " = (N, C, s, s)", predictions.shape());
        int s = targets.dim(2);
        UniformRandomProvider rng = Init.rng(seed);
        double sum = 0;
        for (int i = 0; i < targets.dim(0); i++) {
            int[] nodes = sampleNodes(rng, s * s, m);
            sum += Metrics.relativeL2(atNodes(predictions.slice(i, i + 1), nodes), atNodes(targets.slice(i, i + 1), nodes));
        }
        return sum / targets.dim(0);
    }

    /**
     * Throughput of the fused kernel integral: edges per second of the forward pass and of the backward pass
     * (gradients for values and kernel), best of {@code repeats}.
     * @return {@code {edges, forwardEdgesPerSecond, backwardEdgesPerSecond}}
     */
    public static double[] kernelIntegralThroughput(int nodes, double radius, int width, int batch, int repeats, long seed) {
        Tensor pts = Tensor.rand(seed, 0, 1, nodes, 2);
        RadiusGraph g = RadiusGraph.build(pts, radius);
        Tensor v = Tensor.randn(seed + 1, batch, nodes, width), k = Tensor.randn(seed + 2, batch, g.edges(), width * width);
        Tensor gy = Tensor.randn(seed + 3, batch, nodes, width);
        double fwd = Double.POSITIVE_INFINITY, bwd = Double.POSITIVE_INFINITY;
        for (int r = 0; r < repeats; r++) {
            Var vv = Var.leaf(v), kv = Var.leaf(k);
            long t0 = System.nanoTime();
            Var out = KernelIntegral.apply(vv, kv, g);
            long t1 = System.nanoTime();
            out.backward(gy);
            long t2 = System.nanoTime();
            fwd = Math.min(fwd, (t1 - t0) * 1e-9);
            bwd = Math.min(bwd, (t2 - t1) * 1e-9);
        }
        double e = (double) g.edges() * batch;
        return new double[] {e, e / fwd, e / bwd};
    }
}
