package org.neuralop4j.validation.stability;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;

/**
 * Worst-case perturbation search: projected gradient ascent with Nesterov momentum on
 * <pre>  maximise  f(e) = 1/2 ||Phi(y+e) - Phi(y)||^2   subject to  ||e|| &lt;= eps,</pre>
 * the kind of attack Colbrook, Antun &amp; Hansen (PNAS 2022, arXiv:2101.08286) use to show
 * that trained reconstruction networks are unstable while FIRENETs are not.
 *
 * <p><b>Iteration</b> (per restart; {@code P} is the projection onto the ball {@code ||e|| <= eps},
 * {@code mu} the momentum, default 0.9):
 * <pre>
 *   e_0 = eps * u / ||u||,  u ~ N(0, I)          (random start on the sphere)
 *   v_0 = 0
 *   z_k = P(e_k + mu v_k)                          (Nesterov look-ahead)
 *   g_k = J_Phi(y + z_k)^T (Phi(y + z_k) - Phi(y))  (gradient of f at z_k, one vjp)
 *   e_{k+1} = P(e_k + mu v_k + eta_k g_k / ||g_k||)
 *   v_{k+1} = e_{k+1} - e_k                        (the displacement actually taken)
 * </pre>
 * <b>Step rule</b>: normalised gradient steps of length {@code eta_k = stepFraction * eps * decay^k}
 * (defaults: {@code stepFraction = 0.1}, {@code decay = 0.98}). Normalising makes the step independent of the
 * map's scale; the geometric decay lets the iterate settle. Keeping {@code v} as the projected displacement
 * stops the momentum from accumulating the radial component that the projection removes.
 *
 * <p>Across all restarts and iterates the search keeps the perturbation with the largest
 * {@code ||Phi(y+e) - Phi(y)||} (the objective) and reports its amplification ratio
 * {@code ||Phi(y+e) - Phi(y)|| / ||e||}. For a linear map the ratio does not depend on {@code ||e||} and the
 * iteration is a momentum-accelerated power method, so the ratio tends to the operator norm.
 */
public final class WorstCaseSearch {
    /** Search settings; immutable, built with the {@code with...} methods from {@link #defaults(double)}. */
    public static final class Config {
        final double epsilon;
        final PerturbationScale scale;
        final int iterations;
        final int restarts;
        final double momentum;
        final double stepFraction;
        final double decay;
        final long seed;

        private Config(double epsilon, PerturbationScale scale, int iterations, int restarts, double momentum,
                       double stepFraction, double decay, long seed) {
            this.epsilon = Checks.positive("epsilon", epsilon);
            this.scale = scale;
            this.iterations = Checks.positive("iterations", iterations);
            this.restarts = Checks.positive("restarts", restarts);
            this.momentum = Checks.inRange("momentum", momentum, 0.0, 0.999);
            this.stepFraction = Checks.positive("stepFraction", stepFraction);
            this.decay = Checks.inRange("decay", decay, 1e-6, 1.0);
            this.seed = seed;
        }

        /** Radius {@code eps} (absolute), 100 iterations, 4 restarts, momentum 0.9, step 0.1 eps, decay 0.98, seed 0. */
        public static Config defaults(double epsilon) {
            return new Config(epsilon, PerturbationScale.ABSOLUTE, 100, 4, 0.9, 0.1, 0.98, 0);
        }

        /** @return a copy with the radius measured as {@code scale} says */
        public Config withScale(PerturbationScale s) { return new Config(epsilon, s, iterations, restarts, momentum, stepFraction, decay, seed); }

        /** @return a copy with another radius */
        public Config withEpsilon(double e) { return new Config(e, scale, iterations, restarts, momentum, stepFraction, decay, seed); }

        /** @return a copy with {@code n} ascent iterations per restart */
        public Config withIterations(int n) { return new Config(epsilon, scale, n, restarts, momentum, stepFraction, decay, seed); }

        /** @return a copy with {@code n} random restarts */
        public Config withRestarts(int n) { return new Config(epsilon, scale, iterations, n, momentum, stepFraction, decay, seed); }

        /** @return a copy with momentum {@code mu} in [0, 0.999] */
        public Config withMomentum(double mu) { return new Config(epsilon, scale, iterations, restarts, mu, stepFraction, decay, seed); }

        /** @return a copy with initial step {@code fraction * eps} and per-iteration decay factor */
        public Config withStep(double fraction, double decayFactor) {
            return new Config(epsilon, scale, iterations, restarts, momentum, fraction, decayFactor, seed);
        }

        /** @return a copy with another seed for the random starts */
        public Config withSeed(long s) { return new Config(epsilon, scale, iterations, restarts, momentum, stepFraction, decay, s); }

        /** @return the radius as given */
        public double epsilon() { return epsilon; }
    }

    /** Outcome of a search. */
    public static final class Result {
        private final Tensor perturbation;
        private final double ratio;
        private final double outputChange;
        private final double radius;
        private final double[][] history;

        Result(Tensor perturbation, double ratio, double outputChange, double radius, double[][] history) {
            this.perturbation = perturbation;
            this.ratio = ratio;
            this.outputChange = outputChange;
            this.radius = radius;
            this.history = history;
        }

        /** @return the best perturbation {@code e} found, {@code ||e|| <= eps} */
        public Tensor perturbation() { return perturbation.copy(); }

        /** @return {@code ||Phi(y+e) - Phi(y)|| / ||e||} of the best perturbation */
        public double ratio() { return ratio; }

        /** @return {@code ||Phi(y+e) - Phi(y)||} of the best perturbation */
        public double outputChange() { return outputChange; }

        /** @return the absolute radius {@code eps} searched */
        public double radius() { return radius; }

        /** @return the ratio after each iteration, {@code [restart][iteration]} (a copy) */
        public double[][] history() {
            double[][] h = new double[history.length][];
            for (int i = 0; i < h.length; i++) h[i] = history[i].clone();
            return h;
        }

        /** @return the best ratio seen up to each iteration, all restarts concatenated */
        public double[] bestSoFar() {
            int n = 0;
            for (double[] h : history) n += h.length;
            double[] out = new double[n];
            double best = 0;
            int k = 0;
            for (double[] h : history)
                for (double r : h) {
                    best = Math.max(best, r);
                    out[k++] = best;
                }
            return out;
        }
    }

    private WorstCaseSearch() {}

    /**
     * Runs the search.
     * @param map the map under test
     * @param y   the point to perturb (not modified)
     * @param cfg search settings
     * @return the best perturbation found, its ratio and the ascent history
     */
    public static Result search(DifferentiableMap map, Tensor y, Config cfg) {
        double eps = cfg.scale.absolute(cfg.epsilon, y.norm());
        Tensor base = map.apply(y);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(cfg.seed);
        double[][] history = new double[cfg.restarts][cfg.iterations];
        Tensor best = null;
        double bestChange = -1, bestRatio = 0;
        for (int r = 0; r < cfg.restarts; r++) {
            Tensor e = RandomPerturbation.randomOnSphere(rng, y.shape(), eps);
            Tensor v = Tensor.zerosLike(e);
            double change = map.apply(y.add(e)).sub(base).norm();
            if (change > bestChange) {
                bestChange = change;
                bestRatio = change / e.norm();
                best = e.copy();
            }
            for (int k = 0; k < cfg.iterations; k++) {
                Tensor ahead = e.copy().axpyInPlace(cfg.momentum, v);
                project(ahead, eps);
                Tensor yz = y.add(ahead);
                Tensor g = map.vjp(yz, map.apply(yz).sub(base));
                double gn = g.norm();
                Tensor next = e.copy().axpyInPlace(cfg.momentum, v);
                if (gn > 0 && Double.isFinite(gn)) next.axpyInPlace(cfg.stepFraction * eps * Math.pow(cfg.decay, k) / gn, g);
                project(next, eps);
                v = next.sub(e);
                e = next;
                double en = e.norm();
                change = map.apply(y.add(e)).sub(base).norm();
                double ratio = en > 0 ? change / en : 0;
                history[r][k] = ratio;
                if (change > bestChange) {
                    bestChange = change;
                    bestRatio = ratio;
                    best = e.copy();
                }
            }
        }
        return new Result(best, bestRatio, bestChange, eps, history);
    }

    /** Scales {@code e} back onto the ball {@code ||e|| <= eps} when it lies outside. */
    static void project(Tensor e, double eps) {
        double n = e.norm();
        if (n > eps) e.scaleInPlace(eps / n);
    }
}
