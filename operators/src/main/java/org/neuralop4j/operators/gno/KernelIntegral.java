package org.neuralop4j.operators.gno;

import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.Var;

/**
 * The graph kernel integral (Li, Kovachki, Azizzadenesheli, Liu, Bhattacharya, Stuart, Anandkumar, "Neural Operator:
 * Graph Kernel Network for Partial Differential Equations", arXiv:2003.03485; Kovachki et al., "Neural Operator:
 * Learning Maps Between Function Spaces", JMLR 24, 2023) as one fused differentiable op with a hand-written adjoint:
 * <pre>
 *   out[b, i, :] = (1 / |N(i)|) sum_{e = (i, j), j in N(i)} K[b, e] v[b, j, :],
 * </pre>
 * the Monte Carlo (mean) approximation of {@code int_{B(x_i, r)} kappa(x_i, y) v(y) dy} on the neighbourhoods of a
 * {@link RadiusGraph}. {@code K[b, e]} is the {@code w x w} matrix (row-major, {@code K[o, c]} maps channel {@code c}
 * of {@code v} to channel {@code o} of the output) that the kernel network produced for edge {@code e}.
 *
 * <p>Shapes: {@code v (B, n, w)}, {@code kernel (B, E, w*w)} (or {@code (B, E, w, w)}), result {@code (B, n, w)}.
 *
 * <p>Adjoint: {@code dK[b, e][o, c] = g[b, i, o] v[b, j, c] / |N(i)|} and, using the reverse edge {@code e' = (j, i)}
 * of the symmetric graph, {@code dv[b, j, c] = sum_{e = (j, i')} (1/|N(i')|) sum_o K[b, rev(e)][o, c] g[b, i', o]},
 * a gather over {@code j}'s own row, so both passes run in parallel over points without write conflicts and are
 * bit-identical for any thread count.
 *
 * <p>{@link #applyDiagonal} is the channel-wise form of neuraloperator's {@code IntegralTransform} (transform type
 * "linear", Li et al., GINO, arXiv:2309.00583): {@code out[b, i, c] = (1/|N(i)|) sum_{e = (i, j)} k[b, e, c] v[b, j, c]},
 * one kernel value per edge and channel instead of a {@code w x w} matrix, channels being mixed by the point-wise
 * linear map of the network instead.
 */
public final class KernelIntegral {
    private KernelIntegral() {}

    /**
     * @param v      values on the points {@code (B, n, w)}
     * @param kernel per-edge matrices {@code (B, E, w*w)} or {@code (B, E, w, w)}
     * @param graph  the neighbourhoods; {@code n} and {@code E} must match
     * @return {@code (B, n, w)}
     */
    public static Var apply(Var v, Var kernel, RadiusGraph graph) {
        Tensor vv = v.value(), kv = kernel.value();
        int n = graph.nodes(), edges = graph.edges();
        if (vv.rank() != 3 || vv.dim(1) != n) throw new ShapeMismatchException("v", "(B, " + n + ", width)", vv.shape());
        int batch = vv.dim(0), w = vv.dim(2);
        boolean ok = kv.dim(0) == batch && kv.rank() >= 3 && kv.dim(1) == edges
                && ((kv.rank() == 3 && kv.dim(2) == w * w) || (kv.rank() == 4 && kv.dim(2) == w && kv.dim(3) == w));
        if (!ok) throw new ShapeMismatchException("kernel", "(" + batch + ", " + edges + ", " + (w * w) + ")", kv.shape());
        int[] rowStart = graph.rowStartArray(), cols = graph.colsArray(), rev = graph.reverseArray();
        double[] vd = vv.data(), kd = kv.data();
        int ww = w * w;
        double[] out = new double[vd.length];
        int rows = batch * n;
        int grain = Math.max(1, Parallel.grainFor(rows, 2L * ww * Math.max(1, edges / Math.max(1, n))));
        Parallel.forRange(rows, grain, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int b = r / n, i = r % n;
                int oi = r * w;
                for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                    int kb = (b * edges + e) * ww, vj = (b * n + cols[e]) * w;
                    for (int o = 0; o < w; o++) {
                        double s = 0;
                        int ko = kb + o * w;
                        for (int c = 0; c < w; c++) s += kd[ko + c] * vd[vj + c];
                        out[oi + o] += s;
                    }
                }
                double inv = 1.0 / (rowStart[i + 1] - rowStart[i]);
                for (int o = 0; o < w; o++) out[oi + o] *= inv;
            }
        });
        return Var.op(Tensor.wrap(out, vv.shape()), g -> {
            double[] gd = g.data();
            if (kernel.requiresGrad()) {
                double[] gk = new double[kd.length];
                Parallel.forRange(rows, grain, (r0, r1) -> {
                    for (int r = r0; r < r1; r++) {
                        int b = r / n, i = r % n;
                        double inv = 1.0 / (rowStart[i + 1] - rowStart[i]);
                        int gi = r * w;
                        for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                            int kb = (b * edges + e) * ww, vj = (b * n + cols[e]) * w;
                            for (int o = 0; o < w; o++) {
                                double go = gd[gi + o] * inv;
                                int ko = kb + o * w;
                                for (int c = 0; c < w; c++) gk[ko + c] = go * vd[vj + c];
                            }
                        }
                    }
                });
                kernel.accumulateOwned(Tensor.wrap(gk, kv.shape()));
            }
            if (v.requiresGrad()) {
                double[] gv = new double[vd.length];
                Parallel.forRange(rows, grain, (r0, r1) -> {
                    for (int r = r0; r < r1; r++) {
                        int b = r / n, j = r % n;
                        int gj = r * w;
                        for (int e = rowStart[j]; e < rowStart[j + 1]; e++) {
                            int i = cols[e];
                            double inv = 1.0 / (rowStart[i + 1] - rowStart[i]);
                            int kb = (b * edges + rev[e]) * ww, gi = (b * n + i) * w;
                            for (int o = 0; o < w; o++) {
                                double go = gd[gi + o] * inv;
                                int ko = kb + o * w;
                                for (int c = 0; c < w; c++) gv[gj + c] += kd[ko + c] * go;
                            }
                        }
                    }
                });
                v.accumulateOwned(Tensor.wrap(gv, vv.shape()));
            }
        }, v, kernel);
    }

    /**
     * The channel-wise (diagonal) kernel integral {@code out[b, i, c] = (1/|N(i)|) sum_{e = (i, j)} k[b, e, c] v[b, j, c]}.
     * Adjoint: {@code dk[b, e, c] = g[b, i, c] v[b, j, c] / |N(i)|}, {@code dv[b, j, c] = sum_{e = (j, i')} k[b, rev(e), c]
     * g[b, i', c] / |N(i')|} (gathers over rows, as in {@link #apply}).
     *
     * @param v      values on the points {@code (B, n, w)}
     * @param kernel per-edge, per-channel values {@code (B, E, w)}
     * @param graph  the neighbourhoods; {@code n} and {@code E} must match
     * @return {@code (B, n, w)}
     */
    public static Var applyDiagonal(Var v, Var kernel, RadiusGraph graph) {
        Tensor vv = v.value(), kv = kernel.value();
        int n = graph.nodes(), edges = graph.edges();
        if (vv.rank() != 3 || vv.dim(1) != n) throw new ShapeMismatchException("v", "(B, " + n + ", width)", vv.shape());
        int batch = vv.dim(0), w = vv.dim(2);
        if (kv.rank() != 3 || kv.dim(0) != batch || kv.dim(1) != edges || kv.dim(2) != w)
            throw new ShapeMismatchException("kernel", "(" + batch + ", " + edges + ", " + w + ")", kv.shape());
        int[] rowStart = graph.rowStartArray(), cols = graph.colsArray(), rev = graph.reverseArray();
        double[] vd = vv.data(), kd = kv.data();
        double[] out = new double[vd.length];
        int rows = batch * n;
        int grain = Math.max(1, Parallel.grainFor(rows, 2L * w * Math.max(1, edges / Math.max(1, n))));
        Parallel.forRange(rows, grain, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int b = r / n, i = r % n, oi = r * w;
                for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                    int kb = (b * edges + e) * w, vj = (b * n + cols[e]) * w;
                    for (int c = 0; c < w; c++) out[oi + c] += kd[kb + c] * vd[vj + c];
                }
                double inv = 1.0 / (rowStart[i + 1] - rowStart[i]);
                for (int c = 0; c < w; c++) out[oi + c] *= inv;
            }
        });
        return Var.op(Tensor.wrap(out, vv.shape()), g -> {
            double[] gd = g.data();
            if (kernel.requiresGrad()) {
                double[] gk = new double[kd.length];
                Parallel.forRange(rows, grain, (r0, r1) -> {
                    for (int r = r0; r < r1; r++) {
                        int b = r / n, i = r % n, gi = r * w;
                        double inv = 1.0 / (rowStart[i + 1] - rowStart[i]);
                        for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                            int kb = (b * edges + e) * w, vj = (b * n + cols[e]) * w;
                            for (int c = 0; c < w; c++) gk[kb + c] = gd[gi + c] * inv * vd[vj + c];
                        }
                    }
                });
                kernel.accumulateOwned(Tensor.wrap(gk, kv.shape()));
            }
            if (v.requiresGrad()) {
                double[] gv = new double[vd.length];
                Parallel.forRange(rows, grain, (r0, r1) -> {
                    for (int r = r0; r < r1; r++) {
                        int b = r / n, j = r % n, gj = r * w;
                        for (int e = rowStart[j]; e < rowStart[j + 1]; e++) {
                            int i = cols[e];
                            double inv = 1.0 / (rowStart[i + 1] - rowStart[i]);
                            int kb = (b * edges + rev[e]) * w, gi = (b * n + i) * w;
                            for (int c = 0; c < w; c++) gv[gj + c] += kd[kb + c] * gd[gi + c] * inv;
                        }
                    }
                });
                v.accumulateOwned(Tensor.wrap(gv, vv.shape()));
            }
        }, v, kernel);
    }
}
