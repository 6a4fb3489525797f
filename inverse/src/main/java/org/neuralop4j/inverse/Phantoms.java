package org.neuralop4j.inverse;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Procedural test images at any size, as real row-major {@code n x n} arrays with values in [0, 1]. Pixel
 * {@code (i, j)} samples the point {@code x = -1 + (2j + 1)/n}, {@code y = 1 - (2i + 1)/n} of {@code [-1, 1]^2}
 * (rows run top to bottom), and an image is the sum of the intensities of the ellipses containing that point.
 */
public final class Phantoms {
    private Phantoms() {}

    /**
     * The modified Shepp-Logan head phantom (Toft, PhD thesis 1996; MATLAB's {@code phantom('Modified Shepp-Logan')}):
     * ten ellipses with contrast raised for display. Values lie in [0, 1].
     */
    public static double[] sheppLogan(int n) {
        double[][] e = {
            // intensity, semi-axis a, semi-axis b, centre x, centre y, rotation (degrees)
            {1.0, 0.69, 0.92, 0, 0, 0},
            {-0.8, 0.6624, 0.8740, 0, -0.0184, 0},
            {-0.2, 0.1100, 0.3100, 0.22, 0, -18},
            {-0.2, 0.1600, 0.4100, -0.22, 0, 18},
            {0.1, 0.2100, 0.2500, 0, 0.35, 0},
            {0.1, 0.0460, 0.0460, 0, 0.1, 0},
            {0.1, 0.0460, 0.0460, 0, -0.1, 0},
            {0.1, 0.0460, 0.0230, -0.08, -0.605, 0},
            {0.1, 0.0230, 0.0230, 0, -0.606, 0},
            {0.1, 0.0230, 0.0460, 0.06, -0.605, 0},
        };
        return ellipses(n, e);
    }

    /**
     * Seeded random ellipses inside a bright disk of radius 0.9: {@code count} ellipses with random centre, axes
     * in [0.05, 0.35], rotation and intensity in [-0.3, 0.3], clipped to [0, 1]. Piecewise constant, so sparse in
     * Haar wavelets and in the gradient.
     */
    public static double[] randomEllipses(int n, int count, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[][] e = new double[count + 1][];
        e[0] = new double[] {0.5, 0.9, 0.9, 0, 0, 0};
        for (int k = 1; k <= count; k++) {
            double r = 0.6 * Math.sqrt(rng.nextDouble()), th = 2 * Math.PI * rng.nextDouble();
            e[k] = new double[] {0.6 * rng.nextDouble() - 0.3, 0.05 + 0.3 * rng.nextDouble(), 0.05 + 0.3 * rng.nextDouble(),
                r * Math.cos(th), r * Math.sin(th), 180 * rng.nextDouble()};
        }
        double[] img = ellipses(n, e);
        for (int i = 0; i < img.length; i++) img[i] = Math.min(1, Math.max(0, img[i]));
        return img;
    }

    /** Sum of the intensities of the ellipses {@code {intensity, a, b, x0, y0, degrees}} containing each pixel centre. */
    public static double[] ellipses(int n, double[][] ellipses) {
        if (n < 1) throw new IllegalArgumentException("image size must be positive, got " + n);
        double[] img = new double[n * n];
        for (double[] e : ellipses) {
            if (e.length != 6) throw new IllegalArgumentException("an ellipse needs 6 numbers {intensity, a, b, x0, y0, degrees}");
            double c = Math.cos(Math.toRadians(e[5])), s = Math.sin(Math.toRadians(e[5]));
            double a2 = e[1] * e[1], b2 = e[2] * e[2];
            for (int i = 0; i < n; i++) {
                double y = 1 - (2.0 * i + 1) / n - e[4];
                for (int j = 0; j < n; j++) {
                    double x = -1 + (2.0 * j + 1) / n - e[3];
                    double u = x * c + y * s, v = y * c - x * s;
                    if (u * u / a2 + v * v / b2 <= 1) img[i * n + j] += e[0];
                }
            }
        }
        return img;
    }

    /** Phantom by name: {@code shepp-logan} or {@code ellipses} (seeded random ellipses, seed 1). */
    public static double[] byName(String name, int n) {
        switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "shepp-logan":
            case "shepplogan":
                return sheppLogan(n);
            case "ellipses":
                return randomEllipses(n, 8, 1);
            default:
                throw new IllegalArgumentException("unknown phantom '" + name + "' (expected shepp-logan or ellipses)");
        }
    }
}
