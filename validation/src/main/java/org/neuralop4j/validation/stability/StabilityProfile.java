package org.neuralop4j.validation.stability;

import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;

/**
 * The stability numbers of one map at one point and radius, side by side: random-perturbation amplification
 * (what typical noise does) and the worst case found by {@link WorstCaseSearch} (what an adversary can do), plus
 * the relative output change the worst perturbation causes. One profile per row of a "trained network vs
 * FIRENET" stability table (arXiv:2101.08286, Fig. 2 style comparisons).
 */
public final class StabilityProfile {
    private final AmplificationStats random;
    private final WorstCaseSearch.Result worst;
    private final double outputNorm;

    private StabilityProfile(AmplificationStats random, WorstCaseSearch.Result worst, double outputNorm) {
        this.random = random;
        this.worst = worst;
        this.outputNorm = outputNorm;
    }

    /**
     * Measures both at the same radius.
     * @param map   the map under test
     * @param y     the point (not modified)
     * @param cfg   worst-case search settings; its radius, scale and seed are used for the random draws too
     * @param draws number of random perturbations
     */
    public static StabilityProfile measure(DifferentiableMap map, Tensor y, WorstCaseSearch.Config cfg, int draws) {
        WorstCaseSearch.Result w = WorstCaseSearch.search(map, y, cfg);
        AmplificationStats r = RandomPerturbation.amplification(map, y, cfg.epsilon, cfg.scale, draws, cfg.seed + 0x9E3779B97F4A7C15L);
        return new StabilityProfile(r, w, map.apply(y).norm());
    }

    /** @return the random-perturbation statistics */
    public AmplificationStats random() { return random; }

    /** @return the worst-case search result */
    public WorstCaseSearch.Result worstCase() { return worst; }

    /** @return worst-case ratio divided by the mean random ratio (how much an adversary gains over noise) */
    public double adversarialGain() { return worst.ratio() / random.mean(); }

    /** @return {@code ||Phi(y+e) - Phi(y)|| / ||Phi(y)||} for the worst perturbation found (infinite if Phi(y) = 0) */
    public double worstRelativeOutputChange() { return outputNorm > 0 ? worst.outputChange() / outputNorm : Double.POSITIVE_INFINITY; }
}
