package org.neuralop4j.operators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleFunction;
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
 * The output scale of the GNO, LNO and NKN: the network's output times a fixed factor (the same weights give exactly
 * that factor times the unscaled output), kept in the configuration JSON and the checkpoint, 1 for files written
 * before it existed, and refused unless positive and finite.
 */
class OutputScaleTest {
    @TempDir
    Path dir;

    private static final double SCALE = 6.5e-3;

    /** A model family: builds a network for a scale, the JSON key check, and an input of the right shape. */
    private record Family<M extends Model & OperatorModel>(String name, DoubleFunction<M> build, Tensor input) {}

    private static List<Family<?>> families() {
        GnoConfig gno = new GnoConfig(2, 1, 1, 3, 4, 2, 0.4, 5, Activation.TANH, 3);
        LnoConfig lno = new LnoConfig(2, 1, 1, 3, 2, 4, 2, 5, Activation.TANH, 5);
        NknConfig nkn = new NknConfig(1, 1, 3, new int[] {3}, 2, 1.0, 4, false, true, 5, Activation.TANH, 11);
        return List.of(
                new Family<>("gno", s -> new GraphKernelNetwork(gno.withOutputScale(s)), Tensor.rand(1, 0, 1, 1, 12, 3)), // one sample: shared points
                new Family<>("lno", s -> new LowRankNeuralOperator(lno.withOutputScale(s)), Tensor.rand(2, 0, 1, 2, 6, 3)),
                new Family<>("nkn", s -> new NonlocalKernelNetwork(nkn.withOutputScale(s)), Tensor.randn(3, 2, 1, 8)));
    }

    @Test
    void theOutputIsTheFactorTimesTheUnscaledOutput() {
        for (Family<?> f : families()) {
            double[] plain = f.build().apply(1.0).forward(Var.constant(f.input())).value().data();
            double[] scaled = f.build().apply(SCALE).forward(Var.constant(f.input())).value().data();
            double[] expected = new double[plain.length];
            for (int i = 0; i < plain.length; i++) expected[i] = SCALE * plain[i];
            assertArrayEquals(expected, scaled, 0.0, f.name());
            assertTrue(plain[0] != 0, f.name() + ": a zero output would not test the factor");
        }
    }

    @Test
    void checkpointsKeepTheScaleAndOldConfigurationsGetFactorOne() throws IOException {
        for (Family<?> f : families()) {
            OperatorModel m = f.build().apply(SCALE);
            assertTrue(m.configJson().contains("\"output_scale\":" + SCALE), m.configJson());
            Path file = dir.resolve(f.name() + ".safetensors");
            OperatorModels.save(file, m);
            Model back = (Model) OperatorModels.load(file);
            assertArrayEquals(((Model) m).forward(Var.constant(f.input())).value().data(),
                    back.forward(Var.constant(f.input())).value().data(), 0.0, f.name());
        }
        GnoConfig gno = new GnoConfig(2, 1, 1, 3, 4, 2, 0.4, 5, Activation.TANH, 3);
        assertEquals(1.0, GnoConfig.fromJson(gno.toJson().replace(",\"output_scale\":1.0", "")).outputScale());
        assertEquals(SCALE, GnoConfig.fromJson(gno.withOutputScale(SCALE).toJson()).outputScale());
        LnoConfig lno = new LnoConfig(2, 1, 1, 3, 2, 4, 2, 5, Activation.TANH, 5);
        assertEquals(1.0, LnoConfig.fromJson(lno.toJson().replace(",\"output_scale\":1.0", "")).outputScale());
        assertEquals(SCALE, LnoConfig.fromJson(lno.withOutputScale(SCALE).toJson()).outputScale());
        NknConfig nkn = new NknConfig(1, 1, 3, new int[] {3}, 2, 1.0, 4, false, true, 5, Activation.TANH, 11);
        assertEquals(1.0, NknConfig.fromJson(nkn.toJson().replace(",\"output_scale\":1.0", "")).outputScale());
        assertEquals(SCALE, NknConfig.fromJson(nkn.withOutputScale(SCALE).toJson()).outputScale());
        assertEquals(SCALE, nkn.withOutputScale(SCALE).withLayers(5).outputScale(), "deepening keeps the scale");
    }

    @Test
    void scalesThatAreNotPositiveAndFiniteAreRefused() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            for (Family<?> f : families()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.build().apply(bad), f.name() + " " + bad);
                assertTrue(e.getMessage().contains("output scale"), e.getMessage());
            }
        }
    }
}
