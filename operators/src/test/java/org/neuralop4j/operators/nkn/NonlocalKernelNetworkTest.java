package org.neuralop4j.operators.nkn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradCheck;
import org.neuralop4j.core.autodiff.GradMode;
import org.neuralop4j.core.autodiff.Losses;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.operators.OperatorModels;
import org.neuralop4j.operators.ParameterGradients;

class NonlocalKernelNetworkTest {
    private static NknConfig config(int[] modes, int layers, boolean fractional) {
        return new NknConfig(1, 1, 3, modes, layers, 1.0, 4, fractional, true, 5, Activation.TANH, 11);
    }

    /** Random kernel weights of order one, so that the tests exercise a non-trivial diffusion. */
    private static NonlocalKernelNetwork randomized(NknConfig c) {
        NonlocalKernelNetwork net = new NonlocalKernelNetwork(c);
        long seed = 100;
        for (var e : net.namedParameters().entrySet())
            if (e.getKey().startsWith("kernel")) e.getValue().copyFrom(Tensor.randn(seed++, e.getValue().shape()).scaleInPlace(0.3));
        return net;
    }

    private static Tensor diffusion(NonlocalKernelNetwork net, Tensor h) {
        try (GradMode.Scope s = GradMode.noGrad()) {
            return net.diffusion(Var.constant(h)).value();
        }
    }

    @Test
    void diffusionAnnihilatesConstantsIn1DAnd2D() {
        for (int[] modes : new int[][] {{4}, {3, 3}}) {
            NonlocalKernelNetwork net = randomized(config(modes, 2, false));
            int[] shape = modes.length == 1 ? new int[] {2, 3, 16} : new int[] {2, 3, 8, 8};
            Tensor h = Tensor.zeros(shape);
            int per = h.size() / 6;
            for (int bc = 0; bc < 6; bc++) java.util.Arrays.fill(h.data(), bc * per, (bc + 1) * per, 1.5 + bc);
            assertTrue(diffusion(net, h).normInf() < 1e-12, "constant fields are steady states of the diffusion");
            Tensor r = Tensor.randn(3, shape);
            assertTrue(diffusion(net, r).normInf() > 1e-3, "but random fields are not");
        }
    }

    @Test
    void diffusionCommutesWithPeriodicShifts() {
        NonlocalKernelNetwork net = randomized(config(new int[] {5}, 2, false));
        Tensor h = Tensor.randn(4, 2, 3, 16), shifted = Tensor.zeros(2, 3, 16);
        for (int r = 0; r < 6; r++)
            for (int i = 0; i < 16; i++) shifted.data()[r * 16 + (i + 5) % 16] = h.data()[r * 16 + i];
        Tensor a = diffusion(net, h), b = diffusion(net, shifted);
        for (int r = 0; r < 6; r++)
            for (int i = 0; i < 16; i++) assertEquals(a.data()[r * 16 + i], b.data()[r * 16 + (i + 5) % 16], 1e-13);
    }

    @Test
    void gradientsOfInputAndParameters() {
        NonlocalKernelNetwork net = randomized(config(new int[] {3}, 3, true));
        Tensor a = Tensor.randn(5, 2, 1, 8), y = Tensor.randn(6, 2, 1, 8);
        GradCheck.assertGradients("nkn wrt a", in -> net.forward(in[0]), 1e-7, a);
        ParameterGradients.assertGradients(net, () -> Losses.mse(net.forward(Var.constant(a)), Var.constant(y)), 1e-7);
        NonlocalKernelNetwork net2 = randomized(config(new int[] {2, 2}, 2, false));
        Tensor a2 = Tensor.randn(7, 1, 1, 4, 4), y2 = Tensor.randn(8, 1, 1, 4, 4);
        ParameterGradients.assertGradients(net2, () -> Losses.mse(net2.forward(Var.constant(a2)), Var.constant(y2)), 1e-7);
    }

    /** Depth is a time discretisation: explicit Euler converges at first order, so doubling L halves the change. */
    @Test
    void deeperNetworksConvergeToTheFlowAtFirstOrder() {
        NonlocalKernelNetwork shallow = randomized(config(new int[] {4}, 8, false));
        Tensor a = Tensor.randn(9, 3, 1, 16);
        Tensor u8 = shallow.predict(a), u16 = shallow.deepen(16).predict(a), u32 = shallow.deepen(32).predict(a), u64 = shallow.deepen(64).predict(a);
        assertEquals(shallow.stateDict(), shallow.deepen(32).stateDict());
        assertEquals(1.0 / 32, shallow.deepen(32).config().tau(), 0);
        double d1 = u8.sub(u16).norm(), d2 = u16.sub(u32).norm(), d3 = u32.sub(u64).norm();
        assertTrue(d1 > 1e-6, "the flow must be non-trivial");
        assertEquals(2.0, d1 / d2, 0.4, "ratio of successive changes");
        assertEquals(2.0, d2 / d3, 0.2, "ratio of successive changes");
    }

    @Test
    void checkpointRoundTripGivesIdenticalOutputs(@TempDir Path dir) throws Exception {
        NonlocalKernelNetwork net = randomized(config(new int[] {3, 2}, 4, true));
        Path f = dir.resolve("nkn.safetensors");
        OperatorModels.save(f, net);
        NonlocalKernelNetwork back = OperatorModels.load(f, NonlocalKernelNetwork.class);
        Tensor a = Tensor.randn(10, 2, 1, 8, 6);
        assertEquals(net.predict(a), back.predict(a));
        assertEquals(net.config(), back.config());
    }
}
