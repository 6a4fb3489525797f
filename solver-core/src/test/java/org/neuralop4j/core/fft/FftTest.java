package org.neuralop4j.core.fft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.Tensor;

class FftTest {
    /** Naive complex DFT over all trailing axes of (batch, dims...) interleaved data. */
    static double[] naiveDft(double[] z, int batch, int[] dims, boolean inverse) {
        int n = 1;
        for (int d : dims) n *= d;
        double[] out = new double[z.length];
        int[] st = Tensor.strides(dims);
        double sign = inverse ? 1 : -1;
        for (int b = 0; b < batch; b++)
            for (int k = 0; k < n; k++) {
                double re = 0, im = 0;
                for (int j = 0; j < n; j++) {
                    double phase = 0;
                    for (int a = 0; a < dims.length; a++) {
                        int ka = (k / st[a]) % dims[a], ja = (j / st[a]) % dims[a];
                        phase += (double) ((long) ka * ja % dims[a]) / dims[a];
                    }
                    double c = Math.cos(2 * Math.PI * phase), s = sign * Math.sin(2 * Math.PI * phase);
                    double xr = z[2 * (b * n + j)], xi = z[2 * (b * n + j) + 1];
                    re += xr * c - xi * s;
                    im += xr * s + xi * c;
                }
                out[2 * (b * n + k)] = inverse ? re / n : re;
                out[2 * (b * n + k) + 1] = inverse ? im / n : im;
            }
        return out;
    }

    private static final int[][] SHAPES = {{1}, {2}, {7}, {8}, {15}, {16}, {3, 5}, {4, 6}, {5, 4}, {2, 3, 4}, {3, 3, 5}};

    @Test
    void realForwardMatchesNaiveDftForOddEvenAndPrimeLengths() {
        for (int[] dims : SHAPES) {
            int batch = 2, n = 1;
            for (int d : dims) n *= d;
            double[] x = Tensor.randn(7, batch * n).data();
            double[] z = new double[2 * x.length];
            for (int i = 0; i < x.length; i++) z[2 * i] = x[i];
            double[] full = naiveDft(z, batch, dims, false);
            double[] half = Fft.rfftn(x, batch, dims);
            int last = dims[dims.length - 1], h = Fft.halfLength(last), rows = batch * n / last;
            for (int r = 0; r < rows; r++)
                for (int k = 0; k < h; k++)
                    for (int c = 0; c < 2; c++)
                        assertEquals(full[2 * (r * last + k) + c], half[2 * (r * h + k) + c], 1e-11 * n,
                                () -> "dims " + java.util.Arrays.toString(dims));
            double[] back = Fft.irfftn(half, batch, dims);
            for (int i = 0; i < x.length; i++) assertEquals(x[i], back[i], 1e-13, "round trip");
        }
    }

    @Test
    void complexForwardAndInverseMatchNaiveDft() {
        for (int[] dims : SHAPES) {
            int batch = 3, n = 1;
            for (int d : dims) n *= d;
            double[] z = Tensor.randn(11, 2 * batch * n).data();
            double[] f = z.clone();
            Fft.fftn(f, batch, dims, false);
            assertArrayEquals(naiveDft(z, batch, dims, false), f, 1e-11 * n);
            Fft.fftn(f, batch, dims, true);
            assertArrayEquals(z, f, 1e-13);
        }
    }

    @Test
    void resultsAreBitIdenticalForOneAndTwoThreads() {
        int prev = Parallel.threads();
        try {
            double[] x = Tensor.randn(3, 16 * 4 * 30 * 17).data();
            Parallel.setThreads(1);
            double[] one = Fft.rfftn(x, 16, 4, 30, 17);
            Parallel.setThreads(2);
            double[] two = Fft.rfftn(x, 16, 4, 30, 17);
            assertArrayEquals(one, two, 0.0);
            assertArrayEquals(Fft.irfftn(one, 16, 4, 30, 17), Fft.irfftn(two, 16, 4, 30, 17), 0.0);
        } finally {
            Parallel.setThreads(prev);
        }
    }

    @Test
    void rejectsWrongLengths() {
        assertThrows(IllegalArgumentException.class, () -> Fft.rfftn(new double[10], 1, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> Fft.irfftn(new double[12], 1, 8));
        assertThrows(IllegalArgumentException.class, () -> Fft.rfftn(new double[16], 1, 2, 2, 2, 2));
    }
}
