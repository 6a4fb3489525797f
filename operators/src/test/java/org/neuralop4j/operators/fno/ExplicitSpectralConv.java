package org.neuralop4j.operators.fno;

import org.neuralop4j.core.Tensor;

/**
 * The spectral convolution written from its definition with explicit DFT sums (no FFT, no GEMM, no layout
 * tricks): the reference the fused op is tested against. Complex numbers as (re, im) pairs.
 */
final class ExplicitSpectralConv {
    final int d, batch, in, out, total;
    final int[] n, m;
    /** kept modes: signed frequencies per axis, weight block and local index */
    final int[][] freq;
    final int[] block, local;
    final Tensor[] w;

    ExplicitSpectralConv(int[] xShape, int[] modes, Tensor[] weights) {
        d = modes.length;
        batch = xShape[0];
        in = xShape[1];
        out = weights[0].dim(1);
        n = java.util.Arrays.copyOfRange(xShape, 2, xShape.length);
        m = modes.clone();
        int tot = 1;
        for (int v : n) tot *= v;
        total = tot;
        w = weights;
        // enumerate kept modes: every axis but the last: 0..m-1 and -m..-1; the last: 0..m-1
        int count = 1;
        for (int j = 0; j < d; j++) count *= j < d - 1 ? 2 * m[j] : m[j];
        freq = new int[count][d];
        block = new int[count];
        local = new int[count];
        for (int c = 0; c < count; c++) {
            int rem = c, b = 0, l = 0, stride = 1;
            for (int j = d - 1; j >= 0; j--) {
                int kj = j < d - 1 ? 2 * m[j] : m[j];
                int pos = rem % kj;
                rem /= kj;
                int f = pos < m[j] ? pos : pos - 2 * m[j];
                freq[c][j] = f;
                int li = f >= 0 ? f : f + m[j];
                if (f < 0) b |= 1 << j;
                l += li * stride;
                stride *= m[j];
            }
            block[c] = b;
            local[c] = l;
        }
    }

    private double phase(int c, int x) {
        double p = 0;
        int rem = x;
        for (int j = d - 1; j >= 0; j--) {
            int xj = rem % n[j];
            rem /= n[j];
            p += (double) freq[c][j] * xj / n[j];
        }
        return 2 * Math.PI * p;
    }

    private double hermitian(int c) {
        int kd = freq[c][d - 1], nd = n[d - 1];
        return kd == 0 || (nd % 2 == 0 && kd == nd / 2) ? 1 : 2;
    }

    private double[] weight(int i, int o, int c) {
        int mp = 1;
        for (int v : m) mp *= v;
        double[] data = w[block[c]].data();
        int s = 2 * ((i * out + o) * mp + local[c]);
        return new double[] {data[s], data[s + 1]};
    }

    /** X[b][i][c] = sum_x x e^{-i theta}. */
    double[][][][] coefficients(Tensor x, int channels) {
        double[][][][] X = new double[batch][channels][freq.length][2];
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < channels; i++)
                for (int c = 0; c < freq.length; c++)
                    for (int p = 0; p < total; p++) {
                        double v = x.data()[(b * channels + i) * total + p], th = phase(c, p);
                        X[b][i][c][0] += v * Math.cos(th);
                        X[b][i][c][1] -= v * Math.sin(th);
                    }
        return X;
    }

    Tensor forward(Tensor x) {
        double[][][][] X = coefficients(x, in);
        double[] y = new double[batch * out * total];
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < out; o++)
                for (int c = 0; c < freq.length; c++) {
                    double yr = 0, yi = 0;
                    for (int i = 0; i < in; i++) {
                        double[] wv = weight(i, o, c);
                        yr += X[b][i][c][0] * wv[0] - X[b][i][c][1] * wv[1];
                        yi += X[b][i][c][0] * wv[1] + X[b][i][c][1] * wv[0];
                    }
                    double h = hermitian(c) / total;
                    for (int p = 0; p < total; p++) {
                        double th = phase(c, p);
                        y[(b * out + o) * total + p] += h * (yr * Math.cos(th) - yi * Math.sin(th));
                    }
                }
        int[] shape = new int[d + 2];
        shape[0] = batch;
        shape[1] = out;
        System.arraycopy(n, 0, shape, 2, d);
        return Tensor.wrap(y, shape);
    }

    /** Gradients {x, weights...} of {@code <gy, forward(x)>}. */
    Tensor[] gradients(Tensor x, Tensor gy) {
        double[][][][] X = coefficients(x, in);
        // gY = (c / N) sum_x gy e^{-i theta}
        double[][][][] gY = coefficients(gy, out);
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < out; o++)
                for (int c = 0; c < freq.length; c++) {
                    double h = hermitian(c) / total;
                    gY[b][o][c][0] *= h;
                    gY[b][o][c][1] *= h;
                }
        Tensor gx = Tensor.zerosLike(x);
        Tensor[] grads = new Tensor[1 + w.length];
        grads[0] = gx;
        for (int k = 0; k < w.length; k++) grads[1 + k] = Tensor.zerosLike(w[k]);
        int mp = 1;
        for (int v : m) mp *= v;
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < in; i++)
                for (int c = 0; c < freq.length; c++) {
                    double gr = 0, gi = 0;
                    for (int o = 0; o < out; o++) {
                        double[] wv = weight(i, o, c);
                        double ar = gY[b][o][c][0], ai = gY[b][o][c][1];
                        // gX = gY * conj(W)
                        gr += ar * wv[0] + ai * wv[1];
                        gi += ai * wv[0] - ar * wv[1];
                        // gW = conj(X) * gY
                        double xr = X[b][i][c][0], xi = X[b][i][c][1];
                        double[] gw = grads[1 + block[c]].data();
                        int s = 2 * ((i * out + o) * mp + local[c]);
                        gw[s] += xr * ar + xi * ai;
                        gw[s + 1] += xr * ai - xi * ar;
                    }
                    for (int p = 0; p < total; p++) {
                        double th = phase(c, p);
                        gx.data()[(b * in + i) * total + p] += gr * Math.cos(th) - gi * Math.sin(th);
                    }
                }
        return grads;
    }
}
