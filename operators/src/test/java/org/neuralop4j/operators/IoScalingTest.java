package org.neuralop4j.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.core.nn.Model;
import org.neuralop4j.operators.gno.GnoConfig;
import org.neuralop4j.operators.gno.GraphKernelNetwork;
import org.neuralop4j.operators.lno.LnoConfig;
import org.neuralop4j.operators.lno.LowRankNeuralOperator;
import org.neuralop4j.operators.nkn.NknConfig;
import org.neuralop4j.operators.nkn.NonlocalKernelNetwork;

/**
 * The input standardisation and output factor ({@link IoScaling}) of the GNO, LNO and NKN: with the same weights, a
 * scaled network is exactly the unscaled one applied to {@code a / c - s / c} and multiplied by the output factor;
 * the scaling is kept in the configuration JSON and the checkpoint, absent keys mean none, bad values are refused.
 */
class IoScalingTest {
    @TempDir
    Path dir;

    private static final IoScaling SCALING = new IoScaling(7.5, 4.5, 6.5e-3);

    /**
     * A model family: a network for a scaling, an input, and that input with its {@code a} part standardised by hand
     * (the point operators take the coordinates first, which are not standardised).
     */
    private record Family(String name, Function<IoScaling, Model> build, Tensor input, int leading) {
        Tensor standardisedInput(IoScaling s) {
            Tensor t = input.copy();
            double[] d = t.data();
            int f = input.dim(input.rank() - 1);
            for (int i = 0; i < d.length; i++)
                if (leading == 0 || i % f >= leading) d[i] = d[i] * (1 / s.inputScale()) + -s.inputShift() / s.inputScale();
            return t;
        }
    }

    private static List<Family> families() {
        GnoConfig gno = new GnoConfig(2, 1, 1, 3, 4, 2, 0.4, 5, Activation.TANH, 3);
        LnoConfig lno = new LnoConfig(2, 1, 1, 3, 2, 4, 2, 5, Activation.TANH, 5);
        NknConfig nkn = new NknConfig(1, 1, 3, new int[] {3}, 2, 1.0, 4, false, true, 5, Activation.TANH, 11);
        Tensor gnoIn = Tensor.rand(1, 0, 1, 1, 12, 3), lnoIn = Tensor.rand(2, 0, 1, 2, 6, 3); // coordinates in [0, 1)
        gnoIn.data()[2] = 12; // a coefficient-sized value in the a channel
        lnoIn.data()[5] = 3;
        return List.of(
                new Family("gno", s -> new GraphKernelNetwork(gno.withScaling(s)), gnoIn, 2), // one sample: shared points
                new Family("lno", s -> new LowRankNeuralOperator(lno.withScaling(s)), lnoIn, 2),
                new Family("nkn", s -> new NonlocalKernelNetwork(nkn.withScaling(s)), Tensor.randn(3, 2, 1, 8).scaleInPlace(5), 0));
    }

    private static double[] run(Model m, Tensor x) { return m.forward(Var.constant(x)).value().data(); }

    @Test
    void aScaledNetworkIsTheUnscaledOneOnTheStandardisedInputTimesTheFactor() {
        for (Family f : families()) {
            double[] plain = run(f.build().apply(IoScaling.NONE), f.standardisedInput(SCALING));
            double[] scaled = run(f.build().apply(SCALING), f.input());
            double[] expected = new double[plain.length];
            for (int i = 0; i < plain.length; i++) expected[i] = SCALING.outputScale() * plain[i];
            assertArrayEquals(expected, scaled, 0.0, f.name());
            double[] unscaledInput = run(f.build().apply(IoScaling.NONE), f.input());
            assertTrue(Math.abs(unscaledInput[0] - plain[0]) > 1e-9, f.name() + ": the standardisation must change the output");
        }
    }

    @Test
    void checkpointsKeepTheScalingAndOldConfigurationsGetNone() throws IOException {
        for (Family f : families()) {
            Model m = f.build().apply(SCALING);
            String json = ((OperatorModel) m).configJson();
            assertTrue(json.contains("\"input_shift\":7.5") && json.contains("\"input_scale\":4.5") && json.contains("\"output_scale\":0.0065"), json);
            Path file = dir.resolve(f.name() + ".safetensors");
            OperatorModels.save(file, (OperatorModel) m);
            Model back = (Model) OperatorModels.load(file);
            assertArrayEquals(run(m, f.input()), run(back, f.input()), 0.0, f.name());
        }
        String none = ",\"input_shift\":0.0,\"input_scale\":1.0,\"output_scale\":1.0";
        GnoConfig gno = new GnoConfig(2, 1, 1, 3, 4, 2, 0.4, 5, Activation.TANH, 3);
        assertEquals(IoScaling.NONE, GnoConfig.fromJson(gno.toJson().replace(none, "")).scaling());
        assertEquals(SCALING, GnoConfig.fromJson(gno.withScaling(SCALING).toJson()).scaling());
        LnoConfig lno = new LnoConfig(2, 1, 1, 3, 2, 4, 2, 5, Activation.TANH, 5);
        assertEquals(IoScaling.NONE, LnoConfig.fromJson(lno.toJson().replace(none, "")).scaling());
        assertEquals(SCALING, LnoConfig.fromJson(lno.withScaling(SCALING).toJson()).scaling());
        NknConfig nkn = new NknConfig(1, 1, 3, new int[] {3}, 2, 1.0, 4, false, true, 5, Activation.TANH, 11);
        assertEquals(IoScaling.NONE, NknConfig.fromJson(nkn.toJson().replace(none, "")).scaling());
        assertEquals(SCALING, NknConfig.fromJson(nkn.withScaling(SCALING).toJson()).scaling());
        assertEquals(SCALING, nkn.withScaling(SCALING).withLayers(5).scaling(), "deepening keeps the scaling");
    }

    @Test
    void badValuesAreRefused() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> SCALING.withOutputScale(bad)).getMessage().contains("output scale"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> SCALING.withInput(0, bad)).getMessage().contains("input scale"));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SCALING.withInput(Double.NaN, 1)).getMessage().contains("input shift"));
        assertThrows(IllegalArgumentException.class, () -> new GnoConfig(2, 1, 1, 3, 4, 2, 0.4, 5, Activation.TANH, 3).withScaling(null));
    }
}
