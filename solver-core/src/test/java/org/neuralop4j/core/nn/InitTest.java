package org.neuralop4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;

class InitTest {
    static double std(Tensor t) {
        double m = t.mean(), s = 0;
        for (double v : t.data()) s += (v - m) * (v - m);
        return Math.sqrt(s / t.size());
    }

    @Test
    void sameSeedSameBits() {
        assertEquals(Init.xavierUniform(3, 1.0, 20, 30), Init.xavierUniform(3, 1.0, 20, 30));
        assertEquals(Init.kaimingNormal(3, 0.0, 20, 30), Init.kaimingNormal(3, 0.0, 20, 30));
        assertNotEquals(Init.kaimingNormal(3, 0.0, 20, 30), Init.kaimingNormal(4, 0.0, 20, 30));
        assertEquals(new Linear(7, 5, 9).stateDict().toString(), new Linear(7, 5, 9).stateDict().toString());
    }

    @Test
    void fansFollowPyTorch() {
        assertEquals(30, Init.fanIn(20, 30));
        assertEquals(20, Init.fanOut(20, 30));
        assertEquals(3 * 5 * 5, Init.fanIn(8, 3, 5, 5));
        assertEquals(8 * 25, Init.fanOut(8, 3, 5, 5));
    }

    @Test
    void boundsAndSpreads() {
        int out = 200, in = 300;
        Tensor xu = Init.xavierUniform(1, 2.0, out, in);
        double a = 2.0 * Math.sqrt(6.0 / (in + out));
        assertTrue(xu.max() <= a && xu.min() >= -a && xu.max() > 0.99 * a);
        assertEquals(a / Math.sqrt(3), std(xu), 0.01 * a);
        double xnStd = Math.sqrt(2.0 / (in + out));
        assertEquals(xnStd, std(Init.xavierNormal(2, 1.0, out, in)), 0.01 * xnStd);
        double heStd = Math.sqrt(2.0 / in);
        assertEquals(heStd, std(Init.kaimingNormal(3, 0.0, out, in)), 0.01 * heStd);
        double heBound = Math.sqrt(6.0 / in);
        Tensor ku = Init.kaimingUniform(4, 0.0, out, in);
        assertTrue(ku.max() <= heBound && ku.min() >= -heBound && ku.max() > 0.99 * heBound);
        Tensor tw = Init.torchDefaultWeight(Init.rng(5), out, in);
        double tb = 1.0 / Math.sqrt(in);
        assertTrue(tw.max() <= tb && tw.min() >= -tb && tw.max() > 0.99 * tb);
        Tensor bias = new Linear(in, out, 6).bias().value();
        assertTrue(bias.max() <= tb && bias.min() >= -tb);
        Tensor u = Init.uniform(7, 2.0, 3.0, 1000);
        assertTrue(u.min() >= 2.0 && u.max() < 3.0);
    }
}
