package org.neuralop4j.operators.fno;

import java.util.Arrays;

/**
 * Which Fourier modes a spectral convolution keeps, and how they are laid out.
 *
 * <p>Spatial sizes {@code n_1..n_d} (d in 1..3), modes {@code m_1..m_d}. Along every axis but the last the kept
 * frequencies are {@code 0..m_j-1} and {@code -m_j..-1} ({@code K_j = 2 m_j} of them, in that order: position
 * {@code k < m_j} is frequency {@code k}, position {@code k >= m_j} is frequency {@code k - 2 m_j}); along the last
 * axis they are {@code 0..m_d-1} ({@code K_d = m_d}), the non-negative half of a real signal's spectrum.
 *
 * <p>A spectrum row (one (batch, channel) pair) is stored <i>planar in the last axis</i>: the value at
 * {@code (k_1, .., k_{d-1}, k_d)} has its real part at {@code q * 2 m_d + k_d} and its imaginary part at
 * {@code q * 2 m_d + m_d + k_d}, where {@code q} is the row-major index of {@code (k_1, .., k_{d-1})}.
 * Row length {@code 2 * prod_j K_j}.
 */
final class ModeGeometry {
    final int d;
    final int[] n;
    final int[] m;
    /** kept positions per axis: 2 m_j, last m_d */
    final int[] k;
    /** prod n_j */
    final int spatialSize;
    /** prod_j K_j, the number of kept complex modes */
    final int modeCount;

    ModeGeometry(int[] n, int[] m) {
        if (n.length < 1 || n.length > 3 || m.length != n.length)
            throw new IllegalArgumentException("a spectral convolution works over 1, 2 or 3 spatial axes; got sizes "
                    + Arrays.toString(n) + " and modes " + Arrays.toString(m));
        this.d = n.length;
        this.n = n.clone();
        this.m = m.clone();
        this.k = new int[d];
        int s = 1, c = 1;
        for (int j = 0; j < d; j++) {
            if (m[j] < 1) throw new IllegalArgumentException("modes must be positive, got " + Arrays.toString(m));
            boolean last = j == d - 1;
            if (!last && n[j] < 2 * m[j])
                throw new IllegalArgumentException("spatial axis " + j + " has " + n[j] + " points but keeping " + m[j]
                        + " positive and negative modes needs at least " + (2 * m[j]) + " (modes " + Arrays.toString(m)
                        + ", sizes " + Arrays.toString(n) + ")");
            if (last && n[j] / 2 + 1 < m[j])
                throw new IllegalArgumentException("last spatial axis has " + n[j] + " points, so only " + (n[j] / 2 + 1)
                        + " non-negative modes exist, but " + m[j] + " are kept (sizes " + Arrays.toString(n) + ")");
            k[j] = last ? m[j] : 2 * m[j];
            s *= n[j];
            c *= k[j];
        }
        this.spatialSize = s;
        this.modeCount = c;
    }

    /** @return doubles per spectrum row (planar complex) */
    int rowLength() { return 2 * modeCount; }

    /** @return the signed frequency held at position {@code pos} of axis {@code j} */
    int frequency(int j, int pos) {
        if (j == d - 1) return pos;
        return pos < m[j] ? pos : pos - 2 * m[j];
    }

    /** Weight of a last-axis frequency in a real signal's Hermitian sum: 1 at 0 and at the Nyquist index, else 2. */
    double hermitianWeight(int kd) {
        int nd = n[d - 1];
        return (kd == 0 || (nd % 2 == 0 && kd == nd / 2)) ? 1.0 : 2.0;
    }

    /** Number of complex weight blocks: one per sign pattern of the first d-1 axes. */
    int blockCount() { return 1 << (d - 1); }
}
