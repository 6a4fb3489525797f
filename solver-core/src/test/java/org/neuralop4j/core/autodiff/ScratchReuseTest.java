package org.neuralop4j.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.ScratchArrays;
import org.neuralop4j.core.Tensor;

/**
 * The ops that take work arrays from {@link ScratchArrays} write every element before reading it: with every taken
 * array filled with NaN, repeated passes (the later ones on recycled arrays) give the bits of a pass on fresh arrays.
 * The shapes make the work arrays long enough to be recycled.
 */
class ScratchReuseTest {
    @AfterEach
    void reset() {
        ScratchArrays.poisonTakenArrays(false);
        ScratchArrays.clear();
    }

    /** 2 items, 4 -> 8 -> 1 channels on 128 x 128 points: hidden layer 262144 values, input gradient 131072. */
    private static double[][] channelMlpPass() {
        return ChannelMlpTest.valueAndGradients(v -> ChannelMlp.apply(v[0], v[1], v[2], ChannelMlpTest.GELU, v[3], v[4]),
                Tensor.randn(6, 2, 1, 128, 128), Tensor.randn(1, 2, 4, 128, 128), Tensor.randn(2, 8, 4),
                Tensor.randn(3, 8), Tensor.randn(4, 1, 8), Tensor.randn(5, 1));
    }

    /** The unfused pair with an activation, which keeps and gives back its derivative. */
    private static double[][] channelLinearPass() {
        return ChannelMlpTest.valueAndGradients(v -> LinearOps.channelLinear(
                LinearOps.channelLinear(v[0], v[1], v[2], ChannelMlpTest.TANH), v[3], v[4]),
                Tensor.randn(7, 2, 5, 128, 128), Tensor.randn(1, 2, 4, 128, 128), Tensor.randn(2, 8, 4),
                Tensor.randn(3, 8), Tensor.randn(4, 5, 8), Tensor.randn(5, 5));
    }

    @Test
    void channelOpsGiveTheSameBitsOnRecycledPoisonedArrays() {
        for (java.util.function.Supplier<double[][]> pass :
                java.util.List.<java.util.function.Supplier<double[][]>>of(ScratchReuseTest::channelMlpPass, ScratchReuseTest::channelLinearPass)) {
            ScratchArrays.clear();
            double[][] fresh = pass.get();
            ScratchArrays.poisonTakenArrays(true);
            for (int round = 0; round < 3; round++) {
                double[][] again = pass.get();
                for (int i = 0; i < fresh.length; i++) {
                    for (double v : again[i]) assertTrue(Double.isFinite(v), "round " + round + ", output " + i);
                    assertArrayEquals(fresh[i], again[i], 0.0, "round " + round + ", output " + i);
                }
            }
            ScratchArrays.poisonTakenArrays(false);
        }
    }
}
