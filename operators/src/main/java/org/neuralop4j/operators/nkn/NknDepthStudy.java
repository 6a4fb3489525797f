package org.neuralop4j.operators.nkn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.Losses;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.Metrics;
import org.neuralop4j.core.data.PublicData;
import org.neuralop4j.core.data.Split;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.core.nn.Model;
import org.neuralop4j.core.nn.Module;
import org.neuralop4j.core.optim.Adam;

/**
 * Stability in depth (the experiment of You et al., arXiv:2201.02217, Sec. 4): an NKN is trained with the first
 * depth, then each next depth is initialised from the previous one by {@link NonlocalKernelNetwork#deepen}
 * (shallow-to-deep) and trained again; beside it, an {@link UnsharedSpectralNetwork} of each depth is trained from
 * scratch for the same cumulative number of steps. Both use full-batch Adam on the relative L2 loss.
 */
public final class NknDepthStudy {
    private NknDepthStudy() {}

    /**
     * One row of the depth table. Errors are mean per-sample relative L2 on the test set; a run whose loss became
     * non-finite reports {@code NaN} and {@code finite = false}.
     */
    public record Row(int depth, double nknTestError, boolean nknFinite, double baselineTestError, boolean baselineFinite,
                      double nknSeconds, double baselineSeconds) {}

    /** The depths of the study: 4, 8, 16, 32. */
    public static final int[] DEPTHS = {4, 8, 16, 32};

    /**
     * The study's network on Burgers16's final time: width {@code width}, 6 modes, horizon T = 1, 16-point kernel
     * grid, GELU, seeded (its {@code layers} is set per depth by {@link #run}).
     */
    public static NknConfig config(int width, long seed) {
        return new NknConfig(1, 1, width, new int[] {6}, 4, 1.0, 16, false, true, 32, Activation.GELU, seed);
    }

    /**
     * @param base           configuration (its {@code layers} is ignored; the depths come from {@code depths})
     * @param depths         increasing depths, each typically twice the previous
     * @param stepsPerDepth  Adam steps at each depth
     * @param lr             learning rate
     * @param withBaseline   also train the unshared baseline (otherwise its columns are NaN)
     */
    public static List<Row> run(NknConfig base, int[] depths, int stepsPerDepth, double lr, LabeledData train, LabeledData test,
                                boolean withBaseline) {
        List<Row> rows = new ArrayList<>();
        NonlocalKernelNetwork nkn = null;
        for (int s = 0; s < depths.length; s++) {
            int depth = depths[s];
            nkn = nkn == null ? new NonlocalKernelNetwork(base.withLayers(depth)) : nkn.deepen(depth);
            long t0 = System.nanoTime();
            boolean nknOk = fit(nkn, nkn, train, stepsPerDepth, lr);
            double nknSec = (System.nanoTime() - t0) * 1e-9;
            double nknErr = nknOk ? error(nkn, test) : Double.NaN;
            boolean baseOk = false;
            double baseSec = Double.NaN, baseErr = Double.NaN;
            if (withBaseline) {
                UnsharedSpectralNetwork baseline = new UnsharedSpectralNetwork(base.withLayers(depth));
                t0 = System.nanoTime();
                baseOk = fit(baseline, baseline, train, stepsPerDepth * (s + 1), lr);
                baseSec = (System.nanoTime() - t0) * 1e-9;
                baseErr = baseOk ? error(baseline, test) : Double.NaN;
            }
            rows.add(new Row(depth, nknErr, nknOk && Double.isFinite(nknErr), baseErr, baseOk && Double.isFinite(baseErr), nknSec, baseSec));
        }
        return rows;
    }

    /** Full-batch Adam on the relative L2 loss; false when the loss becomes non-finite. */
    static boolean fit(Model model, Module module, LabeledData train, int steps, double lr) {
        Adam adam = new Adam(module.parameters(), lr);
        Var x = Var.constant(train.inputs()), y = Var.constant(train.targets());
        for (int it = 0; it < steps; it++) {
            adam.zeroGrad();
            Var loss = Losses.relativeL2(model.forward(x), y);
            if (!Double.isFinite(loss.value().item())) return false;
            loss.backward();
            adam.step();
        }
        return true;
    }

    /** Mean per-sample relative L2 test error. */
    public static double error(Model model, LabeledData test) {
        return Metrics.relativeL2(model.predict(test.inputs()), test.targets());
    }

    /**
     * The public viscous Burgers set (neuraloperator's {@code burgers_*_16}) as the map from the initial condition
     * {@code (N, 1, 16)} to the solution at the final time {@code (N, 1, 16)}.
     * @param count number of samples taken from the start of the split
     */
    public static LabeledData burgersFinalTime(Split split, int count) throws IOException {
        LabeledData d = PublicData.burgers16(split);
        int n = Math.min(count, d.size());
        Tensor y = d.targets().slice(0, n); // (n, 1, 17, 16)
        Tensor last = Tensor.zeros(n, 1, 16);
        int t = y.dim(2) - 1;
        for (int i = 0; i < n; i++) System.arraycopy(y.data(), (i * y.dim(2) + t) * 16, last.data(), i * 16, 16);
        return new LabeledData(d.inputs().slice(0, n), last);
    }
}
