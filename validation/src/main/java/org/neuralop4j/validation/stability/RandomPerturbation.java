package org.neuralop4j.validation.stability;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;

/**
 * Random-perturbation amplification: draws {@code e} uniformly on the sphere {@code ||e|| = r} (a normalised
 * Gaussian vector) and records {@code ||Phi(y+e) - Phi(y)|| / ||e||}. This is what typical noise does; the
 * worst case ({@link WorstCaseSearch}) is usually far larger for ill-conditioned maps, which is the point of
 * comparing the two.
 */
public final class RandomPerturbation {
    private RandomPerturbation() {}

    /**
     * @param map    the map under test
     * @param y      the point (not modified)
     * @param radius perturbation radius, absolute or relative to {@code ||y||} as {@code scale} says
     * @param scale  how {@code radius} is measured
     * @param draws  number of perturbations (at least 1)
     * @param seed   seed of the perturbation stream; the same seed gives the same ratios
     * @return the ratio statistics
     */
    public static AmplificationStats amplification(DifferentiableMap map, Tensor y, double radius, PerturbationScale scale,
                                                   int draws, long seed) {
        Checks.positive("radius", radius);
        Checks.positive("draws", draws);
        double r = scale.absolute(radius, y.norm());
        Tensor base = map.apply(y);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] ratios = new double[draws];
        for (int d = 0; d < draws; d++) {
            Tensor e = randomOnSphere(rng, y.shape(), r);
            Tensor diff = map.apply(y.add(e)).sub(base);
            ratios[d] = diff.norm() / e.norm();
        }
        return new AmplificationStats(ratios, r);
    }

    /** A point drawn uniformly on the sphere of the given radius (normalised Gaussian). */
    static Tensor randomOnSphere(UniformRandomProvider rng, int[] shape, double radius) {
        Tensor e = Tensor.zeros(shape);
        double n;
        do {
            Tensor.fillNormal(rng, e.data(), 0, e.size());
            n = e.norm();
        } while (n == 0);
        return e.scaleInPlace(radius / n);
    }
}
