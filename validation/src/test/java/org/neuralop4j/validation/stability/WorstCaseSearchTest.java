package org.neuralop4j.validation.stability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;

class WorstCaseSearchTest {
    /**
     * Spectrum 1 .. 1e-4 over 64 values and mu = 1e-10: the norm (about 1e4) comes from the few smallest singular
     * values, so a random direction in R^96 sees only a small fraction of it.
     */
    static TikhonovProblem problem() {
        return TikhonovProblem.create(96, TikhonovProblem.geometricSpectrum(64, 4), 1e-10, 11);
    }

    @Test
    void tikhonovMatrixHasTheChosenNorm() {
        TikhonovProblem p = problem();
        // independent check of the closed form: power iteration on the explicit matrix converges to ||Phi||
        LocalLipschitz.PowerEstimate pe = LocalLipschitz.jacobianNorm(p.reconstruction(), Tensor.zeros(96), 300, 1e-3, 3);
        assertEquals(p.reconstructionNorm(), pe.estimate(), 1e-6 * p.reconstructionNorm());
    }

    @Test
    void searchReachesTheTrueWorstCaseOfALinearMapWhileRandomNoiseDoesNot() {
        TikhonovProblem p = problem();
        Tensor y = p.forward().matmul(Tensor.randn(5, 64, 1)).reshape(-1);
        double norm = p.reconstructionNorm();
        WorstCaseSearch.Result r = WorstCaseSearch.search(p.reconstruction(), y, WorstCaseSearch.Config.defaults(1e-2));
        assertTrue(r.ratio() >= 0.95 * norm, "search ratio " + r.ratio() + " < 0.95 * " + norm);
        assertTrue(r.ratio() <= norm * (1 + 1e-9), "ratio above the operator norm: " + r.ratio());
        assertTrue(r.perturbation().norm() <= r.radius() * (1 + 1e-12));
        AmplificationStats rnd = RandomPerturbation.amplification(p.reconstruction(), y, 1e-2, PerturbationScale.ABSOLUTE, 200, 7);
        assertTrue(rnd.max() < 0.5 * norm, "random perturbations reached " + rnd.max() + " of " + norm);
        // the mean square ratio of uniform directions is ||Phi||_F^2 / m exactly; the sample mean is near the rms
        assertEquals(p.randomPerturbationRms(), rnd.mean(), 0.25 * p.randomPerturbationRms());
        double[] best = r.bestSoFar();
        for (int i = 1; i < best.length; i++) assertTrue(best[i] >= best[i - 1]);
    }

    @Test
    void searchFindsTheAnalyticWorstCaseOfTanhNearZero() {
        Tensor w = Tensor.randn(21, 12, 10).scaleInPlace(0.5);
        TanhDenseMap map = new TanhDenseMap(w);
        double sigma1 = LocalLipschitz.jacobianNorm(new MatrixMap(w), Tensor.zeros(10), 500, 1e-3, 1).estimate();
        double eps = 0.05;
        double lower = sigma1 * (1 - Math.pow(sigma1 * eps, 2) / 3);
        WorstCaseSearch.Result r = WorstCaseSearch.search(map, Tensor.zeros(10), WorstCaseSearch.Config.defaults(eps));
        assertTrue(r.ratio() <= sigma1 * (1 + 1e-12), "ratio " + r.ratio() + " above the bound " + sigma1);
        assertTrue(r.ratio() >= 0.99 * lower, "ratio " + r.ratio() + " below the analytic worst case " + lower);
        // Jacobian at 0 is W: the power estimate is sigma_1 (up to the O(h^2) finite-difference error)
        double pj = LocalLipschitz.jacobianNorm(map, Tensor.zeros(10), 500, 1e-5, 2).estimate();
        assertEquals(sigma1, pj, 1e-6 * sigma1);
    }

    @Test
    void lipschitzBySearchTakesTheMaximumOverRadii() {
        Tensor w = Tensor.randn(22, 8, 8);
        TanhDenseMap map = new TanhDenseMap(w);
        LocalLipschitz.SearchEstimate est = LocalLipschitz.bySearch(map, Tensor.zeros(8), new double[] {1e-3, 1e-1, 1.0},
                WorstCaseSearch.Config.defaults(1).withIterations(60).withRestarts(2));
        double[] ratios = est.ratios();
        // tanh saturates: larger radii give smaller ratios, so the maximum is at the smallest radius
        assertTrue(ratios[0] > ratios[1] && ratios[1] > ratios[2], java.util.Arrays.toString(ratios));
        assertEquals(ratios[0], est.estimate());
    }

    @Test
    void searchIsReproducibleForASeed() {
        TikhonovProblem p = problem();
        Tensor y = Tensor.randn(8, 96);
        WorstCaseSearch.Config c = WorstCaseSearch.Config.defaults(0.1).withIterations(20).withRestarts(2).withSeed(9);
        WorstCaseSearch.Result a = WorstCaseSearch.search(p.reconstruction(), y, c);
        WorstCaseSearch.Result b = WorstCaseSearch.search(p.reconstruction(), y, c);
        assertEquals(a.perturbation(), b.perturbation());
        assertArrayEquals(a.bestSoFar(), b.bestSoFar());
    }

    @Test
    void relativeRadiusScalesWithTheInput() {
        Tensor y = Tensor.randn(3, 96).scaleInPlace(4);
        AmplificationStats s = RandomPerturbation.amplification(problem().reconstruction(), y, 0.01, PerturbationScale.RELATIVE, 5, 1);
        assertEquals(0.01 * y.norm(), s.radius(), 1e-15 * y.norm());
    }

    @Test
    void quantilesInterpolateLinearly() {
        AmplificationStats s = new AmplificationStats(new double[] {4, 1, 3, 2}, 1);
        assertEquals(1, s.quantile(0));
        assertEquals(4, s.max());
        assertEquals(2.5, s.median());
        assertEquals(1.3, s.quantile(0.1), 1e-15); // NumPy: np.quantile([1,2,3,4], 0.1) = 1.3
        assertEquals(2.5, s.mean());
    }

    @Test
    void profilePutsRandomAndWorstCaseSideBySide() {
        TikhonovProblem p = problem();
        Tensor y = p.forward().matmul(Tensor.randn(5, 64, 1)).reshape(-1);
        StabilityProfile prof = StabilityProfile.measure(p.reconstruction(), y, WorstCaseSearch.Config.defaults(1e-2).withIterations(60), 100);
        assertEquals(100, prof.random().count());
        assertTrue(prof.adversarialGain() > 2, "gain " + prof.adversarialGain());
        double rel = prof.worstCase().outputChange() / p.reconstruction().apply(y).norm();
        assertEquals(rel, prof.worstRelativeOutputChange(), 1e-15 * Math.max(1, rel));
    }
}
