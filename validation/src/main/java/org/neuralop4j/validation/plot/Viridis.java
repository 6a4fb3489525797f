package org.neuralop4j.validation.plot;

/**
 * The viridis colour map (van der Walt &amp; Smith, matplotlib 2.0 default; perceptually uniform and readable in
 * grey scale), as 11 samples at {@code t = 0, 0.1, ..., 1} of the published table, linearly interpolated.
 */
public final class Viridis {
    private static final double[][] ANCHORS = {
        {0.267004, 0.004874, 0.329415}, {0.282623, 0.140926, 0.457517}, {0.253935, 0.265254, 0.529983},
        {0.206756, 0.371758, 0.553117}, {0.163625, 0.471133, 0.558148}, {0.127568, 0.566949, 0.550556},
        {0.134692, 0.658636, 0.517649}, {0.266941, 0.748751, 0.440573}, {0.477504, 0.821444, 0.318195},
        {0.741388, 0.873449, 0.149561}, {0.993248, 0.906157, 0.143936},
    };

    private Viridis() {}

    /**
     * @param t position in [0, 1] (clamped; NaN maps to grey)
     * @return packed {@code 0xRRGGBB}
     */
    public static int rgb(double t) {
        if (Double.isNaN(t)) return 0x808080;
        double u = Math.max(0, Math.min(1, t)) * (ANCHORS.length - 1);
        int i = Math.min(ANCHORS.length - 2, (int) Math.floor(u));
        double w = u - i;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
            double v = (1 - w) * ANCHORS[i][c] + w * ANCHORS[i + 1][c];
            rgb = (rgb << 8) | (int) Math.round(255 * v);
        }
        return rgb;
    }
}
