package org.neuralop4j.operators.gno;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void parameterGradients() {
        GraphKernelNetwork net = new GraphKernelNetwork(SMALL);
        Tensor pts = Tensor.rand(1, 0, 1, 12, 2), a = Tensor.randn(2, 2, 12, 1), y = Tensor.randn(3, 2, 12, 1);
        ParameterGradients.assertGradients(net, () -> Losses.mse(net.forward(pts, Var.constant(a)), Var.constant(y)), 1e-7);
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
    }
}
