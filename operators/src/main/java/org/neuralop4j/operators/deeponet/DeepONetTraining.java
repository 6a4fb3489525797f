package org.neuralop4j.operators.deeponet;

import java.io.IOException;
import java.util.function.IntConsumer;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.Losses;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.Metrics;
import org.neuralop4j.core.data.PublicData;
import org.neuralop4j.core.data.Split;
import org.neuralop4j.core.optim.Adam;

/**
 * Full-batch training of a {@link DeepONet} in the Cartesian-product form as in DeepXDE's operator examples: MSE over
 * all outputs, Adam, a fixed number of iterations, every iteration one forward and one backward pass over the whole
 * training set.
 */
public final class DeepONetTraining {
    private DeepONetTraining() {}

    /**
     * Outcome of a run.
     * @param iterations       Adam steps taken
     * @param trainLoss        final training MSE
     * @param trainRelativeL2  mean per-sample relative L2 error on the training set
     * @param testRelativeL2   mean per-sample relative L2 error on the test set
     * @param seconds          wall time of the training loop
     */
    public record Result(int iterations, double trainLoss, double trainRelativeL2, double testRelativeL2, double seconds) {}

    /**
     * Trains {@code net} in place.
     * @param v          training sensor values {@code (N, m)}
     * @param x          query points shared by all samples {@code (M, d)}
     * @param y          targets {@code (N, M)} (or {@code (N, M, outputs)})
     * @param iterations Adam steps
     * @param lr         Adam learning rate
     * @param progress   called after every step with the step index (may be {@code null})
     * @return the final training MSE
     */
    public static double fit(DeepONet net, Tensor v, Tensor x, Tensor y, int iterations, double lr, IntConsumer progress) {
        if (iterations < 0) throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        Adam adam = new Adam(net.parameters(), lr);
        Var vv = Var.constant(v), xv = Var.constant(x), yv = Var.constant(y);
        double loss = Double.NaN;
        for (int it = 0; it < iterations; it++) {
            adam.zeroGrad();
            Var l = Losses.mse(net.cartesian(vv, xv), yv);
            loss = l.value().item();
            if (!Double.isFinite(loss)) throw new IllegalStateException("DeepONet training diverged at iteration " + it + " (loss " + loss + ")");
            l.backward();
            adam.step();
            if (progress != null) progress.accept(it);
        }
        return loss;
    }

    /** Mean per-sample relative L2 error of the Cartesian-form prediction. */
    public static double relativeL2(DeepONet net, Tensor v, Tensor x, Tensor y) {
        Tensor pred = net.predict(v, x);
        if (!pred.sameShape(y)) throw new ShapeMismatchException("y", java.util.Arrays.toString(pred.shape()), y.shape());
        return Metrics.relativeL2(pred, y);
    }

    /**
     * Trains and evaluates on aligned data sets ({@code inputs} = sensor values, {@code targets} = outputs,
     * auxiliary {@code "x"} = query points), the layout of DeepXDE's {@code antiderivative_aligned_*.npz}.
     */
    public static Result trainAndEvaluate(DeepONet net, LabeledData train, LabeledData test, int iterations, double lr, IntConsumer progress) {
        Tensor x = queryPoints(train, "train");
        Tensor xt = queryPoints(test, "test");
        long t0 = System.nanoTime();
        double loss = fit(net, train.inputs(), x, train.targets(), iterations, lr, progress);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        return new Result(iterations, loss, relativeL2(net, train.inputs(), x, train.targets()),
                relativeL2(net, test.inputs(), xt, test.targets()), seconds);
    }

    private static Tensor queryPoints(LabeledData d, String which) {
        Tensor x = d.auxiliary().get("x");
        if (x == null) throw new IllegalArgumentException(which + " data have no query points 'x'");
        return x.rank() == 1 ? x.reshape(x.size(), 1) : x;
    }

    /**
     * DeepXDE's antiderivative example on its public data ({@code deepxde/antiderivative_aligned_{train,test}.npz}):
     * branch {@code [100, 40, 40]}, trunk {@code [1, 40, 40]}, ReLU, Glorot normal, MSE, full batch, Adam
     * {@code 1e-3}, {@code iterations} steps (DeepXDE uses 10 000). The labels are only about 1e-2 exact, which
     * bounds the attainable test error.
     */
    public static Result deepXdeAntiderivative(int iterations, long seed) throws IOException {
        LabeledData train = PublicData.antiderivative(Split.TRAIN), test = PublicData.antiderivative(Split.TEST);
        DeepONet net = new DeepONet(DeepONetConfig.deepXdeAntiderivative(train.inputs().dim(1), seed));
        return trainAndEvaluate(net, train, test, iterations, 1e-3, null);
    }
}
