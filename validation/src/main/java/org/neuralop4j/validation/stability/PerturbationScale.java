package org.neuralop4j.validation.stability;

/** How a perturbation radius is measured. */
public enum PerturbationScale {
    /** {@code ||e|| = radius}. */
    ABSOLUTE,
    /** {@code ||e|| = radius * ||y||} (relative to the unperturbed input). */
    RELATIVE;

    /**
     * @param radius the nominal radius
     * @param yNorm  {@code ||y||}
     * @return the absolute radius
     */
    public double absolute(double radius, double yNorm) {
        if (this == ABSOLUTE) return radius;
        if (!(yNorm > 0)) throw new IllegalArgumentException("a relative perturbation radius needs ||y|| > 0, got " + yNorm);
        return radius * yNorm;
    }
}
