package org.neuralop4j.inverse;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.neuralop4j.core.Tensor;

/**
 * The complex adjoint test {@code <A x, y> = <x, A^H y>} for random complex {@code x, y}.
 */
public final class AdjointTest {
    private AdjointTest() {}

    /**
     * @return {@code |<A x, y> - <x, A^H y>| / (||A x|| ||y||)} (complex modulus of the difference, so both real
     *         and imaginary parts are tested), for seeded standard complex Gaussian {@code x} and {@code y}
     */
    public static double relativeError(LinearOperator a, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] x = new double[2 * a.domainSize()];
        double[] y = new double[2 * a.rangeSize()];
        Tensor.fillNormal(rng, x, 0, x.length);
        Tensor.fillNormal(rng, y, 0, y.length);
        double[] ax = a.apply(x);
        double[] ahy = a.adjoint(y);
        double[] lhs = ComplexArrays.dot(ax, y);
        double[] rhs = ComplexArrays.dot(x, ahy);
        double scale = ComplexArrays.norm(ax) * ComplexArrays.norm(y);
        return Math.hypot(lhs[0] - rhs[0], lhs[1] - rhs[1]) / (scale == 0 ? 1 : scale);
    }
}
