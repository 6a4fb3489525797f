package org.neuralop4j.inverse;

import org.neuralop4j.core.Tensor;

/** Seeded measurement noise. */
public final class Noise {
    private Noise() {}

    /**
     * Adds complex Gaussian noise of relative level {@code level}: {@code y += level ||y|| e / ||e||} with
     * {@code e} standard complex Gaussian from {@code seed}, so {@code ||noise|| = level ||y||} exactly.
     * Modifies {@code y}.
     * @return the norm of the added noise, {@code level ||y||} (of {@code y} before the noise)
     */
    public static double addRelativeComplexGaussian(double[] y, double level, long seed) {
        org.neuralop4j.core.Checks.nonNegative("noise level", level);
        double[] e = Tensor.randn(seed, y.length).data();
        double target = level * ComplexArrays.norm(y);
        double s = target / ComplexArrays.norm(e);
        for (int i = 0; i < y.length; i++) y[i] += s * e[i];
        return target;
    }
}
