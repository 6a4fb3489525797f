package org.neuralop4j.operators.fno;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.nn.ActivationHook;
import org.neuralop4j.core.nn.ActivationRecorder;
import org.neuralop4j.core.train.UnitGaussianNormalizer;

class FnoActivationHookTest {
    /** tanh, 2 layers, width 3, projection width 4, padding 0.2: on 8 x 6 inputs the Fourier layers run on 10 x 7. */
    private static Fno tiny(long seed) {
        return new Fno(FnoConfig.builder().inChannels(1).outChannels(2).width(3).modes(2, 3).layers(2).projectionWidth(4).padding(0.2)
                .activation(FnoConfig.Activation.TANH).build(), seed);
    }

    @Test
    void sitesAreCalledOnceEachInTheDocumentedOrderWithTheDocumentedShapes() {
        Fno m = tiny(3);
        ActivationRecorder r = new ActivationRecorder();
        m.predict(Tensor.randn(5, 2, 1, 8, 6), r);
        assertEquals(List.of("lift", "fourier0", "fourier1", "projection"), m.activationSites());
        assertEquals(m.activationSites(), r.order());
        assertArrayEquals(new int[] {2, 3, 8, 6}, r.at("lift").shape());
        assertArrayEquals(new int[] {2, 3, 10, 7}, r.at("fourier0").shape());
        assertArrayEquals(new int[] {2, 3, 10, 7}, r.at("fourier1").shape());
        assertArrayEquals(new int[] {2, 4, 8, 6}, r.at("projection").shape());
    }

    @Test
    void recordedActivationsAreTheDocumentedIntermediates() {
        Fno m = tiny(4);
        Map<String, Tensor> w = m.stateDict();
        Tensor x = Tensor.randn(6, 2, 1, 8, 6);
        ActivationRecorder r = new ActivationRecorder();
        Tensor out = m.predict(x, r);
        // lift = fc0 [x, grid]
        Tensor lifted = channelLinear(w.get("fc0.weight"), w.get("fc0.bias"), Tensor.concat(1, x, Fno.grid(2, new int[] {8, 6})));
        assertArrayEquals(lifted.data(), r.at("lift").data(), 1e-13);
        // projection = tanh(fc1 crop(fourier1)), output = fc2 projection
        Tensor cropped = r.at("fourier1").slice(2, 0, 8).slice(3, 0, 6);
        Tensor projection = channelLinear(w.get("fc1.weight"), w.get("fc1.bias"), cropped);
        for (int i = 0; i < projection.size(); i++) projection.data()[i] = Math.tanh(projection.data()[i]);
        assertArrayEquals(projection.data(), r.at("projection").data(), 1e-13);
        assertArrayEquals(channelLinear(w.get("fc2.weight"), w.get("fc2.bias"), r.at("projection")).data(), out.data(), 1e-13);
    }

    @Test
    void identityHookGivesBitIdenticalOutputAndTheHooksResultIsWhatContinues() {
        Fno m = tiny(5).setNormalizers(null, UnitGaussianNormalizer.fromStateDict(
                Map.of("mean", Tensor.full(0.5, 1, 2, 1, 1), "std", Tensor.full(2.0, 1, 2, 1, 1), "eps", Tensor.scalar(0))));
        Tensor x = Tensor.randn(7, 3, 1, 8, 6);
        Tensor before = x.copy();
        Tensor plain = m.predict(x);
        assertArrayEquals(plain.data(), m.predict(x, (site, a) -> a).data(), 0);
        assertArrayEquals(plain.data(), m.predict(x, (site, a) -> a.copy()).data(), 0);
        assertArrayEquals(before.data(), x.data(), 0);
        // zeroing the projection's hidden layer leaves fc2's bias, decoded: out[b, o, ...] = bias[o] * std + mean
        Tensor zeroed = m.predict(x, (site, a) -> site.equals("projection") ? Tensor.zerosLike(a) : a);
        double[] bias = m.stateDict().get("fc2.bias").data();
        for (int b = 0; b < 3; b++)
            for (int o = 0; o < 2; o++)
                for (int p = 0; p < 48; p++)
                    assertEquals(bias[o] * 2.0 + 0.5, zeroed.data()[(b * 2 + o) * 48 + p], 1e-14);
        assertThrows(IllegalArgumentException.class, () -> m.predict(x, null));
        assertTrue(m.vjp(x.slice(0, 1), Tensor.randn(8, 1, 2, 8, 6)).norm() > 0, "plain graph path still differentiable");
    }

    /** {@code out[b, o, p] = sum_k W[o, k] in[b, k, p] + bias[o]} */
    private static Tensor channelLinear(Tensor weight, Tensor bias, Tensor in) {
        int[] s = in.shape();
        int batch = s[0], cin = s[1], cout = weight.dim(0), points = in.size() / (batch * cin);
        double[] out = new double[batch * cout * points], wd = weight.data(), bd = bias.data(), id = in.data();
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < cout; o++)
                for (int p = 0; p < points; p++) {
                    double acc = bd[o];
                    for (int k = 0; k < cin; k++) acc += wd[o * cin + k] * id[(b * cin + k) * points + p];
                    out[(b * cout + o) * points + p] = acc;
                }
        int[] os = s.clone();
        os[1] = cout;
        return Tensor.wrap(out, os);
    }
}
