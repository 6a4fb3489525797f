package org.neuralop4j.operators.fno;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.data.LabeledData;

class FnoDataAndFlopsTest {
    @Test
    void initialConditionIsRepeatedAlongTime() {
        Tensor x = Tensor.randn(1, 3, 5), y = Tensor.randn(2, 3, 4, 5);
        LabeledData d = FnoData.withoutChannels(x, y);
        assertArrayEquals(new int[] {3, 1, 4, 5}, d.inputs().shape());
        assertArrayEquals(new int[] {3, 1, 4, 5}, d.targets().shape());
        for (int t = 0; t < 4; t++)
            for (int j = 0; j < 5; j++) assertEquals(x.get(2, j), d.inputs().get(2, 0, t, j));
        assertThrows(ShapeMismatchException.class, () -> FnoData.withoutChannels(Tensor.zeros(3, 6), y));
    }

    @Test
    void flopCountOfThePapersFno1dIsAbout1point3Gflop() {
        FnoConfig c = FnoConfig.builder().modes(16).width(64).build();
        double f = FnoFlops.forward(c, 20, 1024);
        // lifting 2*20*1024*2*64, 4 x (skip 2*20*1024*64^2 + FFTs 2*20*64*2.5*1024*10 + mixing 8*20*64^2*16), projection
        double expected = 2.0 * 20 * 1024 * 2 * 64 + 4 * (2.0 * 20 * 1024 * 64 * 64 + 2.0 * 20 * 64 * 2.5 * 1024 * 10 + 8.0 * 20 * 64 * 64 * 16)
                + 2.0 * 20 * 1024 * 64 * 128 + 2.0 * 20 * 1024 * 128;
        assertEquals(expected, f, 1e-6 * expected);
        assertEquals(1.3e9, f, 0.05e9);
        assertEquals(3 * f, FnoFlops.trainStep(c, 20, 1024), 1e-6 * f);
    }
}
