package org.neuralop4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.Parameter;

/**
 * Optimizers against trajectories from src/test/python/optimizer_reference.py (PyTorch's update rules written out
 * in plain Python) on f(p) = sum a_j (p_j - c_j)^2, a = (1, 4), c = (1, -2), p0 = 0.
 */
class OptimizerTest {
    static final Tensor A = Tensor.vector(1, 4), C = Tensor.vector(1, -2);

    /** Sets the gradient of f at the current p by back-propagation through ops. */
    static void computeGradient(Parameter p) {
        p.zeroGrad();
        Var d = Ops.sub(p.var(), Var.constant(C));
        Ops.sum(Ops.mul(Ops.mul(d, d), Var.constant(A))).backward();
    }

    static double[][] run(Function<List<Parameter>, Optimizer> make, int steps) {
        Parameter p = new Parameter("p", Tensor.zeros(2));
        Optimizer opt = make.apply(List.of(p));
        double[][] out = new double[steps][];
        for (int s = 0; s < steps; s++) {
            computeGradient(p);
            opt.step();
            out[s] = p.value().data().clone();
        }
        return out;
    }

    static void assertTrajectory(double[][] expected, double[][] actual) {
        for (int s = 0; s < expected.length; s++) assertArrayEquals(expected[s], actual[s], 1e-15, "step " + (s + 1));
    }

    @Test
    void adamHandComputedTwoSteps() {
        // step 1: g = (-2, 16); m = 0.1 g; v = 0.001 g^2; mhat = g, sqrt(vhat) = |g| -> p = -lr g/(|g| + eps)
        // step 2 computed by hand from the same formulas
        double lr = 0.1, eps = 1e-8;
        double[][] traj = run(ps -> new Adam(ps, lr), 2);
        assertEquals(lr * 2 / (2 + eps), traj[0][0], 1e-16);
        assertEquals(-lr * 16 / (16 + eps), traj[0][1], 1e-16);
        double p = traj[0][0], g1 = -2, g2 = 2 * (p - 1);
        double m = 0.1 * g1, v = 0.001 * g1 * g1;
        m = m + 0.1 * (g2 - m);
        v = 0.999 * v + 0.001 * g2 * g2;
        double expected = p - lr / (1 - 0.81) * m / (Math.sqrt(v) / Math.sqrt(1 - 0.999 * 0.999) + eps);
        assertEquals(expected, traj[1][0], 1e-16);
        assertEquals(0.19958777130820715, traj[1][0], 1e-16);
    }

    @Test
    void trajectoriesMatchReference() {
        assertTrajectory(new double[][] {
            {0.0999999995, -0.0999999999375},
            {0.19958777130820715, -0.19983351426334262},
            {0.29841372705396974, -0.2993766085277713},
            {0.3960609394262539, -0.398495105483163},
            {0.49203634073565794, -0.4970442196784683}}, run(ps -> new Adam(ps, 0.1), 5));
        assertTrajectory(new double[][] {
            {0.0999999995, -0.0999999999375},
            {0.19955841550610381, -0.19983095389895145},
            {0.29829573426289063, -0.2993668241801843},
            {0.39575490352965687, -0.39847099657417423},
            {0.49139063534921573, -0.4969958874205721}}, run(ps -> new Adam(ps, 0.1, 0.9, 0.999, 1e-8, 0.1), 5));
        assertTrajectory(new double[][] {
            {0.0999999995, -0.0999999999375},
            {0.19858777131320715, -0.19883351426396761},
            {0.29543634720848844, -0.2963911408130306},
            {0.3901644960760892, -0.3925569854319895},
            {0.48233195073318913, -0.4872088064997694}}, run(ps -> new AdamW(ps, 0.1, 0.9, 0.999, 1e-8, 0.1), 5));
        assertTrajectory(new double[][] {
            {0.19, -1.52},
            {0.42490000000000006, -2.5328},
            {0.672679, -2.8665920000000003},
            {0.90611209, -2.7002028800000004},
            {1.1045816839, -2.3302716032}}, run(ps -> new SGD(ps, 0.05, 0.9, 0, 0, true), 5));
        assertTrajectory(new double[][] {
            {0.1, -0.8},
            {0.27095500000000006, -1.9516400000000003},
            {0.49030662025000005, -3.004647362},
            {0.7333748446733876, -3.5893288461671},
            {0.9758024919537285, -3.541768599316559}}, run(ps -> new SGD(ps, 0.05, 0.9, 0.1, 0.01, false), 5));
    }

    @Test
    void everyOptimizerMinimisesAQuadratic() {
        List<Function<List<Parameter>, Optimizer>> makers = List.of(
                ps -> new SGD(ps, 0.05), ps -> new SGD(ps, 0.02, 0.9, 0, 0, false), ps -> new SGD(ps, 0.02, 0.9, 0, 0, true),
                ps -> new Adam(ps, 0.05), ps -> new AdamW(ps, 0.05, 0.9, 0.999, 1e-8, 1e-4));
        for (Function<List<Parameter>, Optimizer> make : makers) {
            double[][] traj = run(make, 1000);
            double[] p = traj[traj.length - 1];
            assertEquals(1.0, p[0], 1e-2);
            assertEquals(-2.0, p[1], 1e-2);
        }
    }

    @Test
    void decoupledVersusL2WeightDecay() {
        Parameter p = new Parameter("p", Tensor.vector(2.0, -4.0));
        AdamW w = new AdamW(List.of(p), 0.1, 0.9, 0.999, 1e-8, 0.5);
        p.var().accumulate(Tensor.zeros(2)); // zero gradient: only the decay acts
        w.step();
        assertArrayEquals(new double[] {2.0 * 0.95, -4.0 * 0.95}, p.value().data(), 1e-15);
        Parameter q = new Parameter("q", Tensor.vector(2.0, -4.0));
        Adam a = new Adam(List.of(q), 0.1, 0.9, 0.999, 1e-8, 0.5);
        q.var().accumulate(Tensor.zeros(2)); // L2 gradient 0.5 q: the first Adam step moves by lr * sign
        a.step();
        assertArrayEquals(new double[] {1.9, -3.9}, q.value().data(), 1e-8);
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        Parameter p = new Parameter("p", Tensor.vector(1.0));
        Adam a = new Adam(List.of(p), 0.1);
        a.step();
        assertEquals(1.0, p.value().item(), 0.0);
        assertEquals(0.0, a.stateDict().get("param.0.step").item(), 0.0);
    }

    @Test
    void stateDictResumeIsExact() {
        for (boolean adam : new boolean[] {true, false}) {
            Function<List<Parameter>, Optimizer> make = ps -> adam ? new AdamW(ps, 0.05) : new SGD(ps, 0.02, 0.9, 0, 0, true);
            double[][] full = run(make, 6);
            Parameter p = new Parameter("p", Tensor.zeros(2));
            Optimizer first = make.apply(List.of(p));
            for (int s = 0; s < 3; s++) {
                computeGradient(p);
                first.step();
            }
            Map<String, Tensor> saved = first.stateDict();
            Parameter q = new Parameter("q", p.value().copy());
            Optimizer second = make.apply(List.of(q));
            second.loadStateDict(saved);
            for (int s = 3; s < 6; s++) {
                computeGradient(q);
                second.step();
                assertArrayEquals(full[s], q.value().data(), 0.0);
            }
        }
        Parameter p = new Parameter("p", Tensor.zeros(2));
        Adam a = new Adam(List.of(p), 0.1);
        computeGradient(p);
        a.step();
        Map<String, Tensor> st = new java.util.LinkedHashMap<>(a.stateDict());
        st.put("param.0.exp_avg", Tensor.zeros(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), 0.1).loadStateDict(st));
        assertTrue(e.getMessage().contains("param.0.exp_avg"), e.getMessage());
        st.remove("param.0.exp_avg");
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), 0.1).loadStateDict(st));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void clipGlobalNorm() {
        Parameter a = new Parameter("a", Tensor.zeros(2)), b = new Parameter("b", Tensor.zeros(1)), c = new Parameter("c", Tensor.zeros(1));
        a.var().accumulate(Tensor.vector(3, 0));
        b.var().accumulate(Tensor.vector(4));
        assertEquals(5.0, GradClip.clipGlobalNorm(List.of(a, b, c), 1.0), 1e-15);
        assertArrayEquals(new double[] {3 / (5 + 1e-6), 0}, a.grad().data(), 1e-15);
        assertArrayEquals(new double[] {4 / (5 + 1e-6)}, b.grad().data(), 1e-15);
        assertNull(c.grad());
        assertEquals(1.0, GradClip.clipGlobalNorm(List.of(a, b, c), 10.0), 1e-6);
        assertArrayEquals(new double[] {4 / (5 + 1e-6)}, b.grad().data(), 0.0); // under the limit: untouched
    }

    @Test
    void schedules() {
        LrSchedule step = LrSchedule.step(3, 0.5);
        assertEquals(1.0, step.lr(1.0, 2), 0.0);
        assertEquals(0.5, step.lr(1.0, 3), 0.0);
        assertEquals(0.25, step.lr(1.0, 7), 0.0);
        LrSchedule cos = LrSchedule.cosine(10, 0.1);
        assertEquals(1.0, cos.lr(1.0, 0), 1e-15);
        assertEquals(0.55, cos.lr(1.0, 5), 1e-15);
        assertEquals(0.1, cos.lr(1.0, 10), 1e-15);
        assertEquals(0.1, cos.lr(1.0, 15), 1e-15);
        assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI * 0.3)) / 2, cos.lr(1.0, 3), 1e-15);
        assertEquals(0.7, LrSchedule.constant().lr(0.7, 100), 0.0);
    }

    @Test
    void adamStepDoesNotAllocate() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Parameter p = new Parameter("p", Tensor.randn(1, 100_000));
        Parameter q = new Parameter("q", Tensor.randn(2, 300, 300));
        p.var().accumulate(Tensor.randn(3, 100_000));
        q.var().accumulate(Tensor.randn(4, 300, 300));
        Adam adam = new Adam(List.of(p, q), 1e-3);
        for (int i = 0; i < 20; i++) adam.step(); // warm up (the first step allocates the moments)
        long tid = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10; i++) adam.step();
        long allocated = bean.getThreadAllocatedBytes(tid) - before;
        // 10 steps over 190k parameters: a per-element allocation would be > 10 MB
        assertTrue(allocated < 4096, "Adam.step allocated " + allocated + " bytes in 10 steps");
    }
}
