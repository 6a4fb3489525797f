package org.neuralop4j.validation.studies;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.PublicData;
import org.neuralop4j.core.data.Split;
import org.neuralop4j.core.autodiff.DifferentiableMap;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.data.Metrics;
import org.neuralop4j.operators.deeponet.DeepONet;
import org.neuralop4j.operators.deeponet.DeepONetConfig;
import org.neuralop4j.operators.deeponet.DeepONetTraining;
import org.neuralop4j.operators.fno.Fno;
import org.neuralop4j.operators.fno.FnoExperiments;
import org.neuralop4j.operators.fno.FnoTraining;
import org.neuralop4j.validation.quantize.Int8Quantization;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.ExperimentContext;
import org.neuralop4j.validation.report.ExperimentResult;
import org.neuralop4j.validation.report.MetricRow;
import org.neuralop4j.validation.report.RunMode;
import org.neuralop4j.validation.stability.LocalLipschitz;

/**
 * Stability of a trained FNO under post-training int8 quantization ({@link Int8Quantization}: per-channel
 * symmetric weights; per-tensor input and output activations calibrated on the training inputs and the model's
 * training predictions). The FNO is the Darcy16 model of {@link FnoExperiments} (width 24, modes 8, 4 layers,
 * 30 epochs on the 1000 public 16 x 16 Darcy samples). Reported next to each other: the test relative L2 error in
 * float64 and quantized, the relative change of the outputs, and the model's local Lipschitz estimate (power
 * iteration on {@code J^T J} at a test input, in the model's raw units) with the output change it predicts for the
 * measured input quantization error. The same for DeepXDE's antiderivative DeepONet (public data, 2000 Adam
 * steps), with the Lipschitz estimate of the map from sensor values to outputs. Full mode only (the FNO training
 * takes minutes on 2 cores).
 */
public final class QuantizationStabilityExperiment implements Experiment {
    @Override
    public String name() { return "quantization-int8"; }

    @Override
    public String description() {
        return "FNO (Darcy16) and DeepONet (antiderivative) under post-training int8 quantization: test error float vs int8 "
                + "weights (+ int8 input/output), output change, local Lipschitz estimate.";
    }

    @Override
    public Set<RunMode> modes() { return EnumSet.of(RunMode.FULL); }

    @Override
    public ExperimentResult run(ExperimentContext ctx) throws Exception {
        ExperimentResult.Builder out = ExperimentResult.builder(name(), description());
        LabeledData train = PublicData.darcy16(Split.TRAIN), test = PublicData.darcy16(Split.TEST);
        ctx.progress("training the Darcy16 FNO (" + FnoExperiments.darcy16Options(ctx.seed()).epochs() + " epochs)");
        FnoTraining.Result r = FnoTraining.train(FnoExperiments.darcy16Config(), train, test, FnoExperiments.darcy16Options(ctx.seed()));
        Fno fno = r.model();
        int batch = 50;
        Tensor floatTest = FnoTraining.predict(fno, test.inputs(), batch);
        Tensor floatTrain = FnoTraining.predict(fno, train.inputs(), batch);
        double errFloat = Metrics.relativeL2(floatTest, test.targets());

        ctx.progress("local Lipschitz estimate");
        Tensor x0 = test.inputs().slice(0, 1);
        double lip = LocalLipschitz.jacobianNorm(fno, x0, 20, 1e-4 * x0.norm() / Math.sqrt(x0.size()), ctx.seed() + 5).estimate();

        ctx.progress("int8 weights");
        Map<String, Tensor> original = Int8Quantization.quantizeWeights(fno);
        Tensor qTest = FnoTraining.predict(fno, test.inputs(), batch);
        double errWeights = Metrics.relativeL2(qTest, test.targets());
        double changeWeights = qTest.sub(floatTest).norm() / floatTest.norm();

        ctx.progress("int8 weights, input and output");
        double inScale = Int8Quantization.calibrateScale(train.inputs());
        double outScale = Int8Quantization.calibrateScale(floatTrain);
        Tensor qIn = Int8Quantization.fakeQuantize(test.inputs(), inScale);
        Tensor qAll = Int8Quantization.fakeQuantize(FnoTraining.predict(fno, qIn, batch), outScale);
        double errAll = Metrics.relativeL2(qAll, test.targets());
        double changeAll = qAll.sub(floatTest).norm() / floatTest.norm();
        fno.loadStateDict(original);

        // what the Lipschitz estimate predicts for the input rounding alone, at the test input x0
        Tensor dx = Int8Quantization.fakeQuantize(x0, inScale).sub(x0);
        double fx0 = fno.apply(x0).norm();
        double predicted = lip * dx.norm() / fx0;
        // the same for a generic off-grid input: every entry off by at most half a step, ||dx|| <= (s/2) sqrt(size)
        double predictedOffGrid = lip * 0.5 * inScale * Math.sqrt(x0.size()) / fx0;

        out.row(MetricRow.of("FNO test relative L2, float64", errFloat));
        out.row(MetricRow.of("FNO test relative L2, int8 weights", errWeights));
        out.row(MetricRow.of("FNO test relative L2, int8 weights + input/output", errAll));
        out.row(MetricRow.of("FNO relative output change, int8 weights", changeWeights));
        out.row(MetricRow.of("FNO relative output change, int8 weights + input/output", changeAll));
        out.row(MetricRow.of("FNO local Lipschitz estimate ||J(x0)|| (raw units)", lip));
        out.row(MetricRow.of("FNO input rounding: ||dx|| / ||x0||", dx.norm() / x0.norm()));
        out.row(MetricRow.of("FNO Lipschitz-predicted relative output change from input rounding at x0", predicted));
        out.row(MetricRow.of("FNO Lipschitz-predicted relative output change for an off-grid input (half a step per entry)", predictedOffGrid));
        out.row(MetricRow.of("FNO training seconds", r.seconds()));
        deepOnet(ctx, out);
        out.note("Fake quantization in float64: weights rounded per output channel to 127 levels, biases float; input and "
                + "output rounded per tensor with scales from the training set. Internal activations are not quantized. "
                + "The test errors are reported, not bounded: the question is whether a model degrades gracefully, which "
                + "the output changes answer next to the Lipschitz-predicted change from rounding the input.");
        return out.build();
    }

    /** The same study for DeepXDE's antiderivative DeepONet (branch [100, 40, 40], trunk [1, 40, 40], ReLU). */
    private static void deepOnet(ExperimentContext ctx, ExperimentResult.Builder out) throws java.io.IOException {
        LabeledData train = PublicData.antiderivative(Split.TRAIN), test = PublicData.antiderivative(Split.TEST);
        DeepONet net = new DeepONet(DeepONetConfig.deepXdeAntiderivative(train.inputs().dim(1), ctx.seed() + 1));
        ctx.progress("training the antiderivative DeepONet (" + DEEPONET_ITERATIONS + " Adam steps)");
        DeepONetTraining.Result r = DeepONetTraining.trainAndEvaluate(net, train, test, DEEPONET_ITERATIONS, 1e-3, null);
        Tensor x = queryPoints(train), xt = queryPoints(test);
        Tensor floatTest = net.predict(test.inputs(), xt), floatTrain = net.predict(train.inputs(), x);
        double errFloat = Metrics.relativeL2(floatTest, test.targets());
        Tensor v0 = test.inputs().slice(0, 1);
        DifferentiableMap map = DifferentiableMap.of(v -> net.cartesian(v, Var.constant(xt)));
        double lip = LocalLipschitz.jacobianNorm(map, v0, 20, 1e-4 * v0.norm() / Math.sqrt(v0.size()), ctx.seed() + 6).estimate();

        Map<String, Tensor> original = Int8Quantization.quantizeWeights(net);
        Tensor qTest = net.predict(test.inputs(), xt);
        double inScale = Int8Quantization.calibrateScale(train.inputs());
        double outScale = Int8Quantization.calibrateScale(floatTrain);
        Tensor qAll = Int8Quantization.fakeQuantize(net.predict(Int8Quantization.fakeQuantize(test.inputs(), inScale), xt), outScale);
        net.loadStateDict(original);
        double errWeights = Metrics.relativeL2(qTest, test.targets()), errAll = Metrics.relativeL2(qAll, test.targets());
        Tensor dv = Int8Quantization.fakeQuantize(v0, inScale).sub(v0);
        double fv0 = map.apply(v0).norm();

        out.row(MetricRow.of("DeepONet test relative L2, float64", errFloat));
        out.row(MetricRow.of("DeepONet test relative L2, int8 weights", errWeights));
        out.row(MetricRow.of("DeepONet test relative L2, int8 weights + input/output", errAll));
        out.row(MetricRow.of("DeepONet relative output change, int8 weights", qTest.sub(floatTest).norm() / floatTest.norm()));
        out.row(MetricRow.of("DeepONet relative output change, int8 weights + input/output", qAll.sub(floatTest).norm() / floatTest.norm()));
        out.row(MetricRow.of("DeepONet local Lipschitz estimate ||J(v0)|| (sensor values -> outputs)", lip));
        out.row(MetricRow.of("DeepONet input rounding: ||dv|| / ||v0||", dv.norm() / v0.norm()));
        out.row(MetricRow.of("DeepONet Lipschitz-predicted relative output change from input rounding at v0", lip * dv.norm() / fv0));
        out.row(MetricRow.of("DeepONet training seconds", r.seconds()));
    }

    static final int DEEPONET_ITERATIONS = 2000;

    private static Tensor queryPoints(LabeledData d) {
        Tensor x = d.auxiliary().get("x");
        return x.rank() == 1 ? x.reshape(x.size(), 1) : x;
    }
}
