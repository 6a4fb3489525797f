package org.neuralop4j.operators.gno;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradCheck;
import org.neuralop4j.core.autodiff.Var;

class KernelIntegralTest {
    private static final Tensor POINTS = Tensor.rand(1, 0, 1, 25, 2);
    private static final RadiusGraph GRAPH = RadiusGraph.build(POINTS, 0.3);

    /** The integral as a dense block matrix A[(i,o), (j,c)] = K_ij[o,c] / deg(i), applied by plain loops. */
    private static Tensor dense(Tensor v, Tensor k, RadiusGraph g) {
        int batch = v.dim(0), n = v.dim(1), w = v.dim(2);
        Tensor out = Tensor.zeros(batch, n, w);
        for (int b = 0; b < batch; b++) {
            double[][] a = new double[n * w][n * w];
            for (int i = 0; i < n; i++)
                for (int e = g.rowStart(i); e < g.rowStart(i + 1); e++)
                    for (int o = 0; o < w; o++)
                        for (int c = 0; c < w; c++) a[i * w + o][g.col(e) * w + c] += k.get(b, e, o * w + c) / g.degree(i);
            for (int r = 0; r < n * w; r++) {
                double s = 0;
                for (int q = 0; q < n * w; q++) s += a[r][q] * v.data()[b * n * w + q];
                out.data()[b * n * w + r] = s;
            }
        }
        return out;
    }

    @Test
    void equalsTheDenseBlockOperator() {
        int w = 3;
        Tensor v = Tensor.randn(2, 2, 25, w), k = Tensor.randn(3, 2, GRAPH.edges(), w * w);
        Tensor got = KernelIntegral.apply(Var.constant(v), Var.constant(k), GRAPH).value();
        assertTrue(got.maxAbsDiff(dense(v, k, GRAPH)) < 1e-13);
    }

    @Test
    void constantKernelAveragesTheNeighbours() {
        Tensor v = Tensor.randn(4, 1, 25, 1), k = Tensor.ones(1, GRAPH.edges(), 1);
        Tensor got = KernelIntegral.apply(Var.constant(v), Var.constant(k), GRAPH).value();
        for (int i = 0; i < 25; i++) {
            double s = 0;
            for (int e = GRAPH.rowStart(i); e < GRAPH.rowStart(i + 1); e++) s += v.get(0, GRAPH.col(e), 0);
            assertEquals(s / GRAPH.degree(i), got.get(0, i, 0), 1e-14);
        }
    }

    @Test
    void gradientsOfValuesAndKernel() {
        int w = 2;
        GradCheck.assertGradients("kernel integral", in -> KernelIntegral.apply(in[0], in[1], GRAPH), 1e-8,
                Tensor.randn(5, 2, 25, w), Tensor.randn(6, 2, GRAPH.edges(), w * w));
    }

    @Test
    void adjointIdentity() {
        int w = 4;
        Tensor v = Tensor.randn(7, 3, 25, w), k = Tensor.randn(8, 3, GRAPH.edges(), w, w), u = Tensor.randn(9, 3, 25, w);
        Var vv = Var.leaf(v);
        Var out = KernelIntegral.apply(vv, Var.constant(k), GRAPH);
        out.backward(u);
        assertEquals(out.value().dot(u), v.dot(vv.grad()), 1e-10 * Math.abs(out.value().dot(u)) + 1e-12);
    }

    /** One of the two kernel integrals, {@link KernelIntegral#apply} or {@link KernelIntegral#applyDiagonal}. */
    private interface KernelOp {
        Var apply(Var v, Var kernel, RadiusGraph graph);
    }

    /**
     * Value and both gradients of {@code op} on 800 random points (width 8, {@code kernelWidth} kernel entries per
     * edge) are bit-identical for 1 and 2 threads; the data come from seeds {@code seed .. seed + 3}.
     */
    private static void assertSameBitsForOneAndTwoThreads(KernelOp op, int kernelWidth, long seed) {
        RadiusGraph g = RadiusGraph.build(Tensor.rand(seed, 0, 1, 800, 2), 0.08);
        int w = 8;
        Tensor v = Tensor.randn(seed + 1, 2, 800, w), k = Tensor.randn(seed + 2, 2, g.edges(), kernelWidth);
        Tensor u = Tensor.randn(seed + 3, 2, 800, w);
        int before = Parallel.threads();
        Tensor[][] res = new Tensor[2][];
        try {
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                Var vv = Var.leaf(v), kv = Var.leaf(k);
                Var out = op.apply(vv, kv, g);
                out.backward(u);
                res[t - 1] = new Tensor[] {out.value(), vv.grad(), kv.grad()};
            }
        } finally {
            Parallel.setThreads(before);
        }
        for (int i = 0; i < 3; i++) assertEquals(res[0][i], res[1][i]);
    }

    @Test
    void identicalForOneAndTwoThreads() {
        assertSameBitsForOneAndTwoThreads(KernelIntegral::apply, 8 * 8, 10);
    }

    @Test
    void shapeErrorsNameTheArgument() {
        Exception e = assertThrows(RuntimeException.class,
                () -> KernelIntegral.apply(Var.constant(Tensor.zeros(1, 25, 2)), Var.constant(Tensor.zeros(1, GRAPH.edges(), 3)), GRAPH));
        assertTrue(e.getMessage().contains("kernel"), e.getMessage());
    }

    /** The diagonal form is the matrix form with the per-channel values on the diagonal of each edge's matrix. */
    @Test
    void diagonalEqualsTheMatrixFormWithDiagonalMatrices() {
        int w = 3, batch = 2, edges = GRAPH.edges();
        Tensor v = Tensor.randn(20, batch, 25, w), k = Tensor.randn(21, batch, edges, w);
        Tensor full = Tensor.zeros(batch, edges, w * w);
        for (int b = 0; b < batch; b++)
            for (int e = 0; e < edges; e++)
                for (int c = 0; c < w; c++) full.data()[(b * edges + e) * w * w + c * w + c] = k.get(b, e, c);
        Tensor got = KernelIntegral.applyDiagonal(Var.constant(v), Var.constant(k), GRAPH).value();
        assertTrue(got.maxAbsDiff(dense(v, full, GRAPH)) < 1e-13);
    }

    @Test
    void diagonalGradientsOfValuesAndKernel() {
        int w = 3;
        GradCheck.assertGradients("diagonal kernel integral", in -> KernelIntegral.applyDiagonal(in[0], in[1], GRAPH), 1e-8,
                Tensor.randn(22, 2, 25, w), Tensor.randn(23, 2, GRAPH.edges(), w));
    }

    @Test
    void diagonalAdjointIdentity() {
        int w = 4;
        Tensor v = Tensor.randn(24, 3, 25, w), k = Tensor.randn(25, 3, GRAPH.edges(), w), u = Tensor.randn(26, 3, 25, w);
        Var vv = Var.leaf(v);
        Var out = KernelIntegral.applyDiagonal(vv, Var.constant(k), GRAPH);
        out.backward(u);
        assertEquals(out.value().dot(u), v.dot(vv.grad()), 1e-10 * Math.abs(out.value().dot(u)) + 1e-12);
    }

    @Test
    void diagonalIdenticalForOneAndTwoThreads() {
        assertSameBitsForOneAndTwoThreads(KernelIntegral::applyDiagonal, 8, 27);
    }

    @Test
    void diagonalShapeErrorsNameTheArgument() {
        Exception e = assertThrows(RuntimeException.class,
                () -> KernelIntegral.applyDiagonal(Var.constant(Tensor.zeros(1, 25, 2)), Var.constant(Tensor.zeros(1, GRAPH.edges(), 4)), GRAPH));
        assertTrue(e.getMessage().contains("kernel"), e.getMessage());
    }
}
