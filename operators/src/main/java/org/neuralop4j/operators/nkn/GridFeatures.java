package org.neuralop4j.operators.nkn;

import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.ShapeOps;
import org.neuralop4j.core.autodiff.Var;

/** Appends the coordinates of a uniform periodic grid on {@code [0, 1)^d} as channels: {@code (B, C, X..) -> (B, C + d, X..)}. */
public final class GridFeatures {
    private GridFeatures() {}

    /** @return {@code x} with {@code d} coordinate channels appended ({@code x_k = i_k / n_k}) */
    public static Var append(Var x) {
        int[] s = x.value().shape();
        int d = s.length - 2, batch = s[0];
        int points = x.value().sizeOf(2, s.length);
        int[] gs = s.clone();
        gs[1] = d;
        double[] g = new double[batch * d * points];
        for (int b = 0; b < batch; b++)
            for (int k = 0; k < d; k++) {
                int stride = 1;
                for (int a = 2 + k + 1; a < s.length; a++) stride *= s[a];
                int n = s[2 + k];
                int off = (b * d + k) * points;
                for (int p = 0; p < points; p++) g[off + p] = (double) ((p / stride) % n) / n;
            }
        return ShapeOps.concat(1, x, Var.constant(Tensor.wrap(g, gs)));
    }
}
