package org.neuralop4j.validation.studies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;
import org.neuralop4j.core.autodiff.GradCheck;
import org.neuralop4j.core.nn.Parameter;
import org.neuralop4j.inverse.ComplexArrays;
import org.neuralop4j.inverse.SamplingMask;
import org.neuralop4j.inverse.SubsampledFourier;
import org.neuralop4j.operators.fno.FnoConfig;

class ZeroFilledPostProcessorTest {
    private static SubsampledFourier fourier(int size) {
        return new SubsampledFourier(SamplingMask.variableDensity(new int[] {size, size}, SamplingMask.Spectrum.FOURIER, 0.45, 7));
    }

    private static FnoConfig small() {
        return FnoConfig.builder().inChannels(2).width(6).modes(4, 4).layers(2).projectionWidth(8).build();
    }

    @Test
    void adjointLayerIsReAndImOfTheAdjointAndItsGradientIsTheForwardOperator() {
        int size = 6;
        SubsampledFourier a = fourier(size);
        Tensor y = Tensor.randn(1, 2, 2 * a.rangeSize());
        Tensor x0 = ZeroFilledPostProcessor.adjointLayer(a, size, org.neuralop4j.core.autodiff.Var.constant(y)).value();
        double[] img = new double[2 * size * size];
        a.adjoint(y.select(1).data(), img);
        for (int p = 0; p < size * size; p++) {
            assertEquals(img[2 * p], x0.get(1, 0, p / size, p % size), 1e-14);
            assertEquals(img[2 * p + 1], x0.get(1, 1, p / size, p % size), 1e-14);
        }
        GradCheck.assertGradients("adjoint layer", v -> ZeroFilledPostProcessor.adjointLayer(a, size, v[0]), 1e-8, y);
    }

    @Test
    void composedMapVjpMatchesCentralDifferencesWithAnFno() {
        int size = 12;
        vjpMatchesCentralDifferences(ZeroFilledPostProcessor.fno(fourier(size), size, small(), 3), fourier(size), size);
    }

    @Test
    void composedMapVjpMatchesCentralDifferencesWithAUNet() {
        int size = 8;
        vjpMatchesCentralDifferences(ZeroFilledPostProcessor.uNet(fourier(size), size, 4, 2, 3), fourier(size), size);
    }

    private static void vjpMatchesCentralDifferences(ZeroFilledPostProcessor net, SubsampledFourier a, int size) {
        DifferentiableMap map = net.asDifferentiableMap();
        double[] img = ComplexArrays.fromReal(org.neuralop4j.inverse.Phantoms.randomEllipses(size, 4, 5));
        double[] meas = new double[2 * a.rangeSize()];
        a.apply(img, meas);
        Tensor y = Tensor.of(meas, 1, meas.length);
        Tensor v = Tensor.randn(9, 1, size * size);
        for (long seed = 20; seed < 23; seed++) {
            Tensor u = Tensor.randn(seed, y.shape());
            double h = 1e-5;
            double fd = map.apply(y.copy().axpyInPlace(h, u)).sub(map.apply(y.copy().axpyInPlace(-h, u))).dot(v) / (2 * h);
            double viaVjp = map.vjp(y, v).dot(u);
            assertEquals(fd, viaVjp, 1e-7 * Math.abs(fd) + 1e-10);
        }
        // the input sensitivity leaves the parameters' gradients as they were: none here, and a set one unchanged
        for (Parameter p : net.parameters()) assertNull(p.grad(), p.name());
        Parameter first = net.parameters().get(0);
        Tensor marker = Tensor.randn(10, first.shape());
        first.var().accumulate(marker);
        map.vjp(y, v);
        assertArrayEquals(marker.data(), first.grad().data(), 0.0);
        first.zeroGrad();
        // and the Var forward agrees with the single-sample apply
        assertArrayEquals(map.apply(y).data(), net.apply(meas), 0.0);
    }

    @Test
    void trainingLowersHeldOutErrorAndIsDeterministic() {
        int size = 12;
        SubsampledFourier a = fourier(size);
        Tensor[] train = FourierCoefficientData.ellipseImages(a, size, 40, 1000);
        Tensor[] test = FourierCoefficientData.ellipseImages(a, size, 8, 9000);
        ZeroFilledPostProcessor p = ZeroFilledPostProcessor.fno(a, size, small(), 4);
        ZeroFilledPostProcessor q = ZeroFilledPostProcessor.fno(a, size, small(), 4);
        double before = p.meanSquaredError(test[0], test[1], 3);
        double[] lp = p.train(train[0], train[1], 60, 8, 3e-3, 5);
        double[] lq = q.train(train[0], train[1], 60, 8, 3e-3, 5);
        assertArrayEquals(lp, lq, 0.0);
        double after = p.meanSquaredError(test[0], test[1], 3);
        assertTrue(after < 0.7 * before, before + " -> " + after);
        assertEquals(after, q.meanSquaredError(test[0], test[1], 8), 1e-15);
    }

    @Test
    void rejectsAConfigurationThatDoesNotFitTheAdjointInput() {
        SubsampledFourier a = fourier(8);
        FnoConfig oneChannel = FnoConfig.builder().width(4).modes(2, 2).build();
        assertThrows(IllegalArgumentException.class, () -> ZeroFilledPostProcessor.fno(a, 8, oneChannel, 1));
        assertThrows(IllegalArgumentException.class, () -> ZeroFilledPostProcessor.fno(a, 9, small(), 1));
    }
}
