package org.neuralop4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.LinearOps;
import org.neuralop4j.core.nn.Parameter;
import org.neuralop4j.core.optim.LrSchedule;

class SampledMseTrainingTest {
    /** Targets of an exact linear map t = x W^T + b, so the loss can go to (almost) zero. */
    private static Tensor[] linearData(int count) {
        Tensor x = Tensor.randn(1, count, 3), w = Tensor.randn(2, 2, 3);
        Tensor t = Tensor.zeros(count, 2);
        for (int s = 0; s < count; s++)
            for (int o = 0; o < 2; o++) {
                double v = 0.5 * o - 0.25;
                for (int i = 0; i < 3; i++) v += w.get(o, i) * x.get(s, i);
                t.set(v, s, o);
            }
        return new Tensor[] {x, t};
    }

    private static double[] fit(Tensor[] d, int steps, int batch, LrSchedule schedule, List<Integer> calls) {
        Parameter w = new Parameter("w", Tensor.zeros(2, 3)), b = new Parameter("b", Tensor.zeros(2));
        return SampledMseTraining.train(List.of(w, b), x -> LinearOps.linear(x, w.var(), b.var()), d[0], d[1], steps,
                batch, 0.05, schedule, 9, calls::add);
    }

    @Test
    void fitsAnExactLinearMapDeterministicallyAndReportsEveryStep() {
        Tensor[] d = linearData(40);
        List<Integer> calls = new ArrayList<>();
        double[] a = fit(d, 600, 8, LrSchedule.constant(), calls);
        double[] b = fit(d, 600, 8, LrSchedule.constant(), new ArrayList<>());
        assertArrayEquals(a, b, 0.0, "same seed, same bits");
        assertTrue(a[599] < 1e-6 * a[0], a[0] + " -> " + a[599]);
        assertEquals(600, calls.size());
        assertEquals(1, calls.get(0));
        assertEquals(600, calls.get(599));
    }

    @Test
    void theScheduleSetsEveryStepsRateAndABatchLargerThanTheDataUsesCountDraws() {
        Tensor[] d = linearData(5);
        // a zero rate from step 0 never moves the parameters: every loss is the loss of the zero map on a batch
        double[] frozen = fit(d, 20, 50, (base, step) -> 0.0, new ArrayList<>());
        double allZeroLoss = d[1].dot(d[1]) / d[1].size();
        for (double l : frozen) assertTrue(l > 0 && l < 10 * allZeroLoss, Double.toString(l));
        double[] moving = fit(d, 20, 50, LrSchedule.constant(), new ArrayList<>());
        assertEquals(frozen[0], moving[0], 0.0, "the first loss is taken before any update");
        assertTrue(moving[19] < frozen[19]);
    }

    @Test
    void rejectsBadArguments() {
        Tensor[] d = linearData(5);
        Parameter w = new Parameter("w", Tensor.zeros(2, 3));
        assertThrows(IllegalArgumentException.class, () -> SampledMseTraining.train(List.of(w),
                x -> LinearOps.linear(x, w.var(), null), d[0], linearData(4)[1], 3, 2, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> SampledMseTraining.train(List.of(w),
                x -> LinearOps.linear(x, w.var(), null), d[0], d[1], 0, 2, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> SampledMseTraining.train(List.of(w),
                x -> LinearOps.linear(x, w.var(), null), d[0], d[1], 3, 0, 0.1, 1));
    }
}
