package org.neuralop4j.inverse;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.neuralop4j.core.Tensor;

/**
 * A complex linear map {@code A: C^n -> C^m} on interleaved complex vectors, with its adjoint {@code A^H}.
 *
 * <p>Implementations may keep internal work buffers, so one instance must not be used from two threads at once
 * (they parallelise internally through {@code Parallel}). {@code apply} and {@code adjoint} overwrite {@code out}
 * completely and never modify their input; {@code out} must not alias the input.
 */
public interface LinearOperator {
    /** @return {@code n}, the number of complex entries of an input */
    int domainSize();

    /** @return {@code m}, the number of complex entries of an output */
    int rangeSize();

    /**
     * {@code out = A x}.
     * @param x   length {@code 2 n}, not modified
     * @param out length {@code 2 m}, overwritten
     */
    void apply(double[] x, double[] out);

    /**
     * {@code out = A^H y}.
     * @param y   length {@code 2 m}, not modified
     * @param out length {@code 2 n}, overwritten
     */
    void adjoint(double[] y, double[] out);

    /** @return {@code A x} in a new array */
    default double[] apply(double[] x) {
        double[] out = new double[2 * rangeSize()];
        apply(x, out);
        return out;
    }

    /** @return {@code A^H y} in a new array */
    default double[] adjoint(double[] y) {
        double[] out = new double[2 * domainSize()];
        adjoint(y, out);
        return out;
    }

    /**
     * Operator norm {@code ||A||_2} estimated by power iteration on {@code A^H A} from a seeded random start:
     * {@code sqrt(||A^H A v|| / ||v||)} after {@code iterations} normalised steps (a lower bound that converges to
     * {@code ||A||}; exact after one step when {@code A^H A} is a projection).
     */
    default double normEstimate(int iterations, long seed) {
        int n = domainSize();
        double[] v = new double[2 * n];
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        Tensor.fillNormal(rng, v, 0, v.length);
        double[] av = new double[2 * rangeSize()];
        double[] w = new double[2 * n];
        double est = 0;
        for (int it = 0; it < Math.max(1, iterations); it++) {
            double nv = ComplexArrays.norm(v);
            if (nv == 0) return 0;
            for (int i = 0; i < v.length; i++) v[i] /= nv;
            apply(v, av);
            adjoint(av, w);
            est = Math.sqrt(ComplexArrays.norm(w));
            double[] t = v;
            v = w;
            w = t;
        }
        return est;
    }

    /** @return {@code this ∘ inner}, i.e. {@code x -> A (inner x)} (buffers are allocated once) */
    default LinearOperator compose(LinearOperator inner) {
        return new Composition(this, inner);
    }

    /** @return the adjoint {@code A^H} as an operator */
    default LinearOperator adjointOperator() {
        LinearOperator self = this;
        return new LinearOperator() {
            @Override public int domainSize() { return self.rangeSize(); }
            @Override public int rangeSize() { return self.domainSize(); }
            @Override public void apply(double[] x, double[] out) { self.adjoint(x, out); }
            @Override public void adjoint(double[] y, double[] out) { self.apply(y, out); }
        };
    }

    /** {@code outer ∘ inner} with a preallocated intermediate buffer. */
    final class Composition implements LinearOperator {
        private final LinearOperator outer, inner;
        private final double[] mid;

        Composition(LinearOperator outer, LinearOperator inner) {
            if (outer.domainSize() != inner.rangeSize())
                throw new IllegalArgumentException("cannot compose: inner maps to " + inner.rangeSize()
                        + " entries but outer expects " + outer.domainSize());
            this.outer = outer;
            this.inner = inner;
            this.mid = new double[2 * inner.rangeSize()];
        }

        @Override public int domainSize() { return inner.domainSize(); }
        @Override public int rangeSize() { return outer.rangeSize(); }

        @Override
        public void apply(double[] x, double[] out) {
            inner.apply(x, mid);
            outer.apply(mid, out);
        }

        @Override
        public void adjoint(double[] y, double[] out) {
            outer.adjoint(y, mid);
            inner.adjoint(mid, out);
        }
    }
}
