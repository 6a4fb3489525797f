package org.neuralop4j.validation.studies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.inverse.ComplexArrays;
import org.neuralop4j.inverse.MatrixOperator;
import org.neuralop4j.inverse.Phantoms;
import org.neuralop4j.validation.stability.MatrixMap;

class TrainedVersusFirenetTest {
    @Test
    void realCoefficientMatrixReproducesTheComplexFourierSamples() {
        TrainedVersusFirenetExperiment.Setup s = new TrainedVersusFirenetExperiment.Setup(16);
        MatrixOperator b = FourierCoefficientData.realCoefficientMatrix(s.a, s.w);
        int n = 256, m = s.a.rangeSize();
        assertEquals(2 * m, b.rangeSize());
        assertEquals(n, b.domainSize());
        double[] z = Tensor.randn(3, n).data();
        double[] viaMatrix = Tensor.wrap(b.matrix(), 2 * m, n).matmul(Tensor.wrap(z.clone(), n, 1)).data();
        double[] img = new double[2 * n], y = new double[2 * m];
        s.w.adjoint(ComplexArrays.fromReal(z), img);
        s.a.apply(img, y);
        assertArrayEquals(y, viaMatrix, 1e-12);
        // ||A|| = 1 and W orthonormal: B has orthonormal rows in the complex sense, so ||B z|| <= ||z||
        assertTrue(ComplexArrays.norm(y) <= Math.sqrt(2) * Math.sqrt(dot(z, z)));
    }

    @Test
    void ellipseDataAreCoefficientsAndMeasurementsOfTheSeededPhantoms() {
        TrainedVersusFirenetExperiment.Setup s = new TrainedVersusFirenetExperiment.Setup(16);
        Tensor[] d = FourierCoefficientData.ellipses(s.a, s.w, 16, 3, 42);
        double[] truth = Phantoms.randomEllipses(16, 8, 43); // image 1 comes from seed 42 + 1
        assertArrayEquals(truth, FourierCoefficientData.image(s.w, d[0].select(1).data()), 1e-12);
        double[] y = new double[2 * s.a.rangeSize()];
        s.a.apply(ComplexArrays.fromReal(truth), y);
        assertArrayEquals(y, d[1].select(1).data(), 1e-12);
    }

    @Test
    void stabilityNumbersOfALinearMapAreItsNormAndItsRmsGain() {
        // diag(3, 1, ..., 1) on R^40: every ratio lies in [1, 3]; the worst case is the norm 3
        int n = 40;
        Tensor mat = Tensor.zeros(n, n);
        for (int i = 0; i < n; i++) mat.data()[i * n + i] = i == 0 ? 3 : 1;
        double[] st = TrainedVersusFirenetExperiment.stability(new MatrixMap(mat), Tensor.randn(5, n), 100, 2, 20, 9);
        assertTrue(st[0] >= 1 && st[0] < 1.5, "random mean " + st[0]);
        assertEquals(3, st[1], 1e-3);
        assertEquals(3, st[2], 1e-3);
    }

    @Test
    void listaTrainingHelpsOnHeldOutImagesAndIsDeterministic() {
        TrainedVersusFirenetExperiment.Setup s = new TrainedVersusFirenetExperiment.Setup(16);
        Tensor[] test = FourierCoefficientData.ellipses(s.a, s.w, 16, 10, 9000);
        TrainedVersusFirenetExperiment.TrainedLista a = TrainedVersusFirenetExperiment.trainLista(s, 2, 60, 60, test);
        TrainedVersusFirenetExperiment.TrainedLista b = TrainedVersusFirenetExperiment.trainLista(s, 2, 60, 60, test);
        assertTrue(a.testMseAfter < 0.7 * a.testMseBefore, a.testMseBefore + " -> " + a.testMseAfter);
        assertEquals(a.testMseAfter, b.testMseAfter, 0.0);
        assertArrayEquals(a.losses, b.losses, 0.0);
    }

    @Test
    void adjointPostProcessorStartsNearTheAdjointLearnsAndIsDeterministic() {
        TrainedVersusFirenetExperiment.Setup s = new TrainedVersusFirenetExperiment.Setup(16);
        MatrixOperator b = FourierCoefficientData.realCoefficientMatrix(s.a, s.w);
        Tensor[] train = FourierCoefficientData.ellipses(s.a, s.w, 16, 80, 1000);
        Tensor[] test = FourierCoefficientData.ellipses(s.a, s.w, 16, 10, 9000);
        AdjointPostProcessor p = new AdjointPostProcessor(b, 32, 3), q = new AdjointPostProcessor(b, 32, 3);
        double before = p.meanSquaredError(test[0], test[1]);
        double[] lp = p.train(train[0], train[1], 80, 16, 1e-3, 4), lq = q.train(train[0], train[1], 80, 16, 1e-3, 4);
        assertArrayEquals(lp, lq, 0.0);
        double after = p.meanSquaredError(test[0], test[1]);
        assertTrue(after < 0.7 * before, before + " -> " + after);
        // the map's VJP is the transpose of its Jacobian: <J^T v, u> = d/dt <Phi(y + t u), v> (central difference)
        Tensor y = test[1].select(0).reshape(1, test[1].dim(1));
        Tensor u = Tensor.randn(8, y.shape()), v = Tensor.randn(9, 1, 256);
        var map = p.asDifferentiableMap();
        double h = 1e-5;
        double fd = (map.apply(y.copy().axpyInPlace(h, u)).sub(map.apply(y.copy().axpyInPlace(-h, u))).mul(v).sum()) / (2 * h);
        double viaVjp = map.vjp(y, v).mul(u).sum();
        assertEquals(fd, viaVjp, 1e-6 * Math.abs(fd) + 1e-9);
    }

    @Test
    void observationStatesEachRadiusWhicheverWayItGoes() {
        String s = TrainedVersusFirenetExperiment.observation("net", new double[] {1, 4, 4}, new double[] {2, 5, 3});
        assertTrue(s.contains("1%: 4.00 vs 5.00 (more stable, x0.80)"), s);
        assertTrue(s.contains("5%: 4.00 vs 3.00 (LESS stable, x1.33)"), s);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
