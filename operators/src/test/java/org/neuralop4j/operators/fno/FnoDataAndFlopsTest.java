package org.neuralop4j.operators.fno;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void initialFieldIsRepeatedAlongTrailingTime() {
        // Navier-Stokes as `generate` writes it: w0 (N, 1, X, Y) -> w (N, 1, X, Y, T)
        Tensor x = Tensor.randn(3, 2, 1, 4, 5), y = Tensor.randn(4, 2, 1, 4, 5, 6);
        for (FnoData.MissingAxes m : new FnoData.MissingAxes[] {FnoData.MissingAxes.AUTO, FnoData.MissingAxes.TRAILING}) {
            LabeledData d = FnoData.channelsFirst(x, y, m);
            assertArrayEquals(new int[] {2, 1, 4, 5, 6}, d.inputs().shape());
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 5; j++)
                    for (int t = 0; t < 6; t++) assertEquals(x.get(1, 0, i, j), d.inputs().get(1, 0, i, j, t));
        }
        assertThrows(ShapeMismatchException.class, () -> FnoData.channelsFirst(x, y, FnoData.MissingAxes.LEADING));
    }

    @Test
    void aShapeThatFitsBothWaysNeedsTheChoiceSpelledOut() {
        Tensor x = Tensor.randn(5, 2, 1, 4), y = Tensor.randn(6, 2, 1, 4, 4);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> FnoData.channelsFirst(x, y));
        assertTrue(e.getMessage().contains("--missing-axes"), e.getMessage());
        Tensor lead = FnoData.channelsFirst(x, y, FnoData.MissingAxes.LEADING).inputs();
        Tensor trail = FnoData.channelsFirst(x, y, FnoData.MissingAxes.TRAILING).inputs();
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) {
                assertEquals(x.get(1, 0, j), lead.get(1, 0, i, j));
                assertEquals(x.get(1, 0, i), trail.get(1, 0, i, j));
            }
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
