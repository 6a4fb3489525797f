package org.neuralop4j.validation.studies;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;
import org.neuralop4j.inverse.ComplexArrays;
import org.neuralop4j.inverse.Firenet;
import org.neuralop4j.inverse.Lista;
import org.neuralop4j.inverse.MatrixOperator;
import org.neuralop4j.inverse.Metrics;
import org.neuralop4j.inverse.Noise;
import org.neuralop4j.inverse.Phantoms;
import org.neuralop4j.inverse.SamplingMask;
import org.neuralop4j.inverse.SubsampledFourier;
import org.neuralop4j.inverse.Wavelet;
import org.neuralop4j.inverse.WaveletTransform;
import org.neuralop4j.validation.plot.Field2d;
import org.neuralop4j.validation.plot.Plots;
import org.neuralop4j.validation.report.Bound;
import org.neuralop4j.validation.report.Experiment;
import org.neuralop4j.validation.report.ExperimentContext;
import org.neuralop4j.validation.report.ExperimentResult;
import org.neuralop4j.validation.report.MetricRow;
import org.neuralop4j.validation.report.ReferenceSource;
import org.neuralop4j.validation.report.RunMode;
import org.neuralop4j.validation.stability.AmplificationStats;
import org.neuralop4j.validation.stability.PerturbationScale;
import org.neuralop4j.validation.stability.RandomPerturbation;
import org.neuralop4j.validation.stability.WorstCaseSearch;

/**
 * The central experiment of Colbrook, Antun &amp; Hansen (PNAS 2022, arXiv:2101.08286): a reconstruction network
 * trained for Fourier sampling against the constructed FIRENET, on held-out images, for accuracy and stability.
 *
 * <p><b>Setting.</b> 45% variable-density Fourier samples (seed 7), Haar wavelets, random-ellipse phantoms
 * ({@link Phantoms#randomEllipses}, 8 ellipses, training seeds from 1000, held-out seeds from 9000).
 * <b>Trained</b> (both at 32 x 32, noiseless data): a residual MLP post-processor of the adjoint reconstruction
 * ({@link AdjointPostProcessor}) and LISTA ({@link Lista}, {@value #LISTA_LAYERS} layers with dense learned matrices and thresholds,
 * ISTA initialisation) from the real coefficient map of {@link FourierCoefficientData} at 32 x 32 (dense LISTA at
 * 64 x 64 would need 4096 x 4096 matrices per layer); trained noiseless with Adam. <b>Constructed:</b> FIRENET
 * (lambda = 1e-3, p = 20, n = 20) at 64 x 64, the setting, and at 32 x 32 beside LISTA.
 *
 * <p><b>Measured</b> on held-out images: relative error and PSNR (noiseless and 2% noise), the mean random-noise
 * amplification {@code ||Phi(y+e) - Phi(y)|| / ||e||} at {@code ||e|| = 1% ||y||}, and the worst-case amplification
 * at {@code ||e|| = 1%} and {@code 5%} of {@code ||y||} found by projected Nesterov ascent ({@link WorstCaseSearch})
 * through each map's vector-Jacobian product (FIRENET: {@link Firenet#asDifferentiableMap}; LISTA: autodiff).
 * FIRENET's worst-case ratio carries the bound 10; the trained network's ratios are reported, not bounded.
 */
public final class TrainedVersusFirenetExperiment implements Experiment {
    static final int LISTA_SIZE = 32, FIRENET_SIZE = 64, LISTA_LAYERS = 4;
    static final int TRAIN_IMAGES = 200, TEST_IMAGES = 40, TRAIN_STEPS = 120, BATCH = 16;
    static final double LEARNING_RATE = 3e-4;
    static final int POST_HIDDEN = 256, POST_STEPS = 400;
    static final long TRAIN_SEED = 1000, TEST_SEED = 9000, MASK_SEED = 7;
    static final double[] RADII = {0.01, 0.05};

    @Override
    public String name() { return "trained-vs-firenet"; }

    @Override
    public String description() {
        return "LISTA trained on random ellipses (32x32) vs FIRENET (64x64 and 32x32), 45% Fourier samples: held-out accuracy, "
                + "random and worst-case (1%, 5% of ||y||) amplification.";
    }

    @Override
    public Set<RunMode> modes() { return EnumSet.allOf(RunMode.class); }

    /** One reconstruction map with its setting. */
    static final class Setup {
        final int size;
        final SubsampledFourier a;
        final WaveletTransform w;

        Setup(int size) {
            this.size = size;
            int[] dims = {size, size};
            a = new SubsampledFourier(SamplingMask.variableDensity(dims, SamplingMask.Spectrum.FOURIER, 0.45, MASK_SEED));
            w = new WaveletTransform(Wavelet.HAAR, dims, WaveletTransform.maxLevels(dims));
        }

        Firenet firenet(double yNorm, double delta) {
            return Firenet.builder(a).sparsifier(w).lambda(1e-3).innerIterations(20).restarts(20).delta(delta).epsilon0(yNorm).build();
        }
    }

    /** The trained network and how it was trained. */
    static final class TrainedLista {
        final Lista lista;
        final double[] losses;
        final double testMseBefore, testMseAfter;

        TrainedLista(Lista lista, double[] losses, double before, double after) {
            this.lista = lista;
            this.losses = losses;
            this.testMseBefore = before;
            this.testMseAfter = after;
        }
    }

    /** Trains LISTA on the ellipse training set; deterministic for the fixed seeds. */
    static TrainedLista trainLista(Setup s, int layers, int trainImages, int steps, Tensor[] test) {
        return trainLista(FourierCoefficientData.realCoefficientMatrix(s.a, s.w), layers,
                FourierCoefficientData.ellipses(s.a, s.w, s.size, trainImages, TRAIN_SEED), steps, test);
    }

    static TrainedLista trainLista(MatrixOperator b, int layers, Tensor[] train, int steps, Tensor[] test) {
        Lista lista = new Lista(b, layers, 1e-3);
        double before = lista.meanSquaredError(test[0], test[1]);
        double[] losses = lista.train(train[0], train[1], steps, BATCH, LEARNING_RATE, 5);
        return new TrainedLista(lista, losses, before, lista.meanSquaredError(test[0], test[1]));
    }

    /** Mean relative error and PSNR of a reconstruction function over held-out images. */
    static double[] accuracy(java.util.function.Function<double[], double[]> reconstruct, double[][] truths, double[][] data) {
        double err = 0, psnr = 0;
        for (int i = 0; i < truths.length; i++) {
            double[] x = reconstruct.apply(data[i]);
            err += Metrics.relativeError(x, truths[i]);
            psnr += Metrics.psnr(x, truths[i]);
        }
        return new double[] {err / truths.length, psnr / truths.length};
    }

    /** Random and worst-case amplification of one map at one point: {mean random at RADII[0], worst at each radius}. */
    static double[] stability(DifferentiableMap map, Tensor y, int iterations, int restarts, int draws, long seed) {
        double[] out = new double[1 + RADII.length];
        AmplificationStats r = RandomPerturbation.amplification(map, y, RADII[0], PerturbationScale.RELATIVE, draws, seed);
        out[0] = r.mean();
        for (int k = 0; k < RADII.length; k++) {
            WorstCaseSearch.Config cfg = WorstCaseSearch.Config.defaults(RADII[k]).withScale(PerturbationScale.RELATIVE)
                    .withIterations(iterations).withRestarts(restarts).withSeed(seed + 17 * k);
            out[1 + k] = WorstCaseSearch.search(map, y, cfg).ratio();
        }
        return out;
    }

    @Override
    public ExperimentResult run(ExperimentContext ctx) {
        ExperimentResult.Builder out = ExperimentResult.builder(name(), description());
        boolean full = ctx.full();

        // ---------------------------------------------------------------- LISTA at 32 x 32
        Setup small = new Setup(LISTA_SIZE);
        Tensor[] test = FourierCoefficientData.ellipses(small.a, small.w, LISTA_SIZE, TEST_IMAGES, TEST_SEED);
        ctx.progress("training LISTA (" + LISTA_LAYERS + " layers, " + LISTA_SIZE + "x" + LISTA_SIZE + ")");
        long t0 = System.nanoTime();
        MatrixOperator bSmall = FourierCoefficientData.realCoefficientMatrix(small.a, small.w);
        Tensor[] train = FourierCoefficientData.ellipses(small.a, small.w, LISTA_SIZE, full ? 4 * TRAIN_IMAGES : TRAIN_IMAGES, TRAIN_SEED);
        TrainedLista tl = trainLista(bSmall, LISTA_LAYERS, train, full ? 4 * TRAIN_STEPS : TRAIN_STEPS, test);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        ctx.progress("training the adjoint + MLP post-processor (" + LISTA_SIZE + "x" + LISTA_SIZE + ")");
        t0 = System.nanoTime();
        AdjointPostProcessor post = new AdjointPostProcessor(bSmall, POST_HIDDEN, 11);
        double postBefore = post.meanSquaredError(test[0], test[1]);
        post.train(train[0], train[1], full ? 4 * POST_STEPS : POST_STEPS, BATCH, 1e-3, 6);
        double postAfter = post.meanSquaredError(test[0], test[1]);
        double postSeconds = (System.nanoTime() - t0) / 1e9;
        out.row(MetricRow.of("post-processor 32x32 held-out MSE after training / adjoint-only start", postAfter / postBefore)
                .withBound(Bound.atMost(0.5)));
        out.row(MetricRow.of("post-processor 32x32 training seconds", postSeconds));
        out.row(MetricRow.of("LISTA 32x32 held-out MSE after training / before (ISTA init)", tl.testMseAfter / tl.testMseBefore)
                .withBound(Bound.atMost(0.5)));
        out.row(MetricRow.of("LISTA 32x32 training seconds", trainSeconds));

        int nTest = test[0].dim(0);
        double[][] truths32 = new double[nTest][], clean32 = new double[nTest][], noisy32 = new double[nTest][];
        for (int i = 0; i < nTest; i++) {
            truths32[i] = FourierCoefficientData.image(small.w, test[0].select(i).data());
            clean32[i] = test[1].select(i).data().clone();
            noisy32[i] = clean32[i].clone();
            Noise.addRelativeComplexGaussian(noisy32[i], 0.02, 77 + i);
        }
        Lista lista = tl.lista;
        java.util.function.Function<double[], double[]> listaImage = y -> FourierCoefficientData.image(small.w, lista.apply(y));
        double[] listaClean = accuracy(listaImage, truths32, clean32);
        double[] listaNoisy = accuracy(listaImage, truths32, noisy32);
        java.util.function.Function<double[], double[]> postImage = y -> FourierCoefficientData.image(small.w, post.apply(y));
        double[] postClean = accuracy(postImage, truths32, clean32);
        double[] postNoisy = accuracy(postImage, truths32, noisy32);

        ctx.progress("FIRENET 32x32 on the same held-out images");
        t0 = System.nanoTime();
        int firenetTests = Math.min(nTest, full ? nTest : 5);
        double[][] t32 = java.util.Arrays.copyOf(truths32, firenetTests);
        double[] fireSmallClean = accuracy(y -> ComplexArrays.realPart(small.firenet(ComplexArrays.norm(y), 1e-12).reconstruct(y).image()),
                t32, java.util.Arrays.copyOf(clean32, firenetTests));
        double[] fireSmallNoisy = accuracy(y -> ComplexArrays.realPart(small.firenet(ComplexArrays.norm(y), 0.02 * ComplexArrays.norm(y) / 3)
                .reconstruct(y).image()), t32, java.util.Arrays.copyOf(noisy32, firenetTests));

        // ---------------------------------------------------------------- FIRENET at 64 x 64
        ctx.progress("FIRENET 64x64 on held-out images");
        Setup big = new Setup(FIRENET_SIZE);
        int bigTests = full ? 10 : 2;
        Tensor[] test64 = FourierCoefficientData.ellipses(big.a, big.w, FIRENET_SIZE, bigTests, TEST_SEED);
        double[][] truths64 = new double[bigTests][], clean64 = new double[bigTests][], noisy64 = new double[bigTests][];
        for (int i = 0; i < bigTests; i++) {
            truths64[i] = FourierCoefficientData.image(big.w, test64[0].select(i).data());
            clean64[i] = test64[1].select(i).data().clone();
            noisy64[i] = clean64[i].clone();
            Noise.addRelativeComplexGaussian(noisy64[i], 0.02, 77 + i);
        }
        double[] fireBigClean = accuracy(y -> ComplexArrays.realPart(big.firenet(ComplexArrays.norm(y), 1e-12).reconstruct(y).image()), truths64, clean64);
        double[] fireBigNoisy = accuracy(y -> ComplexArrays.realPart(big.firenet(ComplexArrays.norm(y), 0.02 * ComplexArrays.norm(y) / 3)
                .reconstruct(y).image()), truths64, noisy64);

        // ---------------------------------------------------------------- stability at the first held-out image
        double accuracySeconds = (System.nanoTime() - t0) / 1e9;
        ctx.progress("stability: LISTA 32x32");
        t0 = System.nanoTime();
        Tensor yL = Tensor.of(clean32[0], 1, clean32[0].length);
        double[] stabLista = stability(lista.asDifferentiableMap(), yL, full ? 200 : 60, full ? 4 : 2, 20, ctx.seed() + 1);
        double[] stabPost = stability(post.asDifferentiableMap(), yL, full ? 200 : 60, full ? 4 : 2, 20, ctx.seed() + 4);
        // FIRENET is built with the 2%-noise schedule delta = 0.02 ||y|| / 3, the network one would deploy on noisy data
        ctx.progress("stability: FIRENET 32x32");
        double y32 = ComplexArrays.norm(clean32[0]);
        DifferentiableMap fire32 = small.firenet(y32, 0.02 * y32 / 3).asDifferentiableMap();
        double[] stabFire32 = stability(fire32, Tensor.of(clean32[0], clean32[0].length / 2, 2), full ? 60 : 10, 1, full ? 10 : 3, ctx.seed() + 2);
        ctx.progress("stability: FIRENET 64x64");
        double y64 = ComplexArrays.norm(clean64[0]);
        DifferentiableMap fire64 = big.firenet(y64, 0.02 * y64 / 3).asDifferentiableMap();
        double[] stabFire64 = stability(fire64, Tensor.of(clean64[0], clean64[0].length / 2, 2), full ? 60 : 8, 1, full ? 10 : 3, ctx.seed() + 3);
        double stabilitySeconds = (System.nanoTime() - t0) / 1e9;
        out.row(MetricRow.of("FIRENET accuracy runs seconds (32x32 and 64x64)", accuracySeconds));
        out.row(MetricRow.of("stability searches seconds (all three maps)", stabilitySeconds));

        // ---------------------------------------------------------------- rows
        addAccuracy(out, "LISTA 32x32 (trained)", listaClean, listaNoisy, nTest);
        addAccuracy(out, "adjoint+MLP 32x32 (trained)", postClean, postNoisy, nTest);
        addAccuracy(out, "FIRENET 32x32", fireSmallClean, fireSmallNoisy, firenetTests);
        addAccuracy(out, "FIRENET 64x64", fireBigClean, fireBigNoisy, bigTests);
        addStability(out, "LISTA 32x32 (trained)", stabLista, false);
        addStability(out, "adjoint+MLP 32x32 (trained)", stabPost, false);
        addStability(out, "FIRENET 32x32", stabFire32, false);
        addStability(out, "FIRENET 64x64", stabFire64, true);
        out.row(MetricRow.of("worst-case 1% ratio: LISTA 32x32 / FIRENET 32x32", stabLista[1] / stabFire32[1]));
        out.row(MetricRow.of("worst-case 5% ratio: LISTA 32x32 / FIRENET 32x32", stabLista[2] / stabFire32[2]));
        out.row(MetricRow.of("worst-case 1% ratio: adjoint+MLP 32x32 / FIRENET 32x32", stabPost[1] / stabFire32[1]));
        out.row(MetricRow.of("worst-case 5% ratio: adjoint+MLP 32x32 / FIRENET 32x32", stabPost[2] / stabFire32[2]));
        out.note("Stability is measured at the first held-out image; ratios are ||Phi(y+e) - Phi(y)|| / ||e|| with images in [0, 1]. "
                + "FIRENET uses the 2%-noise schedule delta = 0.02 ||y|| / 3 in the stability rows. Rows of the trained networks are observations, "
                + "not bounds.");
        out.note(observation("LISTA (ISTA-initialised, " + LISTA_LAYERS + " layers)", stabLista, stabFire32));
        out.note(observation("adjoint + MLP post-processor (hidden " + POST_HIDDEN + ")", stabPost, stabFire32));

        // ---------------------------------------------------------------- figures
        Map<String, double[]> bars = new LinkedHashMap<>();
        bars.put("LISTA 32x32 (trained)", stabLista);
        bars.put("adjoint+MLP 32x32 (trained)", stabPost);
        bars.put("FIRENET 32x32", stabFire32);
        bars.put("FIRENET 64x64", stabFire64);
        out.figure(ctx.relative(Plots.bars(ctx.figure("stability_bars.png"), "Amplification ||Phi(y+e)-Phi(y)|| / ||e||",
                "ratio", List.of("random, 1% of ||y||", "worst case, 1%", "worst case, 5%"), bars, true)));
        double[] listaRecon = listaImage.apply(clean32[0]);
        double[] fireRecon = ComplexArrays.realPart(small.firenet(y32, 1e-12).reconstruct(clean32[0]).image());
        out.figure(ctx.relative(Plots.heatMaps(ctx.figure("held_out_32.png"), "held-out ellipses 32x32: truth, LISTA, adjoint+MLP, FIRENET (noiseless)",
                List.of(new Field2d("truth", Tensor.wrap(truths32[0], LISTA_SIZE, LISTA_SIZE)),
                        new Field2d("LISTA", Tensor.wrap(listaRecon, LISTA_SIZE, LISTA_SIZE)),
                        new Field2d("adjoint+MLP", Tensor.wrap(postImage.apply(clean32[0]), LISTA_SIZE, LISTA_SIZE)),
                        new Field2d("FIRENET", Tensor.wrap(fireRecon, LISTA_SIZE, LISTA_SIZE))), true)));
        return out.build();
    }

    private static String observation(String who, double[] trained, double[] firenet) {
        return trained[1] > firenet[1]
                ? "Observed: the trained " + who + " has a larger worst-case amplification at 1% than FIRENET at the same size ("
                        + String.format("%.3g vs %.3g", trained[1], firenet[1]) + ")."
                : "Observed: the trained " + who + " is NOT less stable than FIRENET at the same size (worst case at 1% "
                        + String.format("%.3g vs %.3g", trained[1], firenet[1]) + "). The paper's unstable networks are deep learned "
                        + "reconstructions (U-Nets, AUTOMAP), larger than the networks trained here.";
    }

    private static void addAccuracy(ExperimentResult.Builder out, String who, double[] clean, double[] noisy, int images) {
        out.row(MetricRow.of(who + " held-out relative error, noiseless (mean of " + images + ")", clean[0]));
        out.row(MetricRow.of(who + " held-out PSNR dB, noiseless", clean[1]));
        out.row(MetricRow.of(who + " held-out relative error, 2% noise", noisy[0]));
        out.row(MetricRow.of(who + " held-out PSNR dB, 2% noise", noisy[1]));
    }

    private static void addStability(ExperimentResult.Builder out, String who, double[] s, boolean bounded) {
        MetricRow random = MetricRow.of(who + " random amplification, 1% of ||y|| (mean)", s[0]);
        MetricRow w1 = MetricRow.of(who + " worst-case amplification, 1% of ||y||", s[1]);
        MetricRow w5 = MetricRow.of(who + " worst-case amplification, 5% of ||y||", s[2]);
        if (bounded) {
            random = random.withReference(2, ReferenceSource.NUMPY, "Shepp-Logan 64x64");
            w1 = w1.withReference(5.4, ReferenceSource.NUMPY, "Shepp-Logan 64x64").withBound(Bound.atMost(10));
            w5 = w5.withReference(3.9, ReferenceSource.NUMPY, "Shepp-Logan 64x64").withBound(Bound.atMost(10));
        }
        out.row(random);
        out.row(w1);
        out.row(w5);
    }
}
