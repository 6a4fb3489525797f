package org.neuralop4j.validation.studies;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.data.LabeledData;
import org.neuralop4j.core.data.Metrics;
import org.neuralop4j.core.data.PublicData;
import org.neuralop4j.core.data.Split;
import org.neuralop4j.core.nn.ActivationHook;
import org.neuralop4j.core.nn.Module;
import org.neuralop4j.operators.deeponet.DeepONet;
import org.neuralop4j.operators.deeponet.DeepONetConfig;
import org.neuralop4j.operators.deeponet.DeepONetTraining;
import org.neuralop4j.operators.fno.Fno;
import org.neuralop4j.operators.fno.FnoExperiments;
import org.neuralop4j.operators.fno.FnoTraining;
import org.neuralop4j.validation.quantize.ActivationCalibrator;
import org.neuralop4j.validation.quantize.ActivationFakeQuantizer;
import org.neuralop4j.validation.quantize.Int8Quantization;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.ExperimentContext;
import org.neuralop4j.validation.report.ExperimentResult;
import org.neuralop4j.validation.report.MetricRow;
import org.neuralop4j.validation.report.RunMode;
import org.neuralop4j.validation.stability.LocalLipschitz;

/**
 * Stability of a trained FNO and DeepONet under post-training int8 quantization, as fake quantization in float64
 * ({@link Int8Quantization}): per-channel symmetric weights, and per-tensor activations at the model's
 * {@link ActivationHook} sites (FNO: after the lifting, after every Fourier layer, the projection's hidden layer;
 * DeepONet: after every branch and trunk layer) plus, in some configurations, the model input and output.
 *
 * <p>Activation scales are calibrated on training data with the float64 weights: max-abs over the whole training
 * set (the FNO's 1000 Darcy16 inputs, DeepONet's 150 training functions), and the 99.99th percentile of
 * {@code |x|} over a calibration batch (the first {@value #PERCENTILE_CALIBRATION_SAMPLES} FNO training inputs, all
 * 150 DeepONet ones; the percentile keeps every value). The configurations, each reported as test relative L2 error,
 * its change from float64 and the relative change of the test outputs {@code ||y_q - y|| / ||y||}:
 * int8 weights; int8 weights + input/output; int8 internal activations with float weights; int8 weights + internal
 * activations (max-abs, then percentile); int8 weights + input, internal activations (max-abs) and output. Next to
 * them: the model's local Lipschitz estimate (power iteration on {@code J^T J} at a test input, raw units), the
 * output change it predicts for the measured input rounding, and the relative rounding error
 * {@code ||q(h) - h|| / ||h||} of each activation site over the test set (int8 weights + max-abs activations).
 *
 * <p>The FNO is the Darcy16 model of {@link FnoExperiments} (width 24, modes 8, 4 layers, 30 epochs on the 1000
 * public 16 x 16 Darcy samples), the DeepONet DeepXDE's antiderivative network (public data, 2000 Adam steps).
 * Full mode only (the FNO training takes minutes on 2 cores). Quantization scheme after Jacob et al. (CVPR 2018,
 * arXiv:1712.05877); percentile calibration after Wu et al. (arXiv:2004.09602).
 */
public final class QuantizationStabilityExperiment implements Experiment {
    static final int DEEPONET_ITERATIONS = 2000;
    /** FNO training inputs the percentile calibrator sees (it stores every activation value). */
    static final int PERCENTILE_CALIBRATION_SAMPLES = 200;
    static final double PERCENTILE = 99.99;
    private static final int BATCH = 50;

    @Override
    public String name() { return "quantization-int8"; }

    @Override
    public String description() {
        return "FNO (Darcy16) and DeepONet (antiderivative) under post-training int8 quantization: test error and output "
                + "change for int8 weights, + input/output, + internal activations (max-abs / percentile calibration), next "
                + "to the local Lipschitz estimate.";
    }

    @Override
    public Set<RunMode> modes() { return EnumSet.of(RunMode.FULL); }

    /** Predictions for a set of inputs with an optional activation hook ({@code null}: the plain forward pass). */
    @FunctionalInterface
    private interface Predictor {
        Tensor predict(Tensor inputs, ActivationHook hook);
    }

    @Override
    public ExperimentResult run(ExperimentContext ctx) throws Exception {
        ExperimentResult.Builder out = ExperimentResult.builder(name(), description());
        LabeledData train = PublicData.darcy16(Split.TRAIN), test = PublicData.darcy16(Split.TEST);
        ctx.progress("training the Darcy16 FNO (" + FnoExperiments.darcy16Options(ctx.seed()).epochs() + " epochs)");
        FnoTraining.Result r = FnoTraining.train(FnoExperiments.darcy16Config(), train, test, FnoExperiments.darcy16Options(ctx.seed()));
        Fno fno = r.model();
        Predictor p = (in, hook) -> {
            int n = in.dim(0);
            Tensor[] parts = new Tensor[(n + BATCH - 1) / BATCH];
            for (int i = 0, k = 0; i < n; i += BATCH, k++) {
                Tensor chunk = in.slice(i, Math.min(n, i + BATCH));
                parts[k] = hook == null ? fno.predict(chunk) : fno.predict(chunk, hook);
            }
            return Tensor.concat(0, parts);
        };
        ctx.progress("local Lipschitz estimate");
        Tensor x0 = test.inputs().slice(0, 1);
        double lip = LocalLipschitz.jacobianNorm(fno, x0, 20, 1e-4 * x0.norm() / Math.sqrt(x0.size()), ctx.seed() + 5).estimate();
        ctx.progress("calibration and int8 inference");
        double inScale = study(fno, p, p, train.inputs(), train.inputs().slice(0, PERCENTILE_CALIBRATION_SAMPLES), test, "FNO", out);

        Tensor dx = Int8Quantization.fakeQuantize(x0, inScale).sub(x0);
        double fx0 = fno.apply(x0).norm();
        out.row(MetricRow.of("FNO local Lipschitz estimate ||J(x0)|| (raw units)", lip));
        out.row(MetricRow.of("FNO input rounding: ||dx|| / ||x0||", dx.norm() / x0.norm()));
        out.row(MetricRow.of("FNO Lipschitz-predicted relative output change from input rounding at x0", lip * dx.norm() / fx0));
        // a generic off-grid input: every entry off by at most half a step, ||dx|| <= (s/2) sqrt(size)
        out.row(MetricRow.of("FNO Lipschitz-predicted relative output change for an off-grid input (half a step per entry)",
                lip * 0.5 * inScale * Math.sqrt(x0.size()) / fx0));
        out.row(MetricRow.of("FNO training seconds", r.seconds()));
        deepOnet(ctx, out);
        out.note("Fake quantization in float64: weights rounded per output channel to 127 levels, biases float; activations "
                + "rounded per tensor to s = A/127 with A from the training set at float64 weights (max-abs over all training "
                + "inputs, or the " + PERCENTILE + "th percentile of |x|); values beyond 127 s are clipped. The errors are reported, "
                + "not bounded: whether a model degrades gracefully is read from the output changes next to the activation "
                + "rounding errors and the Lipschitz-predicted change from rounding the input.");
        return out.build();
    }

    /**
     * Calibrates, quantizes the weights of {@code model} (restored afterwards) and adds the rows of every configuration.
     * @param onTrain         predictions on training inputs (calibration)
     * @param onTest          predictions on test inputs
     * @param calibration     training inputs for the max-abs scales (input, internal, output)
     * @param percentileBatch training inputs for the percentile scales of the internal activations
     * @return the input scale
     */
    private static double study(Module model, Predictor onTrain, Predictor onTest, Tensor calibration, Tensor percentileBatch,
                                LabeledData test, String label, ExperimentResult.Builder out) {
        Tensor floatTest = onTest.predict(test.inputs(), null);
        double errFloat = Metrics.relativeL2(floatTest, test.targets());
        ActivationCalibrator maxAbs = ActivationCalibrator.maxAbs(), pct = ActivationCalibrator.percentile(PERCENTILE);
        Tensor floatTrain = onTrain.predict(calibration, maxAbs); // equals the plain pass: the calibrator returns its input
        onTrain.predict(percentileBatch, pct);
        ActivationFakeQuantizer actMax = new ActivationFakeQuantizer(maxAbs.scales()), actPct = new ActivationFakeQuantizer(pct.scales());
        out.note(label + " internal activation sites with their ranges A (scale A/127), max-abs: " + formatted(maxAbs.ranges())
                + "; " + PERCENTILE + "th percentile: " + formatted(pct.ranges()) + ".");
        if (pct.ranges().equals(maxAbs.ranges()))
            out.note(label + ": the " + PERCENTILE + "th percentile equals the maximum at every site (the nearest rank needs more "
                    + "than 1 / (1 - p/100) = 10^4 values per site to fall below the largest), so its rows repeat the max-abs ones.");
        double inScale = Int8Quantization.calibrateScale(calibration), outScale = Int8Quantization.calibrateScale(floatTrain);
        Tensor qIn = Int8Quantization.fakeQuantize(test.inputs(), inScale);

        Map<String, Tensor> predictions = new LinkedHashMap<>();
        predictions.put("int8 internal activations (max-abs), float weights", onTest.predict(test.inputs(), actMax));
        Map<String, Tensor> original = Int8Quantization.quantizeWeights(model);
        try {
            predictions.put("int8 weights", onTest.predict(test.inputs(), null));
            predictions.put("int8 weights + input/output", Int8Quantization.fakeQuantize(onTest.predict(qIn, null), outScale));
            RoundingErrorMeter meter = new RoundingErrorMeter(actMax);
            predictions.put("int8 weights + internal activations (max-abs)", onTest.predict(test.inputs(), meter));
            predictions.put("int8 weights + internal activations (" + PERCENTILE + "th percentile)", onTest.predict(test.inputs(), actPct));
            predictions.put("int8 weights + all activations (input, internal max-abs, output)",
                    Int8Quantization.fakeQuantize(onTest.predict(qIn, actMax), outScale));
            out.row(MetricRow.of(label + " test relative L2, float64", errFloat));
            for (Map.Entry<String, Tensor> e : predictions.entrySet()) {
                double err = Metrics.relativeL2(e.getValue(), test.targets());
                out.row(MetricRow.of(label + " test relative L2, " + e.getKey(), err));
                out.row(MetricRow.of(label + " test relative L2 change from float64, " + e.getKey(), err - errFloat));
                out.row(MetricRow.of(label + " relative output change, " + e.getKey(), e.getValue().sub(floatTest).norm() / floatTest.norm()));
            }
            for (Map.Entry<String, Double> e : meter.relativeErrors().entrySet())
                out.row(MetricRow.of(label + " activation rounding ||q(h) - h|| / ||h|| at " + e.getKey() + " (int8 weights, max-abs)", e.getValue()));
        } finally {
            model.loadStateDict(original);
        }
        return inScale;
    }

    private static String formatted(Map<String, Double> ranges) {
        StringBuilder b = new StringBuilder();
        ranges.forEach((site, a) -> b.append(b.length() == 0 ? "" : ", ").append(site).append(String.format(Locale.ROOT, " %.3g", a)));
        return b.toString();
    }

    /** Passes activations through a quantizer and accumulates {@code ||q(h) - h||^2} and {@code ||h||^2} per site. */
    private static final class RoundingErrorMeter implements ActivationHook {
        private final ActivationHook quantizer;
        private final LinkedHashMap<String, double[]> sums = new LinkedHashMap<>();

        RoundingErrorMeter(ActivationHook quantizer) { this.quantizer = quantizer; }

        @Override
        public Tensor apply(String site, Tensor h) {
            Tensor q = quantizer.apply(site, h);
            double[] s = sums.computeIfAbsent(site, k -> new double[2]);
            double[] a = h.data(), b = q.data();
            for (int i = 0; i < a.length; i++) {
                double d = b[i] - a[i];
                s[0] += d * d;
                s[1] += a[i] * a[i];
            }
            return q;
        }

        LinkedHashMap<String, Double> relativeErrors() {
            LinkedHashMap<String, Double> r = new LinkedHashMap<>();
            sums.forEach((site, s) -> r.put(site, Math.sqrt(s[0] / s[1])));
            return r;
        }
    }

    /** The same study for DeepXDE's antiderivative DeepONet (branch [100, 40, 40], trunk [1, 40, 40], ReLU). */
    private static void deepOnet(ExperimentContext ctx, ExperimentResult.Builder out) throws java.io.IOException {
        LabeledData train = PublicData.antiderivative(Split.TRAIN), test = PublicData.antiderivative(Split.TEST);
        DeepONet net = new DeepONet(DeepONetConfig.deepXdeAntiderivative(train.inputs().dim(1), ctx.seed() + 1));
        ctx.progress("training the antiderivative DeepONet (" + DEEPONET_ITERATIONS + " Adam steps)");
        DeepONetTraining.Result r = DeepONetTraining.trainAndEvaluate(net, train, test, DEEPONET_ITERATIONS, 1e-3, null);
        Tensor x = queryPoints(train), xt = queryPoints(test);
        Tensor v0 = test.inputs().slice(0, 1);
        DifferentiableMap map = DifferentiableMap.of(v -> net.cartesian(v, Var.constant(xt)));
        double lip = LocalLipschitz.jacobianNorm(map, v0, 20, 1e-4 * v0.norm() / Math.sqrt(v0.size()), ctx.seed() + 6).estimate();
        // calibration runs at the training query points, the test at the test ones
        Predictor onTrain = (v, hook) -> hook == null ? net.predict(v, x) : net.predict(v, x, hook);
        Predictor onTest = (v, hook) -> hook == null ? net.predict(v, xt) : net.predict(v, xt, hook);
        double inScale = study(net, onTrain, onTest, train.inputs(), train.inputs(), test, "DeepONet", out);
        Tensor dv = Int8Quantization.fakeQuantize(v0, inScale).sub(v0);
        double fv0 = map.apply(v0).norm();
        out.row(MetricRow.of("DeepONet local Lipschitz estimate ||J(v0)|| (sensor values -> outputs)", lip));
        out.row(MetricRow.of("DeepONet input rounding: ||dv|| / ||v0||", dv.norm() / v0.norm()));
        out.row(MetricRow.of("DeepONet Lipschitz-predicted relative output change from input rounding at v0", lip * dv.norm() / fv0));
        out.row(MetricRow.of("DeepONet training seconds", r.seconds()));
    }

    private static Tensor queryPoints(LabeledData d) {
        Tensor x = d.auxiliary().get("x");
        return x.rank() == 1 ? x.reshape(x.size(), 1) : x;
    }
}
