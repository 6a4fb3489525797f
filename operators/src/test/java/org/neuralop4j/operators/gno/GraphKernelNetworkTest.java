package org.neuralop4j.operators.gno;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.Losses;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.operators.OperatorModels;
import org.neuralop4j.operators.ParameterGradients;

class GraphKernelNetworkTest {
    private static final GnoConfig SMALL = new GnoConfig(2, 1, 1, 3, 4, 2, 0.4, 5, Activation.TANH, 3);
    private static final GnoConfig DIAGONAL_WITH_DISTANCE = new GnoConfig(2, 1, 1, 3, 4, 2, 0.4, 5, Activation.TANH, 3,
            GnoConfig.KernelForm.DIAGONAL, true);
    private static final GnoConfig MATRIX_WITH_DISTANCE = new GnoConfig(2, 1, 1, 3, 4, 2, 0.4, 5, Activation.TANH, 3,
            GnoConfig.KernelForm.MATRIX, true);

    @Test
    void parameterGradients() {
        GraphKernelNetwork net = new GraphKernelNetwork(SMALL);
        Tensor pts = Tensor.rand(1, 0, 1, 12, 2), a = Tensor.randn(2, 2, 12, 1), y = Tensor.randn(3, 2, 12, 1);
        ParameterGradients.assertGradients(net, () -> Losses.mse(net.forward(pts, Var.constant(a)), Var.constant(y)), 1e-7);
    }

    @Test
    void parameterGradientsWithEdgeDistanceAndDiagonalKernels() {
        for (GnoConfig c : new GnoConfig[] {MATRIX_WITH_DISTANCE, DIAGONAL_WITH_DISTANCE}) {
            GraphKernelNetwork net = new GraphKernelNetwork(c);
            Tensor pts = Tensor.rand(1, 0, 1, 12, 2), a = Tensor.randn(2, 2, 12, 1), y = Tensor.randn(3, 2, 12, 1);
            ParameterGradients.assertGradients(net, () -> Losses.mse(net.forward(pts, Var.constant(a)), Var.constant(y)), 1e-7);
        }
    }

    @Test
    void edgeFeaturesEndWithTheDistanceWhenAsked() {
        Tensor pts = Tensor.rand(10, 0, 1, 15, 2), a = Tensor.randn(11, 2, 15, 1);
        RadiusGraph g = RadiusGraph.build(pts, 0.5);
        Tensor plain = GraphKernelNetwork.edgeFeatures(g, pts, Var.constant(a), false).value();
        Tensor withDistance = GraphKernelNetwork.edgeFeatures(g, pts, Var.constant(a), true).value();
        assertEquals(6, plain.dim(2));
        assertEquals(7, withDistance.dim(2));
        assertEquals(7, MATRIX_WITH_DISTANCE.edgeFeatures());
        for (int b = 0; b < 2; b++)
            for (int i = 0; i < 15; i++)
                for (int e = g.rowStart(i); e < g.rowStart(i + 1); e++) {
                    int j = g.col(e);
                    for (int f = 0; f < 6; f++) assertEquals(plain.get(b, e, f), withDistance.get(b, e, f), 0);
                    assertEquals(Math.hypot(pts.get(i, 0) - pts.get(j, 0), pts.get(i, 1) - pts.get(j, 1)), withDistance.get(b, e, 6), 1e-15);
                    assertEquals(a.get(b, j, 0), plain.get(b, e, 5), 0);
                }
    }

    @Test
    void diagonalKernelNetworkHasOneKernelValuePerChannel() {
        GraphKernelNetwork net = new GraphKernelNetwork(DIAGONAL_WITH_DISTANCE);
        assertEquals(3, DIAGONAL_WITH_DISTANCE.kernelOutputs());
        assertEquals(9, SMALL.kernelOutputs());
        assertEquals(3, net.stateDict().get("kernel.layers.2.bias").dim(0));
        assertEquals(9, new GraphKernelNetwork(SMALL).stateDict().get("kernel.layers.2.bias").dim(0));
    }

    @Test
    void configurationsWithoutTheNewKeysReadAsThePapersMatrixKernel() {
        String old = SMALL.toJson().replace(",\"kernel_form\":\"matrix\"", "").replace(",\"edge_distance\":false", "");
        assertTrue(!old.contains("kernel_form") && !old.contains("edge_distance"), old);
        assertEquals(SMALL, GnoConfig.fromJson(old));
        assertEquals(DIAGONAL_WITH_DISTANCE, GnoConfig.fromJson(DIAGONAL_WITH_DISTANCE.toJson()));
        assertThrows(IllegalArgumentException.class, () -> GnoConfig.fromJson(SMALL.toJson().replace("\"matrix\"", "\"dense\"")));
    }

    @Test
    void permutingThePointsPermutesTheOutput() {
        GraphKernelNetwork net = new GraphKernelNetwork(SMALL);
        int n = 30;
        Tensor pts = Tensor.rand(4, 0, 1, n, 2), a = Tensor.randn(5, 1, n, 1);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = (7 * i + 3) % n;
        Tensor out = net.predict(pts, a);
        Tensor outPerm = net.predict(pts.gather(perm), a.reshape(n, 1).gather(perm).reshape(1, n, 1));
        for (int i = 0; i < n; i++) assertEquals(out.get(0, perm[i], 0), outPerm.get(0, i, 0), 1e-12);
    }

    @Test
    void packedSingleInputFormEqualsTheTwoArgumentForm() {
        GraphKernelNetwork net = new GraphKernelNetwork(SMALL);
        Tensor pts = Tensor.rand(6, 0, 1, 10, 2), a = Tensor.randn(7, 2, 10, 1);
        Tensor packed = Tensor.concat(2, Tensor.stack(pts, pts), a);
        assertEquals(net.predict(pts, a), net.predict(packed));
    }

    @Test
    void checkpointRoundTripGivesIdenticalOutputs(@TempDir Path dir) throws Exception {
        GraphKernelNetwork net = new GraphKernelNetwork(SMALL);
        Path f = dir.resolve("gno.safetensors");
        OperatorModels.save(f, net);
        GraphKernelNetwork back = OperatorModels.load(f, GraphKernelNetwork.class);
        Tensor pts = Tensor.rand(8, 0, 1, 20, 2), a = Tensor.randn(9, 2, 20, 1);
        assertEquals(net.predict(pts, a), back.predict(pts, a));
        assertEquals(net.config(), back.config());
        assertTrue(back.predict(pts, a).isFinite());

        GraphKernelNetwork diag = new GraphKernelNetwork(DIAGONAL_WITH_DISTANCE);
        OperatorModels.save(f, diag);
        GraphKernelNetwork diagBack = OperatorModels.load(f, GraphKernelNetwork.class);
        assertEquals(diag.config(), diagBack.config());
        assertEquals(diag.predict(pts, a), diagBack.predict(pts, a));
    }
}
