package org.neuralop4j.validation.bounds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.fft.Fft;

class BoundsTest {
    @Test
    void exactPowerLawGivesItsOrderAndConstant() {
        double[] h = {0.1, 0.05, 0.025, 0.0125};
        double[] e = new double[4];
        for (int i = 0; i < 4; i++) e[i] = 3 * Math.pow(h[i], 2.5);
        ConvergenceOrder f = ConvergenceOrder.fit(h, e);
        assertEquals(2.5, f.order(), 1e-12);
        assertEquals(3, f.constant(), 1e-10);
        assertEquals(1, f.rSquared(), 1e-12);
        for (double p : f.pairwiseOrders()) assertEquals(2.5, p, 1e-12);
    }

    @Test
    void trapezoidRuleIsSecondOrder() {
        double[] h = new double[5], e = new double[5];
        for (int l = 0; l < 5; l++) {
            int n = 8 << l;
            h[l] = Math.PI / n;
            double s = 0;
            for (int i = 0; i <= n; i++) s += (i == 0 || i == n ? 0.5 : 1) * Math.sin(i * h[l]);
            e[l] = Math.abs(s * h[l] - 2); // integral of sin over [0, pi] is 2
        }
        assertEquals(2, ConvergenceOrder.fit(h, e).order(), 0.01);
    }

    @Test
    void convergenceOrderRejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> ConvergenceOrder.fit(new double[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> ConvergenceOrder.fit(new double[] {1, 2}, new double[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> ConvergenceOrder.fit(new double[] {1, 1}, new double[] {1, 2}));
    }

    @Test
    void geometricSequenceHasItsRateAndBoundIsChecked() {
        double[] e = new double[8];
        for (int k = 0; k < 8; k++) e[k] = 5 * Math.pow(0.5, k);
        Contraction c = Contraction.analyze(e);
        assertEquals(0.5, c.fittedRate(), 1e-12);
        assertEquals(5, c.fittedConstant(), 1e-10);
        for (double r : c.ratios()) assertEquals(0.5, r, 1e-15);
        assertEquals(0.5, c.maxRatio(), 1e-15);
        assertTrue(c.satisfiesBound(5 * (1 + 1e-12), 0.5));
        assertEquals(1, c.firstViolation(5 * (1 + 1e-12), 0.4));
        assertEquals(0, c.firstViolation(4, 0.9));
    }

    /** Central difference of sin(2 pi x) on the periodic grid x_j = j/s: error (2 pi h)^2/6 relative, order 2. */
    private static Tensor centralDerivative(int s) {
        double h = 1.0 / s;
        double[] d = new double[s];
        for (int j = 0; j < s; j++) d[j] = (Math.sin(2 * Math.PI * (j + 1) * h) - Math.sin(2 * Math.PI * (j - 1) * h)) / (2 * h);
        return Tensor.wrap(d, 1, s);
    }

    private static Tensor exactDerivative(int s) {
        double[] d = new double[s];
        for (int j = 0; j < s; j++) d[j] = 2 * Math.PI * Math.cos(2 * Math.PI * j / (double) s);
        return Tensor.wrap(d, 1, s);
    }

    @Test
    void resolutionStudyAgainstExactSolutionShowsSecondOrder() {
        ResolutionStudy r = ResolutionStudy.against(16, 4, BoundsTest::centralDerivative, BoundsTest::exactDerivative);
        assertArrayEquals(new int[] {16, 32, 64, 128}, r.resolutions());
        // relative error is 1 - sin(2 pi h)/(2 pi h) ~ (2 pi h)^2 / 6
        double h = 1.0 / 16;
        assertEquals(1 - Math.sin(2 * Math.PI * h) / (2 * Math.PI * h), r.errors()[0], 1e-12);
        assertEquals(2, r.order().order(), 0.01);
    }

    @Test
    void selfConvergenceShowsTheSameOrderWithoutAReference() {
        ResolutionStudy r = ResolutionStudy.selfConvergence(16, 5, 1, BoundsTest::centralDerivative);
        assertEquals(4, r.errors().length);
        assertEquals(2, r.order().order(), 0.02);
    }

    @Test
    void restrictionTakesEverySecondPointOfEachSpatialAxis() {
        Tensor t = Tensor.arange(2 * 4 * 4).reshape(2, 4, 4);
        Tensor r = ResolutionStudy.restrict(t, 2);
        assertArrayEquals(new int[] {2, 2, 2}, r.shape());
        assertArrayEquals(new double[] {0, 2, 8, 10, 16, 18, 24, 26}, r.data());
    }

    @Test
    void determinismCheckPassesForFftAndRestoresThreads() {
        int before = Parallel.threads();
        Tensor x = Tensor.randn(3, 64, 48);
        DeterminismCheck.Result r = DeterminismCheck.run(() -> Tensor.vector(Fft.rfftn(x.data(), 64, 48)), 4);
        assertTrue(r.identical());
        assertEquals(0, r.maxAbsDiff());
        assertEquals(before, Parallel.threads());
    }

    @Test
    void determinismCheckCatchesRepeatAndThreadDependence() {
        int before = Parallel.threads();
        AtomicInteger calls = new AtomicInteger();
        DeterminismCheck.Result drift = DeterminismCheck.run(() -> Tensor.scalar(1 + 1e-3 * calls.incrementAndGet()), 3);
        assertFalse(drift.repeatIdentical());
        assertEquals(1e-3, drift.maxAbsDiff(), 1e-12);
        DeterminismCheck.Result byThreads = DeterminismCheck.run(() -> Tensor.scalar(Parallel.threads()), 3);
        assertTrue(byThreads.repeatIdentical());
        assertFalse(byThreads.threadsIdentical());
        assertEquals(before, Parallel.threads());
        assertThrows(IllegalStateException.class, () -> DeterminismCheck.run(() -> { throw new IllegalStateException("boom"); }, 2));
        assertEquals(before, Parallel.threads());
    }
}
