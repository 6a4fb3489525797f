package org.neuralop4j.inverse;

/**
 * Proximal maps used by the primal-dual solvers.
 */
public final class Prox {
    private Prox() {}

    /**
     * Weighted complex soft-thresholding, the prox of {@code t ||z||_{l1_w} = t sum_k w_k |z_k|}:
     * {@code out_k = max(0, 1 - t w_k / |z_k|) z_k}. {@code out} may alias {@code z}.
     * @param weights one non-negative weight per complex entry
     */
    public static void softThreshold(double[] z, double t, double[] weights, double[] out) {
        ComplexArrays.checkComplexLength("weights (as complex)", z, weights.length);
        ComplexArrays.checkSameLength("out", z, out);
        for (int k = 0; k < weights.length; k++) {
            double re = z[2 * k], im = z[2 * k + 1];
            double thr = t * weights[k];
            double mag = Math.sqrt(re * re + im * im);
            if (mag <= thr) {
                out[2 * k] = 0;
                out[2 * k + 1] = 0;
            } else {
                double s = 1 - thr / mag;
                out[2 * k] = s * re;
                out[2 * k + 1] = s * im;
            }
        }
    }

    /**
     * Projection onto the closed Euclidean ball of radius {@code r} about 0 (the prox of its indicator):
     * {@code out = v min(1, r / ||v||)}. {@code out} may alias {@code v}.
     * @return the factor {@code min(1, r / ||v||)} that was applied
     */
    public static double projectBall(double[] v, double r, double[] out) {
        ComplexArrays.checkSameLength("out", v, out);
        double nv = ComplexArrays.norm(v);
        double s = nv > r ? r / nv : 1.0;
        for (int i = 0; i < v.length; i++) out[i] = s * v[i];
        return s;
    }

    /**
     * Projection onto the weighted box {@code {u : |u_k| <= r_k}} (componentwise complex modulus): the dual of the
     * weighted l1 norm; {@code out_k = u_k min(1, r_k / |u_k|)}. {@code out} may alias {@code u}.
     */
    public static void projectModulus(double[] u, double[] radii, double[] out) {
        ComplexArrays.checkComplexLength("radii (as complex)", u, radii.length);
        ComplexArrays.checkSameLength("out", u, out);
        for (int k = 0; k < radii.length; k++) {
            double re = u[2 * k], im = u[2 * k + 1];
            double mag = Math.sqrt(re * re + im * im);
            double s = mag > radii[k] ? radii[k] / mag : 1.0;
            out[2 * k] = s * re;
            out[2 * k + 1] = s * im;
        }
    }

    /** {@link #softThreshold(double[], double, double[], double[])} on the block of {@code len} complex entries at complex offset {@code off}, in place; weight {@code k} applies to entry {@code off + k}. */
    static void softThreshold(double[] z, double t, double[] weights, double[] out, int off, int len) {
        for (int k = 0; k < len; k++) {
            int a = 2 * (off + k);
            double re = z[a], im = z[a + 1];
            double thr = t * weights[k];
            double mag = Math.sqrt(re * re + im * im);
            if (mag <= thr) {
                out[a] = 0;
                out[a + 1] = 0;
            } else {
                double s = 1 - thr / mag;
                out[a] = s * re;
                out[a + 1] = s * im;
            }
        }
    }

    /** Projection onto the ball of radius {@code r} of the block of {@code len} complex entries at complex offset {@code off}, in place. */
    static void projectBall(double[] v, double r, int off, int len) {
        double s2 = 0;
        for (int i = 2 * off; i < 2 * (off + len); i++) s2 += v[i] * v[i];
        double nv = Math.sqrt(s2);
        double s = nv > r ? r / nv : 1.0;
        for (int i = 2 * off; i < 2 * (off + len); i++) v[i] = s * v[i];
    }
}
