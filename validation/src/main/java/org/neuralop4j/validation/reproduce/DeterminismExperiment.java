package org.neuralop4j.validation.reproduce;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.LinearOps;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.operators.nonlocal.FractionalLaplacian;
import org.neuralop4j.validation.bounds.DeterminismCheck;
import org.neuralop4j.validation.report.Bound;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.ExperimentContext;
import org.neuralop4j.validation.report.ExperimentResult;
import org.neuralop4j.validation.report.MetricRow;
import org.neuralop4j.validation.report.ReferenceSource;
import org.neuralop4j.validation.report.RunMode;

/**
 * Bit-for-bit determinism of the parallel kernels: each computation runs twice, then with 1 and with N threads,
 * and every result must have identical bits (the design promise: fixed chunking, fixed reduction order).
 * Covers the GEMM facade, a forward and backward pass through a channel-mixing layer, and a spectral layer.
 */
final class DeterminismExperiment implements Experiment {
    @Override
    public String name() { return "determinism"; }

    @Override
    public String description() {
        return "Identical bits for repeated runs and for 1 vs N threads: GEMM, channel-linear forward+backward, fractional Laplacian.";
    }

    @Override
    public Set<RunMode> modes() { return EnumSet.allOf(RunMode.class); }

    @Override
    public ExperimentResult run(ExperimentContext ctx) {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        int n = ctx.full() ? 512 : 192, s = ctx.full() ? 64 : 32;
        long seed = ctx.seed();
        Tensor a = Tensor.randn(seed + 1, n, n), b = Tensor.randn(seed + 2, n, n);
        Tensor x = Tensor.randn(seed + 3, 4, 16, s, s), w = Tensor.randn(seed + 4, 24, 16), bias = Tensor.randn(seed + 5, 24);
        Tensor g = Tensor.randn(seed + 6, 4, 24, s, s);
        Map<String, Supplier<Tensor>> cases = new LinkedHashMap<>();
        cases.put("Tensor.matmul " + n + "x" + n + " (GEMM)", () -> a.matmul(b));
        cases.put("channelLinear (4,16," + s + "," + s + ") forward + backward", () -> {
            Var xv = Var.leaf(x.copy()), wv = Var.leaf(w.copy()), bv = Var.leaf(bias.copy());
            Var y = LinearOps.channelLinear(xv, wv, bv);
            y.backward(g);
            return Tensor.concat(0, y.value().reshape(-1), xv.grad().reshape(-1), wv.grad().reshape(-1), bv.grad().reshape(-1));
        });
        cases.put("FractionalLaplacian s=0.75 on (4,16," + s + "," + s + ")",
                () -> FractionalLaplacian.apply(x, 0.75, 1.0, FractionalLaplacian.Direction.FORWARD));
        ExperimentResult.Builder out = ExperimentResult.builder(name(), description());
        for (Map.Entry<String, Supplier<Tensor>> c : cases.entrySet()) {
            ctx.progress(c.getKey() + ": 1 vs " + threads + " threads");
            DeterminismCheck.Result r = DeterminismCheck.run(c.getValue(), threads);
            out.row(MetricRow.of(c.getKey() + ": max |difference| (repeat, 1 vs " + threads + " threads)", r.maxAbsDiff())
                    .withReference(0, ReferenceSource.ANALYTIC, "deterministic chunking and reduction order").withBound(Bound.atMost(0)));
            out.row(MetricRow.of(c.getKey() + ": bit-identical (1 = yes)", r.identical() ? 1 : 0).withBound(Bound.atLeast(1)));
        }
        return out.build();
    }
}
