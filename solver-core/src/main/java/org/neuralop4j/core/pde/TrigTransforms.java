package org.neuralop4j.core.pde;

import org.neuralop4j.core.fft.Fft;

/** Type-I cosine and sine syntheses on vertex grids, through real FFTs of the even/odd extension. */
final class TrigTransforms {
    private TrigTransforms() {}

    /**
     * For each of {@code lines} coefficient rows {@code c[0..m]} returns {@code y_j = sum_k c_k cos(pi k j / m)}
     * (or {@code sum_k c_k sin(pi k j / m)}, where {@code c_0} and {@code c_m} are ignored), {@code j = 0..m}.
     * @param coef {@code lines * (m+1)} coefficients, not modified
     */
    static double[] synthesis(double[] coef, int lines, int m, boolean sine) {
        int len = 2 * m, h = m + 1; // half spectrum of a length-2m real signal has m+1 entries
        double[] spec = new double[2 * lines * h];
        for (int l = 0; l < lines; l++) {
            int c = l * h, s = 2 * l * h;
            if (sine) {
                for (int k = 1; k < m; k++) spec[s + 2 * k + 1] = -m * coef[c + k];
            } else {
                spec[s] = 2.0 * m * coef[c];
                for (int k = 1; k < m; k++) spec[s + 2 * k] = m * coef[c + k];
                spec[s + 2 * m] = 2.0 * m * coef[c + m];
            }
        }
        double[] full = Fft.irfftn(spec, lines, len);
        double[] out = new double[lines * h];
        for (int l = 0; l < lines; l++) System.arraycopy(full, l * len, out, l * h, h);
        if (sine) for (int l = 0; l < lines; l++) { out[l * h] = 0; out[l * h + m] = 0; }
        return out;
    }
}
