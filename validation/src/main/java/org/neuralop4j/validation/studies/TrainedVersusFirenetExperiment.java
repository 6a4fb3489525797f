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
import org.neuralop4j.operators.fno.FnoConfig;
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
 * The central experiment of Colbrook, Antun &amp; Hansen (PNAS 2022, arXiv:2101.08286): reconstruction networks
 * trained for Fourier sampling against the constructed FIRENET, on held-out images, for accuracy and stability.
 *
 * <p><b>Setting.</b> 45% variable-density Fourier samples (seed 7), Haar wavelets, random-ellipse phantoms
 * ({@link Phantoms#randomEllipses}, 8 ellipses, training seeds from 1000, held-out seeds from 9000).
 * <b>Trained</b> (at 32 x 32 on the same noiseless training images, Adam):
 * <ul>
 *   <li>LISTA ({@link Lista}, {@value #LISTA_LAYERS} layers with dense learned matrices and thresholds, ISTA
 *       initialisation) on the real coefficient map of {@link FourierCoefficientData} (dense LISTA at 64 x 64 would
 *       need 4096 x 4096 matrices per layer);</li>
 *   <li>a residual MLP post-processor of the adjoint reconstruction in the wavelet domain ({@link AdjointPostProcessor});</li>
 *   <li>a deep post-processor of the zero-filled image, {@code Re(A^H y) + FNO([Re, Im] A^H y)}
 *       ({@link ZeroFilledPostProcessor} with a 2-D FNO: quick width 24, 4 layers, 12 modes, 300 steps; full width
 *       32, 3000 steps, with a short worst-case probe every 500 steps to show how the amplification develops);</li>
 *   <li>full mode only: the same with a U-Net ({@link UNet2d}, {@value #UNET_BASE} base channels, {@value #UNET_LEVELS}
 *       levels, {@value #UNET_STEPS} steps), and the FNO post-processor trained at 64 x 64 ({@value #FNO64_STEPS} steps,
 *       16 modes) beside FIRENET 64 x 64.</li>
 * </ul>
 * <b>Constructed:</b> FIRENET (lambda = 1e-3, p = 20, n = 20) at 64 x 64, the setting, and at 32 x 32
 * beside the trained networks.
 *
 * <p><b>Measured</b> on held-out images: relative error and PSNR (noiseless and 2% noise), the mean random-noise
 * amplification {@code ||Phi(y+e) - Phi(y)|| / ||e||} at {@code ||e|| = 1% ||y||}, and the worst-case amplification
 * at {@code ||e|| = 1%} and {@code 5%} of {@code ||y||} found by projected Nesterov ascent ({@link WorstCaseSearch})
 * through each map's vector-Jacobian product (FIRENET: {@link Firenet#asDifferentiableMap}; trained networks:
 * autodiff through the whole map, the adjoint layer included). FIRENET's worst-case ratio carries the bound 10;
 * the trained networks' ratios are reported, not bounded.
 *
 * <p><b>Outcome</b> (README, "Validation"): the paper expects the trained networks to be far less stable than
 * FIRENET. Here every trained network is more accurate than FIRENET 32 x 32 on held-out ellipses (the 64 x 64 FNO
 * comes close to FIRENET 64 x 64 with 2% noise, not noiseless, where FIRENET is near exact), and at 1% of
 * {@code ||y||} every one has the smaller worst-case amplification. The FNO's grows with training (3.2 after 500
 * steps to 4.2 after 3000 in full mode) and then exceeds FIRENET's at 5% (4.1 vs 3.7), but it is nowhere "far
 * larger": the expected contrast is not reproduced at these sizes and training budgets. The paper's mechanism — a
 * training set holding images whose measurements nearly agree — is reproduced by
 * {@link KernelDetailInstabilityExperiment}: there the trained network's worst case is about 10 times FIRENET's.
 */
public final class TrainedVersusFirenetExperiment implements Experiment {
    static final int LISTA_SIZE = 32, FIRENET_SIZE = 64, LISTA_LAYERS = 4;
    static final int TRAIN_IMAGES = 200, TEST_IMAGES = 40, TRAIN_STEPS = 120, BATCH = 16;
    static final double LEARNING_RATE = 3e-4;
    static final int POST_HIDDEN = 256, POST_STEPS = 400;
    /** Zero-filled + FNO post-processor: quick and full settings {width, layers, projection width, steps}; modes 12 at 32x32. */
    static final int[] FNO_QUICK = {24, 4, 48, 300}, FNO_FULL = {32, 4, 64, 3000};
    static final double FNO_LR_QUICK = 3e-3, FNO_LR_FULL = 1e-3;
    /** Zero-filled + U-Net post-processor (full mode): base channels, levels, steps. */
    static final int UNET_BASE = 16, UNET_LEVELS = 3, UNET_STEPS = 2000;
    static final int FNO64_STEPS = 1000;
    /** Mini-batch of the zero-filled post-processors (FNO, U-Net). */
    static final int IMAGE_NET_BATCH = 8;
    static final long TRAIN_SEED = 1000, TEST_SEED = 9000, MASK_SEED = 7;
    static final double[] RADII = {0.01, 0.05};

    @Override
    public String name() { return "trained-vs-firenet"; }

    @Override
    public String description() {
        return "LISTA, adjoint+MLP and zero-filled+FNO trained on random ellipses (32x32) vs FIRENET (64x64 and 32x32), 45% Fourier "
                + "samples: held-out accuracy, random and worst-case (1%, 5% of ||y||) amplification.";
    }

    @Override
    public Set<RunMode> modes() { return EnumSet.allOf(RunMode.class); }

    /** One reconstruction map with its setting. */
    static final class Setup {
        final int size;
        final SamplingMask mask;
        final SubsampledFourier a;
        final WaveletTransform w;

        Setup(int size) {
            this.size = size;
            int[] dims = {size, size};
            mask = SamplingMask.variableDensity(dims, SamplingMask.Spectrum.FOURIER, 0.45, MASK_SEED);
            a = new SubsampledFourier(mask);
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

    /** A trained zero-filled post-processor, how training went, and its worst case at 1% while it trained. */
    static final class TrainedPostProcessor {
        final ZeroFilledPostProcessor net;
        final double testMseBefore, testMseAfter, seconds;
        final int[] probeSteps;
        final double[] probeWorst;

        TrainedPostProcessor(ZeroFilledPostProcessor net, double before, double after, double seconds, int[] probeSteps, double[] probeWorst) {
            this.net = net;
            this.testMseBefore = before;
            this.testMseAfter = after;
            this.seconds = seconds;
            this.probeSteps = probeSteps;
            this.probeWorst = probeWorst;
        }
    }

    /**
     * Trains {@code net} (Adam, cosine decay, batch {@value #IMAGE_NET_BATCH}) on noiseless {@code train = {images, measurements}};
     * after every {@code probeEvery} steps (none when 0) a short worst-case search at
     * {@code ||e|| = 1% ||probe||} (40 iterations, one start) records how the amplification develops with training.
     */
    static TrainedPostProcessor trainPostProcessor(ZeroFilledPostProcessor net, Tensor[] train, Tensor[] test, int steps,
                                                   double learningRate, long seed, int probeEvery, Tensor probe) {
        double before = net.meanSquaredError(test[0], test[1], BATCH);
        int probes = probeEvery > 0 ? steps / probeEvery : 0;
        int[] probeSteps = new int[probes];
        double[] probeWorst = new double[probes];
        int[] next = {0};
        long t0 = System.nanoTime();
        long[] probeNanos = {0};
        net.train(train[0], train[1], steps, IMAGE_NET_BATCH, learningRate, seed, done -> {
            if (next[0] < probes && done == (next[0] + 1) * probeEvery) {
                long p0 = System.nanoTime();
                WorstCaseSearch.Config cfg = WorstCaseSearch.Config.defaults(RADII[0]).withScale(PerturbationScale.RELATIVE)
                        .withIterations(40).withRestarts(1).withSeed(seed + done);
                probeSteps[next[0]] = done;
                probeWorst[next[0]++] = WorstCaseSearch.search(net.asDifferentiableMap(), probe, cfg).ratio();
                probeNanos[0] += System.nanoTime() - p0;
            }
        });
        double seconds = (System.nanoTime() - t0 - probeNanos[0]) / 1e9;
        return new TrainedPostProcessor(net, before, net.meanSquaredError(test[0], test[1], BATCH), seconds, probeSteps, probeWorst);
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
        return stabilitySearches(map, y, iterations, restarts, draws, seed).ratios();
    }

    /** The mean random amplification and the worst-case search at each of {@link #RADII}. */
    record Stability(double randomMean, WorstCaseSearch.Result[] worst) {
        /** @return {@code {random mean, worst-case ratio at each radius}} */
        double[] ratios() {
            double[] out = new double[1 + worst.length];
            out[0] = randomMean;
            for (int k = 0; k < worst.length; k++) out[1 + k] = worst[k].ratio();
            return out;
        }
    }

    /** {@link #stability}, keeping the searches (their perturbations) for a closer look. */
    static Stability stabilitySearches(DifferentiableMap map, Tensor y, int iterations, int restarts, int draws, long seed) {
        AmplificationStats r = RandomPerturbation.amplification(map, y, RADII[0], PerturbationScale.RELATIVE, draws, seed);
        WorstCaseSearch.Result[] worst = new WorstCaseSearch.Result[RADII.length];
        for (int k = 0; k < RADII.length; k++) {
            WorstCaseSearch.Config cfg = WorstCaseSearch.Config.defaults(RADII[k]).withScale(PerturbationScale.RELATIVE)
                    .withIterations(iterations).withRestarts(restarts).withSeed(seed + 17 * k);
            worst[k] = WorstCaseSearch.search(map, y, cfg);
        }
        return new Stability(r.mean(), worst);
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

        // ---------------------------------------------------------------- zero-filled + FNO (full: and U-Net) at 32 x 32
        int[] fnoPlan = full ? FNO_FULL : FNO_QUICK;
        ctx.progress("training the zero-filled + FNO post-processor (" + fnoPlan[3] + " steps, " + LISTA_SIZE + "x" + LISTA_SIZE + ")");
        Tensor[] trainImages = FourierCoefficientData.ellipseImages(small.a, LISTA_SIZE, train[0].dim(0), TRAIN_SEED);
        Tensor[] testImages = FourierCoefficientData.ellipseImages(small.a, LISTA_SIZE, TEST_IMAGES, TEST_SEED);
        Tensor probe32 = Tensor.of(testImages[1].select(0).data(), 1, testImages[1].dim(1));
        TrainedPostProcessor fno32 = trainPostProcessor(ZeroFilledPostProcessor.fno(small.a, LISTA_SIZE, fnoConfig(fnoPlan, 12), 21),
                trainImages, testImages, fnoPlan[3], full ? FNO_LR_FULL : FNO_LR_QUICK, 22, full ? 500 : fnoPlan[3] / 2, probe32);
        addTraining(out, "zero-filled+FNO 32x32", fno32);
        TrainedPostProcessor unet32 = null;
        if (full) {
            ctx.progress("training the zero-filled + U-Net post-processor (" + UNET_STEPS + " steps, " + LISTA_SIZE + "x" + LISTA_SIZE + ")");
            unet32 = trainPostProcessor(ZeroFilledPostProcessor.uNet(small.a, LISTA_SIZE, UNET_BASE, UNET_LEVELS, 31),
                    trainImages, testImages, UNET_STEPS, 1e-3, 32, 500, probe32);
            addTraining(out, "zero-filled+U-Net 32x32", unet32);
        }

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
        ZeroFilledPostProcessor fnoNet = fno32.net;
        double[] fnoClean = accuracy(fnoNet::apply, truths32, clean32);
        double[] fnoNoisy = accuracy(fnoNet::apply, truths32, noisy32);
        double[] unetClean = null, unetNoisy = null;
        if (unet32 != null) {
            ZeroFilledPostProcessor unetNet = unet32.net;
            unetClean = accuracy(unetNet::apply, truths32, clean32);
            unetNoisy = accuracy(unetNet::apply, truths32, noisy32);
        }

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
        double accuracySeconds = (System.nanoTime() - t0) / 1e9;

        // ---------------------------------------------------------------- full: zero-filled + FNO at 64 x 64 beside FIRENET 64 x 64
        TrainedPostProcessor fno64 = null;
        double[] fno64Clean = null, fno64Noisy = null, stabFno64 = null;
        if (full) {
            ctx.progress("training the zero-filled + FNO post-processor (" + FNO64_STEPS + " steps, " + FIRENET_SIZE + "x" + FIRENET_SIZE + ")");
            Tensor[] train64 = FourierCoefficientData.ellipseImages(big.a, FIRENET_SIZE, 4 * TRAIN_IMAGES, TRAIN_SEED);
            Tensor[] testImages64 = FourierCoefficientData.ellipseImages(big.a, FIRENET_SIZE, bigTests, TEST_SEED);
            fno64 = trainPostProcessor(ZeroFilledPostProcessor.fno(big.a, FIRENET_SIZE, fnoConfig(FNO_FULL, 16), 41),
                    train64, testImages64, FNO64_STEPS, FNO_LR_FULL, 42, 0, null);
            addTraining(out, "zero-filled+FNO 64x64", fno64);
            ZeroFilledPostProcessor net64 = fno64.net;
            fno64Clean = accuracy(net64::apply, truths64, clean64);
            fno64Noisy = accuracy(net64::apply, truths64, noisy64);
            ctx.progress("stability: zero-filled + FNO 64x64");
            stabFno64 = stability(net64.asDifferentiableMap(), Tensor.of(clean64[0], 1, clean64[0].length), 100, 2, 20, ctx.seed() + 7);
        }

        // ---------------------------------------------------------------- stability at the first held-out image
        ctx.progress("stability: LISTA 32x32");
        t0 = System.nanoTime();
        Tensor yL = Tensor.of(clean32[0], 1, clean32[0].length);
        double[] stabLista = stability(lista.asDifferentiableMap(), yL, full ? 200 : 60, full ? 4 : 2, 20, ctx.seed() + 1);
        double[] stabPost = stability(post.asDifferentiableMap(), yL, full ? 200 : 60, full ? 4 : 2, 20, ctx.seed() + 4);
        ctx.progress("stability: zero-filled + FNO 32x32" + (full ? " and U-Net" : ""));
        double[] stabFno = stability(fnoNet.asDifferentiableMap(), yL, full ? 200 : 40, full ? 4 : 2, 20, ctx.seed() + 5);
        double[] stabUnet = unet32 == null ? null : stability(unet32.net.asDifferentiableMap(), yL, 200, 4, 20, ctx.seed() + 6);
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
        out.row(MetricRow.of("stability searches seconds (all maps)", stabilitySeconds));

        // ---------------------------------------------------------------- rows
        addAccuracy(out, "LISTA 32x32 (trained)", listaClean, listaNoisy, nTest);
        addAccuracy(out, "adjoint+MLP 32x32 (trained)", postClean, postNoisy, nTest);
        addAccuracy(out, "zero-filled+FNO 32x32 (trained)", fnoClean, fnoNoisy, nTest);
        if (unetClean != null) addAccuracy(out, "zero-filled+U-Net 32x32 (trained)", unetClean, unetNoisy, nTest);
        addAccuracy(out, "FIRENET 32x32", fireSmallClean, fireSmallNoisy, firenetTests);
        if (fno64Clean != null) addAccuracy(out, "zero-filled+FNO 64x64 (trained)", fno64Clean, fno64Noisy, bigTests);
        addAccuracy(out, "FIRENET 64x64", fireBigClean, fireBigNoisy, bigTests);
        addStability(out, "LISTA 32x32 (trained)", stabLista, false);
        addStability(out, "adjoint+MLP 32x32 (trained)", stabPost, false);
        addStability(out, "zero-filled+FNO 32x32 (trained)", stabFno, false);
        if (stabUnet != null) addStability(out, "zero-filled+U-Net 32x32 (trained)", stabUnet, false);
        addStability(out, "FIRENET 32x32", stabFire32, false);
        if (stabFno64 != null) addStability(out, "zero-filled+FNO 64x64 (trained)", stabFno64, false);
        addStability(out, "FIRENET 64x64", stabFire64, true);
        out.row(MetricRow.of("worst-case 1% ratio: LISTA 32x32 / FIRENET 32x32", stabLista[1] / stabFire32[1]));
        out.row(MetricRow.of("worst-case 5% ratio: LISTA 32x32 / FIRENET 32x32", stabLista[2] / stabFire32[2]));
        out.row(MetricRow.of("worst-case 1% ratio: adjoint+MLP 32x32 / FIRENET 32x32", stabPost[1] / stabFire32[1]));
        out.row(MetricRow.of("worst-case 5% ratio: adjoint+MLP 32x32 / FIRENET 32x32", stabPost[2] / stabFire32[2]));
        out.row(MetricRow.of("worst-case 1% ratio: zero-filled+FNO 32x32 / FIRENET 32x32", stabFno[1] / stabFire32[1]));
        out.row(MetricRow.of("worst-case 5% ratio: zero-filled+FNO 32x32 / FIRENET 32x32", stabFno[2] / stabFire32[2]));
        if (stabUnet != null) {
            out.row(MetricRow.of("worst-case 1% ratio: zero-filled+U-Net 32x32 / FIRENET 32x32", stabUnet[1] / stabFire32[1]));
            out.row(MetricRow.of("worst-case 5% ratio: zero-filled+U-Net 32x32 / FIRENET 32x32", stabUnet[2] / stabFire32[2]));
        }
        if (stabFno64 != null) {
            out.row(MetricRow.of("worst-case 1% ratio: zero-filled+FNO 64x64 / FIRENET 64x64", stabFno64[1] / stabFire64[1]));
            out.row(MetricRow.of("worst-case 5% ratio: zero-filled+FNO 64x64 / FIRENET 64x64", stabFno64[2] / stabFire64[2]));
        }
        out.note("Stability is measured at the first held-out image; ratios are ||Phi(y+e) - Phi(y)|| / ||e|| with images in [0, 1]. "
                + "FIRENET uses the 2%-noise schedule delta = 0.02 ||y|| / 3 in the stability rows. Rows of the trained networks are observations, "
                + "not bounds.");
        out.note(observation("LISTA (ISTA-initialised, " + LISTA_LAYERS + " layers)", stabLista, stabFire32));
        out.note(observation("adjoint + MLP post-processor (hidden " + POST_HIDDEN + ")", stabPost, stabFire32));
        out.note(observation("zero-filled + FNO post-processor (width " + fnoPlan[0] + ", " + fnoPlan[1] + " layers, " + fnoPlan[3]
                + " steps)", stabFno, stabFire32));
        if (stabUnet != null) out.note(observation("zero-filled + U-Net post-processor (" + UNET_BASE + " base channels, "
                + UNET_LEVELS + " levels)", stabUnet, stabFire32));
        if (stabFno64 != null) out.note(observation("zero-filled + FNO post-processor at 64x64", stabFno64, stabFire64));

        // ---------------------------------------------------------------- figures
        Map<String, double[]> bars = new LinkedHashMap<>();
        bars.put("LISTA 32x32 (trained)", stabLista);
        bars.put("adjoint+MLP 32x32 (trained)", stabPost);
        bars.put("zero-filled+FNO 32x32 (trained)", stabFno);
        if (stabUnet != null) bars.put("zero-filled+U-Net 32x32 (trained)", stabUnet);
        if (stabFno64 != null) bars.put("zero-filled+FNO 64x64 (trained)", stabFno64);
        bars.put("FIRENET 32x32", stabFire32);
        bars.put("FIRENET 64x64", stabFire64);
        out.figure(ctx.relative(Plots.bars(ctx.figure("stability_bars.png"), "Amplification ||Phi(y+e)-Phi(y)|| / ||e||",
                "ratio", List.of("random, 1% of ||y||", "worst case, 1%", "worst case, 5%"), bars, true)));
        double[] listaRecon = listaImage.apply(clean32[0]);
        double[] fireRecon = ComplexArrays.realPart(small.firenet(y32, 1e-12).reconstruct(clean32[0]).image());
        out.figure(ctx.relative(Plots.heatMaps(ctx.figure("held_out_32.png"),
                "held-out ellipses 32x32: truth, LISTA, adjoint+MLP, zero-filled+FNO, FIRENET (noiseless)",
                List.of(new Field2d("truth", Tensor.wrap(truths32[0], LISTA_SIZE, LISTA_SIZE)),
                        new Field2d("LISTA", Tensor.wrap(listaRecon, LISTA_SIZE, LISTA_SIZE)),
                        new Field2d("adjoint+MLP", Tensor.wrap(postImage.apply(clean32[0]), LISTA_SIZE, LISTA_SIZE)),
                        new Field2d("zero-filled+FNO", Tensor.wrap(fnoNet.apply(clean32[0]), LISTA_SIZE, LISTA_SIZE)),
                        new Field2d("FIRENET", Tensor.wrap(fireRecon, LISTA_SIZE, LISTA_SIZE))), true)));
        return out.build();
    }

    /** States both worst-case comparisons, whichever way they go (the paper expects the trained ratio to be far larger). */
    static String observation(String who, double[] trained, double[] firenet) {
        StringBuilder sb = new StringBuilder("Observed: worst-case amplification of the trained " + who + " against FIRENET at the same size: ");
        for (int k = 0; k < RADII.length; k++) {
            double q = trained[1 + k] / firenet[1 + k];
            sb.append(String.format(java.util.Locale.ROOT, "%s%.0f%%: %.3g vs %.3g (%s, x%.2f)", k == 0 ? "" : "; ", 100 * RADII[k],
                    trained[1 + k], firenet[1 + k], q > 1 ? "LESS stable" : "more stable", q));
        }
        return sb.append(". The paper expects the trained network's to be far larger.").toString();
    }

    /** The FNO of a plan {@code {width, layers, projection width, steps}} keeping {@code modes} modes per axis. */
    static FnoConfig fnoConfig(int[] plan, int modes) {
        return FnoConfig.builder().inChannels(2).outChannels(1).width(plan[0]).modes(modes, modes).layers(plan[1])
                .projectionWidth(plan[2]).build();
    }

    private static void addTraining(ExperimentResult.Builder out, String who, TrainedPostProcessor t) {
        out.row(MetricRow.of(who + " held-out MSE after training / zero-filled start", t.testMseAfter / t.testMseBefore)
                .withBound(Bound.atMost(0.5)));
        out.row(MetricRow.of(who + " training seconds", t.seconds));
        for (int i = 0; i < t.probeSteps.length; i++)
            out.row(MetricRow.of(who + " worst-case amplification, 1% of ||y||, after " + t.probeSteps[i] + " steps (40-iteration probe)",
                    t.probeWorst[i]));
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
