package org.neuralop4j.operators.deeponet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.core.nn.ActivationHook;
import org.neuralop4j.core.nn.ActivationRecorder;

class DeepONetActivationHookTest {
    /** branch [5, 4, 6], trunk [2, 3, 6], tanh, every parameter (biases too) random so no term is trivially zero. */
    private static DeepONet net(int features) {
        DeepONet net = new DeepONet(new DeepONetConfig(new int[] {5, 4, 6}, new int[] {2, 3, 6}, Activation.TANH, 1, features, 7));
        LinkedHashMap<String, Tensor> state = net.stateDict();
        long seed = 100;
        for (Map.Entry<String, Tensor> e : state.entrySet()) e.setValue(Tensor.randn(seed++, e.getValue().shape()));
        net.loadStateDict(state);
        return net;
    }

    @Test
    void sitesAreEveryBranchThenEveryTrunkLayerInOrderAndHoldTheDocumentedValues() {
        DeepONet net = net(0);
        Map<String, Tensor> w = net.stateDict();
        Tensor v = Tensor.randn(1, 3, 5), x = Tensor.randn(2, 4, 2);
        ActivationRecorder r = new ActivationRecorder();
        Tensor out = net.predict(v, x, r);
        assertEquals(List.of("branch.0", "branch.1", "trunk.0", "trunk.1"), net.activationSites());
        assertEquals(net.activationSites(), r.order());
        Tensor b0 = tanh(linear(w, "branch.0", v)), b1 = linear(w, "branch.1", b0);
        Tensor t0 = tanh(linear(w, "trunk.0", x)), t1 = tanh(linear(w, "trunk.1", t0));
        assertArrayEquals(b0.data(), r.at("branch.0").data(), 1e-14);
        assertArrayEquals(b1.data(), r.at("branch.1").data(), 1e-14);
        assertArrayEquals(t0.data(), r.at("trunk.0").data(), 1e-14);
        assertArrayEquals(t1.data(), r.at("trunk.1").data(), 1e-14);
        // the last branch and trunk sites are the operands of the contraction: out = B T^T + b0
        double bias = w.get("bias").data()[0];
        for (int n = 0; n < 3; n++)
            for (int j = 0; j < 4; j++) {
                double s = bias;
                for (int k = 0; k < 6; k++) s += b1.get(n, k) * t1.get(j, k);
                assertEquals(s, out.get(n, j), 1e-13);
            }
    }

    @Test
    void identityHookGivesBitIdenticalOutputAndTheHooksResultIsWhatContinues() {
        for (int features : new int[] {0, 2}) {
            DeepONet net = net(features);
            Tensor v = Tensor.randn(3, 5, 5), x = Tensor.randn(4, 7, 2);
            Tensor plain = net.predict(v, x);
            assertArrayEquals(plain.data(), net.predict(v, x, (site, a) -> a).data(), 0);
            assertArrayEquals(plain.data(), net.predict(v, x, (site, a) -> a.copy()).data(), 0);
            // zeroing T leaves only the output bias
            Tensor zeroed = net.predict(v, x, (site, a) -> site.equals("trunk.1") ? Tensor.zerosLike(a) : a);
            double bias = net.outputBias().value().data()[0];
            for (double z : zeroed.data()) assertEquals(bias, z, 0);
        }
        assertThrows(IllegalArgumentException.class, () -> net(0).predict(Tensor.randn(1, 2, 5), Tensor.randn(2, 3, 2), null));
    }

    /** {@code h W^T + b} for the Linear named {@code prefix} ({@code weight (out, in)}). */
    private static Tensor linear(Map<String, Tensor> w, String prefix, Tensor h) {
        Tensor weight = w.get(prefix + ".weight"), bias = w.get(prefix + ".bias");
        int rows = h.dim(0), in = h.dim(1), out = weight.dim(0);
        double[] r = new double[rows * out];
        for (int i = 0; i < rows; i++)
            for (int o = 0; o < out; o++) {
                double s = bias.data()[o];
                for (int k = 0; k < in; k++) s += h.data()[i * in + k] * weight.data()[o * in + k];
                r[i * out + o] = s;
            }
        return Tensor.wrap(r, rows, out);
    }

    private static Tensor tanh(Tensor t) {
        double[] d = t.data().clone();
        for (int i = 0; i < d.length; i++) d[i] = Math.tanh(d[i]);
        return Tensor.wrap(d, t.shape());
    }
}
