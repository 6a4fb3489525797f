package org.neuralop4j.validation.studies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradCheck;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.ChannelLinear;
import org.neuralop4j.core.nn.Parameter;

class UNet2dTest {
    @Test
    void conv3x3IsTheZeroPaddedCrossCorrelationWithTheStackedWeights() {
        int cin = 2, cout = 3, h = 5, w = 4;
        ChannelLinear mix = new ChannelLinear(9 * cin, cout, 7);
        Tensor x = Tensor.randn(1, 2, cin, h, w);
        Tensor y = UNet2d.conv3x3(Var.constant(x), mix.weight().var(), mix.bias().var()).value();
        double[] wt = mix.weight().value().data(), b = mix.bias().value().data();
        for (int n = 0; n < 2; n++)
            for (int o = 0; o < cout; o++)
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < w; j++) {
                        double acc = b[o];
                        for (int di = 0; di < 3; di++)
                            for (int dj = 0; dj < 3; dj++)
                                for (int c = 0; c < cin; c++) {
                                    int ii = i + di - 1, jj = j + dj - 1;
                                    if (ii < 0 || ii >= h || jj < 0 || jj >= w) continue;
                                    acc += wt[o * 9 * cin + (3 * di + dj) * cin + c] * x.get(n, c, ii, jj);
                                }
                        assertEquals(acc, y.get(n, o, i, j), 1e-13);
                    }
    }

    @Test
    void poolingAndDepthToSpaceMoveTheRightEntries() {
        Tensor x = Tensor.randn(2, 1, 8, 4, 6);
        Tensor pooled = UNet2d.averagePool2(Var.constant(x)).value();
        assertArrayEquals(new int[] {1, 8, 2, 3}, pooled.shape());
        assertEquals((x.get(0, 5, 2, 4) + x.get(0, 5, 2, 5) + x.get(0, 5, 3, 4) + x.get(0, 5, 3, 5)) / 4, pooled.get(0, 5, 1, 2), 1e-15);
        Tensor up = UNet2d.depthToSpace(Var.constant(x)).value();
        assertArrayEquals(new int[] {1, 2, 8, 12}, up.shape());
        for (int c = 0; c < 2; c++)
            for (int a = 0; a < 2; a++)
                for (int b = 0; b < 2; b++) assertEquals(x.get(0, 4 * c + 2 * a + b, 3, 1), up.get(0, c, 2 * 3 + a, 2 * 1 + b), 0.0);
    }

    @Test
    void gradientsOfTheWholeNetworkMatchCentralDifferences() {
        UNet2d net = new UNet2d(2, 1, 3, 2, 5);
        Tensor x = Tensor.randn(3, 1, 2, 4, 8);
        GradCheck.assertGradients("U-Net input", v -> net.forward(v[0]), 1e-6, x);
        // all parameters at once along a random direction u: d/dt <r, net_{theta + t u}(x)> = sum_p <dL/dp, u_p>
        Tensor r = Tensor.randn(6, 1, 1, 4, 8);
        net.zeroGrad();
        net.forward(Var.constant(x)).backward(r);
        double viaGrad = 0, h = 1e-6;
        java.util.List<Parameter> ps = net.parameters();
        Tensor[] u = new Tensor[ps.size()];
        for (int i = 0; i < u.length; i++) {
            u[i] = Tensor.randn(100 + i, ps.get(i).shape());
            viaGrad += ps.get(i).grad().dot(u[i]);
        }
        double plus = shifted(net, ps, u, h).dot(r), minus = shifted(net, ps, u, -h).dot(r);
        assertEquals((plus - minus) / (2 * h), viaGrad, 1e-6 * Math.abs(viaGrad));
    }

    private static Tensor shifted(UNet2d net, java.util.List<Parameter> ps, Tensor[] u, double t) {
        for (int i = 0; i < u.length; i++) ps.get(i).value().axpyInPlace(t, u[i]);
        Tensor out = net.predict(Tensor.randn(3, 1, 2, 4, 8));
        for (int i = 0; i < u.length; i++) ps.get(i).value().axpyInPlace(-t, u[i]);
        return out;
    }

    @Test
    void rejectsSizesThatThePoolingCannotHalve() {
        UNet2d net = new UNet2d(2, 1, 2, 2, 1);
        assertThrows(ShapeMismatchException.class, () -> net.forward(Var.constant(Tensor.zeros(1, 2, 6, 8))));
        assertThrows(ShapeMismatchException.class, () -> net.forward(Var.constant(Tensor.zeros(1, 3, 8, 8))));
    }
}
