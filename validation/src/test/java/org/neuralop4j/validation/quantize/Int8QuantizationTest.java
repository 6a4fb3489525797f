package org.neuralop4j.validation.quantize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradMode;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.core.nn.MLP;

class Int8QuantizationTest {
    @Test
    void perChannelScalesAreChannelMaxOver127AndRoundTripErrorIsAtMostHalfAScale() {
        // (3 channels along axis 1) with very different magnitudes per channel
        Tensor w = Tensor.randn(1, 4, 3, 5);
        double[] d = w.data();
        for (int i = 0; i < d.length; i++) d[i] *= Math.pow(10, (i / 5) % 3 - 1); // channel c scaled by 10^(c-1)
        Int8Tensor q = Int8Tensor.perChannel(w, 1);
        double[] scales = q.scales();
        assertEquals(3, scales.length);
        double[] absMax = new double[3];
        for (int i = 0; i < d.length; i++) absMax[(i / 5) % 3] = Math.max(absMax[(i / 5) % 3], Math.abs(d[i]));
        for (int c = 0; c < 3; c++) assertEquals(absMax[c] / 127, scales[c], 1e-15 * absMax[c]);
        Tensor back = q.dequantize();
        for (int i = 0; i < d.length; i++) {
            double s = scales[(i / 5) % 3];
            assertTrue(Math.abs(back.data()[i] - d[i]) <= s / 2 * (1 + 1e-12), "entry " + i);
        }
        // the largest entry of each channel is represented exactly by the code +-127
        byte[] codes = q.codes();
        int[] maxCode = new int[3];
        for (int i = 0; i < codes.length; i++) maxCode[(i / 5) % 3] = Math.max(maxCode[(i / 5) % 3], Math.abs(codes[i]));
        assertArrayEquals(new int[] {127, 127, 127}, maxCode);
        // quantizing the dequantized tensor changes nothing (the grid is reproduced)
        assertArrayEquals(back.data(), Int8Tensor.perChannel(back, 1).dequantize().data(), 1e-15);
    }

    @Test
    void perChannelBeatsPerTensorWhenChannelsDifferInScaleAndZeroChannelsStayZero() {
        Tensor w = Tensor.randn(2, 2, 50);
        for (int i = 50; i < 100; i++) w.data()[i] *= 1e-3;
        // on the small channel the per-tensor grid (set by the large channel) is 1000x coarser
        double perChannel = Int8Tensor.perChannel(w, 0).dequantize().sub(w).select(1).norm();
        double perTensor = Int8Tensor.perTensor(w).dequantize().sub(w).select(1).norm();
        assertTrue(perChannel < 0.01 * perTensor, perChannel + " vs " + perTensor);
        assertEquals(1, Int8Tensor.perTensor(w).scales().length);
        Tensor z = Tensor.zeros(2, 3);
        z.data()[0] = 1;
        Int8Tensor qz = Int8Tensor.perChannel(z, 0);
        assertEquals(0, qz.scales()[1]);
        assertArrayEquals(z.data(), qz.dequantize().data(), 0);
        assertThrows(IllegalArgumentException.class, () -> Int8Tensor.perChannel(z, 2));
        z.data()[1] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> Int8Tensor.perChannel(z, 0));
    }

    @Test
    void activationFakeQuantizationRoundsWithinHalfAStepAndClipsOutsideTheCalibratedRange() {
        Tensor calib = Tensor.randn(3, 200);
        double s = Int8Quantization.calibrateScale(calib);
        double a = 0;
        for (double v : calib.data()) a = Math.max(a, Math.abs(v));
        assertEquals(a / 127, s, 1e-15);
        Tensor x = Tensor.randn(4, 100);
        Tensor q = Int8Quantization.fakeQuantize(x, s);
        for (int i = 0; i < x.size(); i++) {
            double v = x.data()[i];
            if (Math.abs(v) <= 127 * s) assertTrue(Math.abs(q.data()[i] - v) <= s / 2 * (1 + 1e-12));
            else assertEquals(Math.copySign(127 * s, v), q.data()[i], 1e-15);
        }
        assertThrows(IllegalArgumentException.class, () -> Int8Quantization.calibrateScale(Tensor.zeros(3)));
    }

    @Test
    @SuppressWarnings("try")
    void quantizedMlpWeightsAreOnTheirGridsBiasesUntouchedOutputCloseAndRestorable() {
        MLP mlp = new MLP(new int[] {8, 32, 32, 4}, Activation.GELU, false, 7);
        Map<String, Tensor> before = mlp.stateDict();
        Tensor x = Tensor.randn(11, 16, 8);
        Tensor y0, y1;
        try (GradMode.Scope g = GradMode.noGrad()) {
            y0 = mlp.forward(Var.constant(x)).value();
        }
        Map<String, Tensor> original = Int8Quantization.quantizeWeights(mlp);
        Map<String, Tensor> after = mlp.stateDict();
        for (Map.Entry<String, Tensor> e : before.entrySet()) {
            Tensor b = e.getValue(), q = after.get(e.getKey());
            if (b.rank() < 2) assertArrayEquals(b.data(), q.data(), 0, e.getKey());
            else {
                Int8Tensor it = Int8Tensor.perChannel(b, 0);
                assertArrayEquals(it.dequantize().data(), q.data(), 0, e.getKey());
                assertTrue(q.sub(b).norm() > 0, e.getKey() + " unchanged");
            }
        }
        try (GradMode.Scope g = GradMode.noGrad()) {
            y1 = mlp.forward(Var.constant(x)).value();
        }
        double rel = y1.sub(y0).norm() / y0.norm();
        assertTrue(rel > 1e-6 && rel < 2e-2, "relative output change " + rel);
        mlp.loadStateDict(original);
        for (Map.Entry<String, Tensor> e : before.entrySet()) assertArrayEquals(e.getValue().data(), mlp.stateDict().get(e.getKey()).data(), 0);
    }
}
