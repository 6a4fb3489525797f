package org.neuralop4j.inverse;

import org.neuralop4j.core.Tensor;

/** Seeded measurement noise. */
public final class Noise {
    private Noise() {}

    /**
     * Adds complex Gaussian noise of relative level {@code level}: {@code y += level ||y|| e / ||e||} with
     * {@code e} standard complex Gaussian from {@code seed}, so {@code ||noise|| = level ||y||} exactly.
     * Modifies {@code y}.
     * @return the norm of the added noise
     */
    public static double addRelativeComplexGaussian(double[] y, double level, long seed) {
        org.neuralop4j.core.Checks.nonNegative("noise level", level);
        double[] e = Tensor.randn(seed, y.length).data();
        double s = level * ComplexArrays.norm(y) / ComplexArrays.norm(e);
        for (int i = 0; i < y.length; i++) y[i] += s * e[i];
        return level * ComplexArrays.norm(y) == 0 ? 0 : s * ComplexArrays.norm(e);
    }
}
