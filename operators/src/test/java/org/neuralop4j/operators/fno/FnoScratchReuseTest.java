package org.neuralop4j.operators.fno;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.ScratchArrays;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.Losses;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.Parameter;

/**
 * The FNO's ops take their work arrays (layer outputs, kept derivatives, the DFT's intermediates, the weights' real
 * forms, the projection's hidden layer) from {@link ScratchArrays} and give the internal ones back: with every taken
 * array filled with NaN, repeated training passes give the bits of a pass on fresh arrays, in 1-D and 2-D (padded).
 * The grids make the layer arrays long enough to be recycled.
 */
class FnoScratchReuseTest {
    @AfterEach
    void reset() {
        ScratchArrays.poisonTakenArrays(false);
        ScratchArrays.clear();
    }

    /** Loss value and every parameter gradient of one forward and backward pass. */
    private static List<double[]> pass(Fno model, Tensor x, Tensor y) {
        for (Parameter p : model.parameters()) p.zeroGrad();
        Var loss = Losses.relativeL2(model.forward(Var.constant(x)), Var.constant(y));
        loss.backward();
        List<double[]> out = new ArrayList<>();
        out.add(loss.value().data().clone());
        for (Parameter p : model.parameters()) out.add(p.grad().data().clone());
        return out;
    }

    private static void assertSameBitsOnPoisonedArrays(FnoConfig config, int... grid) {
        int[] shape = new int[grid.length + 2];
        shape[0] = 2;
        shape[1] = 1;
        System.arraycopy(grid, 0, shape, 2, grid.length);
        Tensor x = Tensor.randn(1, shape), y = Tensor.randn(2, shape);
        Fno model = new Fno(config, 3);
        ScratchArrays.clear();
        List<double[]> fresh = pass(model, x, y);
        ScratchArrays.poisonTakenArrays(true);
        for (int round = 0; round < 3; round++) {
            List<double[]> again = pass(model, x, y);
            for (int i = 0; i < fresh.size(); i++) {
                for (double v : again.get(i)) assertTrue(Double.isFinite(v), grid.length + "-D round " + round + ", output " + i);
                assertArrayEquals(fresh.get(i), again.get(i), 0.0, grid.length + "-D round " + round + ", output " + i);
            }
        }
        ScratchArrays.poisonTakenArrays(false);
    }

    @Test
    void trainingPassesGiveTheSameBitsOnRecycledPoisonedArrays() {
        assertSameBitsOnPoisonedArrays(FnoConfig.builder().width(8).modes(8).layers(3).projectionWidth(16).build(), 8192);
        assertSameBitsOnPoisonedArrays(FnoConfig.builder().width(8).modes(6, 5).layers(3).projectionWidth(16).padding(0.1).build(), 96, 90);
    }
}
