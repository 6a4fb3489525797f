package org.neuralop4j.validation.stability;

import org.apache.commons.rng.simple.RandomSource;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;

/**
 * Local Lipschitz estimates of a map near a point {@code y}.
 *
 * <ul>
 * <li>{@link #bySearch}: the largest worst-case amplification ratio found by {@link WorstCaseSearch} over several
 *     radii, a lower bound on {@code sup ||Phi(y+e) - Phi(y)|| / ||e||} over {@code ||e|| <= max radius}.</li>
 * <li>{@link #jacobianNorm}: power iteration on {@code J^T J} for the largest singular value of the Jacobian
 *     {@code J = J_Phi(y)}. {@code J^T w} is the map's exact vjp; {@code J v} is the central difference
 *     {@code (Phi(y + h v) - Phi(y - h v)) / 2h} with {@code ||v|| = 1}, exact for linear maps and O(h^2)
 *     accurate otherwise. The estimate {@code ||J v_k||} increases towards {@code sigma_max(J)} at the rate
 *     {@code (sigma_2 / sigma_1)^{2k}}.</li>
 * </ul>
 */
public final class LocalLipschitz {
    private LocalLipschitz() {}

    /** Result of {@link #bySearch}: per-radius ratios and their maximum. */
    public static final class SearchEstimate {
        private final double[] radii;
        private final double[] ratios;

        SearchEstimate(double[] radii, double[] ratios) {
            this.radii = radii;
            this.ratios = ratios;
        }

        /** @return the absolute radii searched */
        public double[] radii() { return radii.clone(); }

        /** @return the worst-case ratio found at each radius */
        public double[] ratios() { return ratios.clone(); }

        /** @return the largest ratio over all radii */
        public double estimate() {
            double m = 0;
            for (double r : ratios) m = Math.max(m, r);
            return m;
        }
    }

    /** Result of {@link #jacobianNorm}: the estimate after each power iteration. */
    public static final class PowerEstimate {
        private final double[] history;
        private final Tensor direction;

        PowerEstimate(double[] history, Tensor direction) {
            this.history = history;
            this.direction = direction;
        }

        /** @return the final estimate of {@code sigma_max(J)} */
        public double estimate() { return history[history.length - 1]; }

        /** @return {@code ||J v_k||} for each iteration k */
        public double[] history() { return history.clone(); }

        /** @return the final unit input direction (estimate of the top right singular vector) */
        public Tensor direction() { return direction.copy(); }
    }

    /**
     * Worst-case ratio at each radius (same settings otherwise) and the maximum.
     * @param radii radii in the units of {@code cfg}'s scale; the search radius in {@code cfg} is replaced
     */
    public static SearchEstimate bySearch(DifferentiableMap map, Tensor y, double[] radii, WorstCaseSearch.Config cfg) {
        if (radii.length == 0) throw new IllegalArgumentException("radii must not be empty");
        double[] abs = new double[radii.length], ratios = new double[radii.length];
        for (int i = 0; i < radii.length; i++) {
            WorstCaseSearch.Result r = WorstCaseSearch.search(map, y, cfg.withEpsilon(radii[i]));
            abs[i] = r.radius();
            ratios[i] = r.ratio();
        }
        return new SearchEstimate(abs, ratios);
    }

    /**
     * Power iteration for the largest singular value of the Jacobian at {@code y}.
     * @param iterations number of power steps (at least 1)
     * @param fdStep     the finite-difference step {@code h} of the JVP (absolute, along a unit direction);
     *                   about {@code 1e-5 * max(1, ||y||)} balances truncation and rounding in float64
     * @param seed       seed of the random start
     */
    public static PowerEstimate jacobianNorm(DifferentiableMap map, Tensor y, int iterations, double fdStep, long seed) {
        Checks.positive("iterations", iterations);
        Checks.positive("fdStep", fdStep);
        Tensor v = RandomPerturbation.randomOnSphere(RandomSource.XO_RO_SHI_RO_128_PP.create(seed), y.shape(), 1.0);
        double[] history = new double[iterations];
        for (int k = 0; k < iterations; k++) {
            Tensor jv = map.apply(y.copy().axpyInPlace(fdStep, v)).sub(map.apply(y.copy().axpyInPlace(-fdStep, v)))
                    .scaleInPlace(1.0 / (2 * fdStep));
            history[k] = jv.norm();
            Tensor w = map.vjp(y, jv);
            double wn = w.norm();
            if (!(wn > 0)) {
                // J^T J v = 0: v lies in the null space; the estimate stays at ||J v|| (zero)
                for (int j = k + 1; j < iterations; j++) history[j] = history[k];
                break;
            }
            v = w.scaleInPlace(1.0 / wn);
        }
        return new PowerEstimate(history, v);
    }
}
