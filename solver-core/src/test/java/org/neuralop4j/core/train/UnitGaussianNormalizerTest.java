package org.neuralop4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradCheck;

class UnitGaussianNormalizerTest {
    /** Data (N=50, C=2, 6, 4): channel c has mean 3c - 1 and spread (c + 1) * (1 + point index / 24). */
    static Tensor data() {
        Tensor z = Tensor.randn(1, 50, 2, 6, 4);
        double[] d = z.data();
        for (int i = 0; i < d.length; i++) {
            int c = (i / 24) % 2, p = i % 24;
            d[i] = 3 * c - 1 + (c + 1) * (1 + p / 24.0) * d[i];
        }
        return z;
    }

    @Test
    void channelWiseStatistics() {
        Tensor x = data();
        UnitGaussianNormalizer n = UnitGaussianNormalizer.fit(x, UnitGaussianNormalizer.Mode.CHANNEL_WISE);
        assertArrayEquals(new int[] {1, 2, 1, 1}, n.mean().shape());
        for (int c = 0; c < 2; c++) {
            double s = 0, s2 = 0;
            int cnt = 0;
            for (int b = 0; b < 50; b++) for (int i = 0; i < 6; i++) for (int j = 0; j < 4; j++) {
                double v = x.get(b, c, i, j);
                s += v;
                cnt++;
            }
            double mu = s / cnt;
            for (int b = 0; b < 50; b++) for (int i = 0; i < 6; i++) for (int j = 0; j < 4; j++) s2 += Math.pow(x.get(b, c, i, j) - mu, 2);
            assertEquals(mu, n.mean().get(0, c, 0, 0), 1e-12);
            assertEquals(Math.sqrt(s2 / cnt), n.std().get(0, c, 0, 0), 1e-12);
        }
        Tensor z = n.encode(x);
        UnitGaussianNormalizer again = UnitGaussianNormalizer.fit(z, UnitGaussianNormalizer.Mode.CHANNEL_WISE, 0.0);
        for (int c = 0; c < 2; c++) {
            assertEquals(0.0, again.mean().get(0, c, 0, 0), 1e-12);
            assertEquals(1.0, again.std().get(0, c, 0, 0), 1e-6);
        }
        assertEquals(0.0, n.decode(z).maxAbsDiff(x), 1e-12);
    }

    @Test
    void pointWiseStatistics() {
        Tensor x = data();
        UnitGaussianNormalizer n = UnitGaussianNormalizer.fit(x, UnitGaussianNormalizer.Mode.POINT_WISE);
        assertArrayEquals(new int[] {1, 2, 6, 4}, n.mean().shape());
        double s = 0, s2 = 0;
        for (int b = 0; b < 50; b++) s += x.get(b, 1, 3, 2);
        double mu = s / 50;
        for (int b = 0; b < 50; b++) s2 += Math.pow(x.get(b, 1, 3, 2) - mu, 2);
        assertEquals(mu, n.mean().get(0, 1, 3, 2), 1e-13);
        assertEquals(Math.sqrt(s2 / 50), n.std().get(0, 1, 3, 2), 1e-13);
        Tensor z = n.encode(x.slice(0, 7)); // broadcasts over any batch size
        assertEquals((x.get(3, 1, 3, 2) - mu) / (n.std().get(0, 1, 3, 2) + 1e-7), z.get(3, 1, 3, 2), 1e-12);
        assertEquals(0.0, n.decode(z).maxAbsDiff(x.slice(0, 7)), 1e-12);
    }

    @Test
    void differentiableDecodeAndStateDict() {
        Tensor x = data();
        UnitGaussianNormalizer n = UnitGaussianNormalizer.fit(x, UnitGaussianNormalizer.Mode.POINT_WISE);
        GradCheck.assertGradients("decode", v -> n.decode(v[0]), 1e-6, Tensor.randn(3, 2, 2, 6, 4));
        GradCheck.assertGradients("encode", v -> n.encode(v[0]), 1e-6, Tensor.randn(4, 2, 2, 6, 4));
        UnitGaussianNormalizer r = UnitGaussianNormalizer.fromStateDict(n.stateDict());
        assertEquals(n.mean(), r.mean());
        assertEquals(n.std(), r.std());
        assertEquals(n.eps(), r.eps(), 0.0);
        assertThrows(ShapeMismatchException.class, () -> UnitGaussianNormalizer.fit(Tensor.zeros(5), UnitGaussianNormalizer.Mode.CHANNEL_WISE));
        assertThrows(IllegalArgumentException.class, () -> UnitGaussianNormalizer.fromStateDict(java.util.Map.of("mean", Tensor.zeros(1))));
    }
}
