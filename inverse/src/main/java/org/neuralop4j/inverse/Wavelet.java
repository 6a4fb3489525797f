package org.neuralop4j.inverse;

/**
 * Orthonormal Daubechies wavelets dbK (K vanishing moments, filter length 2K); db1 is Haar.
 *
 * <p>The low-pass filters come from Daubechies' spectral factorisation with the minimum-phase root choice
 * (I. Daubechies, "Ten Lectures on Wavelets", SIAM 1992, ch. 6); they were computed by
 * {@code inverse/scripts/daubechies_filters.py}, which also prints their orthonormality residuals (about 1e-15).
 * The high-pass filter is the quadrature mirror {@code g[t] = (-1)^t h[L-1-t]}.
 */
public enum Wavelet {
    HAAR(0.7071067811865476, 0.7071067811865476),
    DB2(0.48296291314453416, 0.8365163037378079, 0.2241438680420134, -0.1294095225512604),
    DB3(0.3326705529500826, 0.8068915093110924, 0.45987750211849165, -0.13501102001025458, -0.08544127388202667,
            0.035226291885709526),
    DB4(0.2303778133088964, 0.7148465705529155, 0.6308807679298589, -0.02798376941685948, -0.18703481171909297,
            0.030841381835560646, 0.032883011666885155, -0.010597401785069016),
    DB5(0.16010239797419296, 0.6038292697971898, 0.7243085284377732, 0.1384281459013206, -0.2422948870663822,
            -0.03224486958463843, 0.07757149384004575, -0.006241490212798283, -0.012580751999082002,
            0.0033357252854737734),
    DB6(0.11154074335010943, 0.49462389039845306, 0.751133908021095, 0.31525035170919785, -0.22626469396543947,
            -0.12976686756726202, 0.0975016055873231, 0.027522865530305626, -0.031582039317486, 0.000553842201161503,
            0.004777257510945506, -0.00107730108530848),
    DB7(0.07785205408500925, 0.3965393194819175, 0.7291320908462355, 0.4697822874051932, -0.1439060039285658,
            -0.22403618499387484, 0.07130921926683051, 0.08061260915108323, -0.0380299369350146, -0.016574541630666885,
            0.01255099855609988, 0.00042957797292136375, -0.0018016407040474956, 0.0003537137999745211),
    DB8(0.05441584224310403, 0.31287159091430006, 0.6756307362972898, 0.5853546836542071, -0.01582910525635005,
            -0.28401554296154663, 0.0004724845739137484, 0.12874742662047792, -0.017369301001807225,
            -0.04408825393079485, 0.013981027917398277, 0.008746094047405815, -0.004870352993451591,
            -0.0003917403733769456, 0.00067544940645057, -0.00011747678412476963);

    private final double[] lowPass;
    private final double[] highPass;

    Wavelet(double... h) {
        lowPass = h;
        highPass = new double[h.length];
        for (int t = 0; t < h.length; t++) highPass[t] = ((t & 1) == 0 ? 1 : -1) * h[h.length - 1 - t];
    }

    /** @return the orthonormal low-pass (scaling) filter {@code h}, {@code sum h = sqrt 2} (copy) */
    public double[] lowPass() { return lowPass.clone(); }

    /** @return the high-pass (wavelet) filter {@code g[t] = (-1)^t h[L-1-t]} (copy) */
    public double[] highPass() { return highPass.clone(); }

    /** @return the filter length {@code 2K} */
    public int length() { return lowPass.length; }

    double[] h() { return lowPass; }

    double[] g() { return highPass; }

    /** Parses {@code haar}, {@code db1} .. {@code db8} (case-insensitive). */
    public static Wavelet parse(String name) {
        String s = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("haar") || s.equals("db1")) return HAAR;
        for (Wavelet w : values()) if (w.name().toLowerCase(java.util.Locale.ROOT).equals(s)) return w;
        throw new IllegalArgumentException("unknown wavelet '" + name + "' (expected haar, db1 .. db8)");
    }
}
