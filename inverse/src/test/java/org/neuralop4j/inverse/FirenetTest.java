package org.neuralop4j.inverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;
import org.neuralop4j.core.autodiff.GradCheck;
import org.neuralop4j.core.autodiff.Var;

/** The acceptance numbers at 64 x 64 (Shepp-Logan, subsampled Fourier, Haar, 45% variable density). */
class FirenetTest {
    static final class Setup {
        final int size;
        final double[] image;
        final SamplingMask mask;
        final SubsampledFourier a;
        final WaveletTransform w;
        final double[] y;

        Setup(int size, double noise) {
            this.size = size;
            int[] dims = {size, size};
            image = ComplexArrays.fromReal(Phantoms.sheppLogan(size));
            mask = SamplingMask.variableDensity(dims, SamplingMask.Spectrum.FOURIER, 0.45, 7);
            a = new SubsampledFourier(mask);
            w = new WaveletTransform(Wavelet.HAAR, dims, WaveletTransform.maxLevels(dims));
            y = a.apply(image);
            if (noise > 0) Noise.addRelativeComplexGaussian(y, noise, 3);
        }

        Firenet firenet(int p, int n, double delta) {
            return Firenet.builder(a).sparsifier(w).lambda(1e-3).innerIterations(p).restarts(n).delta(delta)
                    .epsilon0(ComplexArrays.norm(y)).build();
        }
    }

    @Test
    void operatorSanity() {
        Setup s = new Setup(64, 0);
        assertEquals(1.0, s.a.normEstimate(3, 1), 1e-12);
        assertEquals(1.0, s.a.compose(s.w.adjointOperator()).normEstimate(3, 1), 1e-12);
        assertTrue(AdjointTest.relativeError(s.a, 1) <= 1e-12);
        assertTrue(ComplexArrays.distance(s.w.adjoint(s.w.apply(s.image)), s.image) <= 1e-12 * ComplexArrays.norm(s.image));
        assertEquals(0.45, s.mask.rate(), 1e-3);
    }

    @Test
    void noiselessReconstructionConvergesGeometrically() {
        Setup s = new Setup(64, 0);
        Reconstruction r = s.firenet(20, 20, 1e-12).reconstruct(s.y, s.image);
        assertTrue(r.finalRelativeError() <= 1e-9, "relative error " + r.finalRelativeError());
        double[] err = r.relativeErrors();
        for (int k = 3; k < 15; k++) { // err_{k+1} / err_k for restarts 3 .. 15 (1-based)
            double c = err[k] / err[k - 1];
            assertTrue(c >= 0.25 && c <= 0.45, "contraction from restart " + k + " to " + (k + 1) + ": " + c);
        }
        assertFalse(r.stall().stalled(), r.stall().message());
    }

    @Test
    void levelWeightsAreSqrtOfTotalOverLocalSparsityAndConverge() {
        Setup s = new Setup(64, 0);
        double[] local = Firenet.localSparsity(s.w, s.w.apply(s.image), 1e-3);
        double total = 0;
        for (double v : local) total += v;
        double[] weights = Firenet.levelWeights(s.w, local);
        for (int i = 0; i < weights.length; i += 97)
            assertEquals(Math.sqrt(total / local[s.w.levelOf(i)]), weights[i], 1e-15);
        Reconstruction r = Firenet.builder(s.a).sparsifier(s.w).lambda(1e-3).weights(weights).innerIterations(20).restarts(20)
                .epsilon0(ComplexArrays.norm(s.y)).build().reconstruct(s.y, s.image);
        assertTrue(r.finalRelativeError() <= 1e-9, "weighted relative error " + r.finalRelativeError());
    }

    @Test
    void stallDetectorFiresWhenPIsTooSmall() {
        Setup s = new Setup(64, 0);
        Reconstruction r = s.firenet(5, 20, 1e-12).reconstruct(s.y, s.image);
        assertTrue(r.stall().stalled(), r.stall().message());
        assertTrue(r.finalRelativeError() > 0.1, "p = 5 does not reach the solution: " + r.finalRelativeError());
    }

    @Test
    void noisyReconstructionIsAccurateAndStable() {
        Setup s = new Setup(64, 0.02);
        double noiseNorm = 0.02 * ComplexArrays.norm(s.a.apply(s.image));
        Reconstruction r = s.firenet(20, 20, noiseNorm / 3).reconstruct(s.y, s.image);
        double psnr = Metrics.psnr(ComplexArrays.realPart(r.image()), ComplexArrays.realPart(s.image));
        assertTrue(r.finalRelativeError() <= 0.05, "relative error " + r.finalRelativeError());
        assertTrue(psnr >= 38, "PSNR " + psnr);
        assertFalse(r.stall().stalled(), r.stall().message());
    }

    @Test
    void networkFormHasTheStatedShapeAndEqualsTheSolver() {
        Setup s = new Setup(64, 0);
        Firenet f = s.firenet(20, 20, 1e-12);
        UnrolledNetwork net = f.asNetwork();
        int n = 64 * 64, m = s.mask.count();
        assertEquals(3 * 20 * 20 + 1, net.depth());
        assertTrue(net.width() <= 2 * (n + m), "width " + net.width());
        double[] viaNetwork = net.evaluate(s.y);
        double[] viaSolver = f.reconstruct(s.y).image();
        double diff = 0;
        for (int i = 0; i < viaSolver.length; i++) diff = Math.max(diff, Math.abs(viaNetwork[i] - viaSolver[i]));
        assertTrue(diff <= 1e-12, "network vs solver " + diff);
        long nl = net.layers().stream().filter(l -> l.nonlinearity() == UnrolledNetwork.NonlinearityKind.SOFT_THRESHOLD).count();
        assertEquals(20 * 20, nl);
    }

    @Test
    void vectorJacobianProductMatchesFiniteDifferences() {
        Setup s = new Setup(16, 0.02);
        Firenet f = s.firenet(3, 2, 1e-3);
        DifferentiableMap map = f.asDifferentiableMap(16, 16);
        int m = s.mask.count();
        Tensor y = Tensor.wrap(s.y.clone(), m, 2);
        GradCheck.Result res = GradCheck.assertGradients("FIRENET y -> x", in -> {
            Var v = in[0];
            Tensor out = map.apply(v.value());
            return Var.op(out, g -> v.accumulate(map.vjp(v.value(), g)), v);
        }, 1e-6, y);
        assertTrue(res.maxError() <= 1e-6, res.toString());
        // the network's own evaluation is the map's value
        assertArrayEquals(f.asNetwork().evaluate(s.y), map.apply(y).data(), 1e-12);
    }

    @Test
    void sameSeedSameBitsForOneAndTwoThreads() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Setup s1 = new Setup(32, 0.02);
            double[] one = s1.firenet(10, 5, 1e-6).reconstruct(s1.y).image();
            Parallel.setThreads(2);
            Setup s2 = new Setup(32, 0.02);
            double[] two = s2.firenet(10, 5, 1e-6).reconstruct(s2.y).image();
            assertEquals(s1.mask, s2.mask);
            assertArrayEquals(s1.y, s2.y, 0);
            assertArrayEquals(one, two, 0);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void depthGrowsLikeLogOfOneOverEpsilon() {
        Setup s = new Setup(16, 0);
        Firenet f = s.firenet(20, 5, 0);
        double eps0 = ComplexArrays.norm(s.y);
        for (int digits = 1; digits <= 12; digits++) {
            double eps = eps0 * Math.pow(10, -digits);
            int k = f.restartsForAccuracy(eps);
            // eps_k = e^{-k} eps_0 with delta = 0: exactly ceil(ln(eps_0 / eps)) restarts
            assertEquals((int) Math.ceil(digits * Math.log(10) - 1e-9), k, "digits " + digits);
            assertEquals(3L * 20 * k + 1, f.depthForAccuracy(eps));
        }
    }

    @Test
    void inexactInputNoAlgorithmGetsKDigits() {
        for (int k : new int[] {1, 3, 6}) {
            InexactInput truth = InexactInput.instance(1.0 / 6, k, 1, 1, 30, 2, 20);
            InexactInput given = InexactInput.instance(1.0 / 6, k, 1, 2, 30, 2, 20);
            // the inputs agree to 2^-30, the minimisers differ by about 3 * 10^-K
            double da = 0;
            double[] m1 = truth.matrix(), m2 = given.matrix();
            for (int i = 0; i < m1.length; i++) da = Math.max(da, Math.abs(m1[i] - m2[i]));
            assertTrue(da <= Math.pow(2, -30));
            assertEquals(3 * Math.pow(10, -k), ComplexArrays.distance(truth.minimiser(), given.minimiser()), 1e-6 * Math.pow(10, -k) + 1e-9 * 3 * Math.pow(10, -k) * 1e3);
            LinearOperator an = given.operator();
            double[] y = given.data();
            Firenet f = Firenet.builder(an).lambda(1).innerIterations(50).restarts(30).delta(1e-6)
                    .operatorNorm(an.normEstimate(2000, 1) * (1 + 1e-9)).epsilon0(ComplexArrays.norm(y)).build();
            double dist = ComplexArrays.distance(f.reconstruct(y).image(), truth.minimiser());
            assertEquals(1.5 * Math.pow(10, -k), dist, 1e-3 * Math.pow(10, -k), "K = " + k);
        }
    }
}
