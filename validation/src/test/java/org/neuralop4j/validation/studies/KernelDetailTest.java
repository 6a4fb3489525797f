package org.neuralop4j.validation.studies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;
import org.neuralop4j.inverse.ComplexArrays;
import org.neuralop4j.inverse.MatrixOperator;
import org.neuralop4j.validation.stability.WorstCaseSearch;

class KernelDetailTest {
    private static final int N = 16;
    private final TrainedVersusFirenetExperiment.Setup s = new TrainedVersusFirenetExperiment.Setup(N);

    @Test
    void kernelProjectionIsTheOrthogonalProjectionOntoTheRealKernelOfA() {
        double[] d = Tensor.randn(1, N * N).data(), g = Tensor.randn(2, N * N).data();
        double[] qd = KernelDetail.kernelProjection(s.mask, d), qg = KernelDetail.kernelProjection(s.mask, g);
        double[] y = new double[2 * s.a.rangeSize()];
        s.a.apply(ComplexArrays.fromReal(qd), y);
        assertTrue(ComplexArrays.norm(y) < 1e-13 * norm(d), "A Q d = " + ComplexArrays.norm(y));
        assertArrayEquals(qd, KernelDetail.kernelProjection(s.mask, qd), 1e-13); // idempotent
        assertEquals(dot(qd, g), dot(d, qg), 1e-12); // symmetric
        // the range of Re A^H (what A can see of real images) is orthogonal to the kernel: Q Re(A^H w) = 0
        double[] w = Tensor.randn(3, 2 * s.a.rangeSize()).data(), ahw = new double[2 * N * N];
        s.a.adjoint(w, ahw);
        double[] seen = ComplexArrays.realPart(ahw);
        assertTrue(norm(KernelDetail.kernelProjection(s.mask, seen)) < 1e-13 * norm(seen));
        // and nothing else is: ||d||^2 = ||Q d||^2 + ||(I - Q) d||^2 with (I - Q) d = Re A^H u for some u, i.e. A sees it all
        double[] rest = d.clone();
        for (int i = 0; i < rest.length; i++) rest[i] -= qd[i];
        s.a.apply(ComplexArrays.fromReal(rest), y);
        assertTrue(ComplexArrays.norm(y) > 0.7 * norm(rest), "A keeps at least 1/sqrt(2) of the rest: " + ComplexArrays.norm(y) / norm(rest));
        assertEquals(dot(d, d), dot(qd, qd) + dot(rest, rest), 1e-10);
        int dimS = KernelDetail.realBasis(s.mask).length, m = s.mask.count();
        assertTrue(dimS >= m && dimS <= 2 * m, "|S| = " + dimS + " lies between m and 2m, m = " + m);
        assertEquals(countTrue(KernelDetail.symmetricSampledSet(s.mask)), KernelDetail.realBasis(s.mask).length);
    }

    @Test
    void buildGivesTheRequestedMeasurementNormAndOrthogonalParts() {
        double[] d = KernelDetail.checkerPatch(N, 5, 6, 4, 0.5);
        assertEquals(2.0, norm(d), 1e-15);
        double[] v = sampledPart(Tensor.randn(4, N * N).data()); // a direction A sees
        KernelDetail z = KernelDetail.build(s.a, s.mask, d, v, 0.037);
        double[] az = new double[2 * s.a.rangeSize()];
        s.a.apply(ComplexArrays.fromReal(z.detail()), az);
        assertEquals(0.037, ComplexArrays.norm(az), 1e-14);
        assertArrayEquals(az, z.measurement(), 1e-14);
        assertEquals(0, dot(z.kernelPart(), z.sampledPart()), 1e-12);
        assertEquals(z.detailNorm() * z.detailNorm(), z.kernelNorm() * z.kernelNorm() + dot(z.sampledPart(), z.sampledPart()), 1e-12);
        assertEquals(z.detailNorm() / 0.037, z.lipschitzLowerBound(), 1e-12);
        assertEquals(1, z.detailFraction(z.kernelPart()), 1e-14);
        assertEquals(0, z.detailFraction(z.sampledPart()), 1e-12);
        // an invisible direction cannot carry the measurement
        assertThrows(IllegalArgumentException.class, () -> KernelDetail.build(s.a, s.mask, d, z.kernelPart(), 0.037));
        assertThrows(IllegalArgumentException.class, () -> KernelDetail.checkerPatch(N, 14, 0, 4, 1));
    }

    @Test
    void quietestSampledDirectionFindsAPlantedZeroVarianceDirection() {
        // images spread in every direction of S but one, u: the search must return +-u
        double[] u = sampledUnit(7);
        int count = 400, pixels = N * N;
        double[] imgs = new double[count * pixels];
        for (int c = 0; c < count; c++) {
            double[] g = sampledPart(Tensor.randn(100 + c, pixels).data());
            double t = dot(g, u);
            for (int p = 0; p < pixels; p++) imgs[c * pixels + p] = g[p] - t * u[p] + 0.25 * u[p]; // constant along u
        }
        double[] v = KernelDetail.quietestSampledDirection(s.mask, Tensor.wrap(imgs, count, pixels));
        assertEquals(1, norm(v), 1e-12);
        assertEquals(1, Math.abs(dot(u, v)), 1e-9);
    }

    @Test
    void aNetworkFittingBothClassesAmplifiesTheDetailMeasurementAndFirenetDoesNot() {
        // The theorem's setting: pairs x, x + z in the training set, ||A z|| small. A net that fits them must map
        // y -> y + A z to a change of about ||z||, i.e. amplify A z by about ||z|| / ||A z||; FIRENET need not.
        Tensor[] base = FourierCoefficientData.ellipseImages(s.a, N, 8, 500);
        double[] d = KernelDetail.checkerPatch(N, 4, 8, 4, 0.5);
        double[] v = KernelDetail.quietestSampledDirection(s.mask, FourierCoefficientData.ellipseImages(s.a, N, 400, 2000)[0]);
        KernelDetail z = KernelDetail.build(s.a, s.mask, d, v, 0.05);
        int pixels = N * N, m2 = 2 * s.a.rangeSize();
        double[] xs = new double[16 * pixels], ys = new double[16 * m2];
        for (int c = 0; c < 16; c++) {
            double[] x = base[0].select(c / 2).data(), y = base[1].select(c / 2).data();
            for (int p = 0; p < pixels; p++) xs[c * pixels + p] = x[p] + (c % 2 == 0 ? z.detail()[p] : 0);
            for (int j = 0; j < m2; j++) ys[c * m2 + j] = y[j] + (c % 2 == 0 ? z.measurement()[j] : 0);
        }
        MatrixOperator b = FourierCoefficientData.realCoefficientMatrix(s.a, s.w);
        double[] coef = new double[16 * pixels], w = new double[2 * pixels];
        for (int c = 0; c < 16; c++) {
            s.w.apply(ComplexArrays.fromReal(java.util.Arrays.copyOfRange(xs, c * pixels, (c + 1) * pixels)), w);
            for (int p = 0; p < pixels; p++) coef[c * pixels + p] = w[2 * p];
        }
        AdjointPostProcessor net = new AdjointPostProcessor(b, 64, 5);
        net.train(Tensor.wrap(coef, 16, pixels), Tensor.wrap(ys, 16, m2), 1200, 16, 3e-3, 6);
        DifferentiableMap map = KernelDetailInstabilityExperiment.imageMap(net.asDifferentiableMap(), s);
        Tensor y1 = Tensor.of(java.util.Arrays.copyOfRange(ys, m2, 2 * m2), 1, m2); // a training image without the detail
        double[] direct = KernelDetailInstabilityExperiment.directTest(map, y1, z);
        assertTrue(direct[0] > 0.5 * z.lipschitzLowerBound(), "direct " + direct[0] + " vs bound " + z.lipschitzLowerBound());
        assertTrue(direct[1] > 0.5, "detail fraction " + direct[1]);
        // the worst-case search at radius ||A z|| finds at least what A z does
        WorstCaseSearch.Result worst = WorstCaseSearch.search(map, y1, WorstCaseSearch.Config.defaults(z.measurementNorm())
                .withIterations(40).withRestarts(1).withSeed(3));
        assertTrue(worst.ratio() > 0.9 * direct[0], "worst " + worst.ratio() + " vs direct " + direct[0]);
        double yn = ComplexArrays.norm(y1.data());
        double[] fire = KernelDetailInstabilityExperiment.directTest(s.firenet(yn, 0.02 * yn / 3).asDifferentiableMap(),
                Tensor.of(y1.data(), m2 / 2, 2), z);
        assertTrue(fire[0] < 10, "FIRENET direct " + fire[0]);
        assertTrue(Math.abs(fire[1]) < 0.1, "FIRENET detail fraction " + fire[1]);
    }

    /** A random unit real image with spectrum in S (seeded). */
    private double[] sampledUnit(long seed) {
        double[] g = sampledPart(Tensor.randn(seed, N * N).data());
        double n = norm(g);
        for (int i = 0; i < g.length; i++) g[i] /= n;
        return g;
    }

    private double[] sampledPart(double[] g) {
        double[] q = KernelDetail.kernelProjection(s.mask, g), out = g.clone();
        for (int i = 0; i < out.length; i++) out[i] -= q[i];
        return out;
    }

    private static int countTrue(boolean[] b) {
        int c = 0;
        for (boolean x : b) if (x) c++;
        return c;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double norm(double[] a) { return Math.sqrt(dot(a, a)); }
}
