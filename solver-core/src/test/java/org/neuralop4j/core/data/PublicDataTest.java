package org.neuralop4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Tensor;

/**
 * Reproduces the facts stated in data/neural-operators/README.md (measured there with float64 NumPy) to 1e-4:
 * they prove that file parsing, the channels-first layout and the relative L2 metric agree with NumPy.
 */
class PublicDataTest {
    @BeforeAll
    static void dataPresent() {
        assertTrue(PublicData.isAvailable(), "public data sets not found (they ship in data/neural-operators)");
    }

    @Test
    void darcyLayout() throws IOException {
        LabeledData train = PublicData.darcy16(Split.TRAIN), test = PublicData.darcy16(Split.TEST);
        assertArrayEquals(new int[] {1000, 1, 16, 16}, train.inputs().shape());
        assertArrayEquals(new int[] {1000, 1, 16, 16}, train.targets().shape());
        assertArrayEquals(new int[] {50, 1, 16, 16}, test.inputs().shape());
        for (double v : train.inputs().data()) assertTrue(v == 0 || v == 1, "x is a binary mask");
        // README: darcy_test_16 equals darcy_test_32[:, ::2, ::2]
        LabeledData t32 = PublicData.darcy32Test();
        assertArrayEquals(new int[] {50, 1, 32, 32}, t32.targets().shape());
        for (int n = 0; n < 50; n++)
            for (int i = 0; i < 16; i++)
                for (int j = 0; j < 16; j++) {
                    assertEquals(t32.targets().get(n, 0, 2 * i, 2 * j), test.targets().get(n, 0, i, j), 0.0);
                    assertEquals(t32.inputs().get(n, 0, 2 * i, 2 * j), test.inputs().get(n, 0, i, j), 0.0);
                }
    }

    @Test
    void darcyMeanFieldPredictor() throws IOException {
        LabeledData train = PublicData.darcy16(Split.TRAIN), test = PublicData.darcy16(Split.TEST);
        int m = 256;
        double[] mean = new double[m];
        double[] y = train.targets().data();
        for (int n = 0; n < train.size(); n++)
            for (int k = 0; k < m; k++) mean[k] += y[n * m + k];
        for (int k = 0; k < m; k++) mean[k] /= train.size();
        double[] pred = new double[test.size() * m];
        for (int n = 0; n < test.size(); n++) System.arraycopy(mean, 0, pred, n * m, m);
        double err = Metrics.relativeL2(Tensor.wrap(pred, test.size(), 1, 16, 16), test.targets());
        assertEquals(0.48684, err, 1e-4);
    }

    @Test
    void darcyRidgeRegression() throws IOException {
        LabeledData train = PublicData.darcy16(Split.TRAIN), test = PublicData.darcy16(Split.TEST);
        DMatrixRMaj w = ridge(train.inputs(), train.targets(), 1.0);
        assertEquals(0.27193, Metrics.relativeL2(predict(test.inputs(), w), test.targets()), 1e-4);
        assertEquals(0.20473, Metrics.relativeL2(predict(train.inputs(), w), train.targets()), 1e-4);
    }

    /** [x, 1] as an (N, m+1) matrix. */
    private static DMatrixRMaj design(Tensor x) {
        int n = x.dim(0), m = x.size() / n;
        DMatrixRMaj a = new DMatrixRMaj(n, m + 1);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) a.set(i, k, x.data()[i * m + k]);
            a.set(i, m, 1.0);
        }
        return a;
    }

    /** W = (A^T A + lambda I)^{-1} A^T Y with A = [x, 1]; the bias row is penalised too, as in the README. */
    private static DMatrixRMaj ridge(Tensor x, Tensor y, double lambda) {
        DMatrixRMaj a = design(x);
        int n = y.dim(0), m = y.size() / n;
        DMatrixRMaj yy = new DMatrixRMaj(n, m);
        System.arraycopy(y.data(), 0, yy.data, 0, n * m);
        DMatrixRMaj ata = new DMatrixRMaj(a.numCols, a.numCols);
        CommonOps_DDRM.multTransA(a, a, ata);
        for (int i = 0; i < ata.numRows; i++) ata.add(i, i, lambda);
        DMatrixRMaj aty = new DMatrixRMaj(a.numCols, m);
        CommonOps_DDRM.multTransA(a, yy, aty);
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(ata.numRows);
        assertTrue(chol.setA(ata), "A^T A + lambda I is positive definite");
        DMatrixRMaj w = new DMatrixRMaj(a.numCols, m);
        chol.solve(aty, w);
        return w;
    }

    private static Tensor predict(Tensor x, DMatrixRMaj w) {
        DMatrixRMaj a = design(x);
        DMatrixRMaj p = new DMatrixRMaj(a.numRows, w.numCols);
        CommonOps_DDRM.mult(a, w, p);
        return Tensor.wrap(p.data, x.shape());
    }

    @Test
    void burgersRepeatedInitialCondition() throws IOException {
        LabeledData test = PublicData.burgers16(Split.TEST);
        assertArrayEquals(new int[] {400, 1, 16}, test.inputs().shape());
        assertArrayEquals(new int[] {400, 1, 17, 16}, test.targets().shape());
        assertEquals(0.01, test.auxiliary().get("visc").data()[0], 1e-15);
        int n = test.size();
        double[] x = test.inputs().data(), pred = new double[n * 17 * 16];
        for (int i = 0; i < n; i++)
            for (int t = 0; t < 17; t++) System.arraycopy(x, i * 16, pred, (i * 17 + t) * 16, 16);
        // README: y[:, 0, :] == x
        for (int i = 0; i < n; i++)
            for (int j = 0; j < 16; j++) assertEquals(x[i * 16 + j], test.targets().get(i, 0, 0, j), 0.0);
        assertEquals(0.43059, Metrics.relativeL2(Tensor.wrap(pred, n, 1, 17, 16), test.targets()), 1e-4);
        assertArrayEquals(new int[] {800, 1, 16}, PublicData.burgers16(Split.TRAIN).inputs().shape());
    }

    @Test
    void antiderivativeQuadratureBaselines() throws IOException {
        LabeledData train = PublicData.antiderivative(Split.TRAIN), test = PublicData.antiderivative(Split.TEST);
        assertArrayEquals(new int[] {150, 100}, train.inputs().shape());
        assertArrayEquals(new int[] {1000, 100}, test.targets().shape());
        Tensor grid = train.auxiliary().get("x");
        assertArrayEquals(new int[] {100, 1}, grid.shape());
        for (int j = 0; j < 100; j++) assertEquals(j / 99.0, grid.data()[j], 1e-15, "x = linspace(0, 1, 100)");
        assertEquals(0.01404, Metrics.relativeL2(cumulative(train.inputs(), true), train.targets()), 1e-4);
        assertEquals(0.01433, Metrics.relativeL2(cumulative(test.inputs(), true), test.targets()), 1e-4);
        assertEquals(0.00337, Metrics.relativeL2(cumulative(train.inputs(), false), train.targets()), 1e-4);
    }

    /**
     * Cumulative integral of each row of v on x = linspace(0, 1, 100), starting at u_0 = 0:
     * trapezoid u_j = sum_{k<j} h (v_k + v_{k+1}) / 2, or left Riemann sum u_j = sum_{k<j} h v_k.
     */
    private static Tensor cumulative(Tensor v, boolean trapezoid) {
        int n = v.dim(0), m = v.dim(1);
        double h = 1.0 / (m - 1);
        double[] a = v.data(), u = new double[n * m];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 1; j < m; j++) {
                double l = a[i * m + j - 1], r = a[i * m + j];
                s += trapezoid ? h * (l + r) / 2 : h * l;
                u[i * m + j] = s;
            }
        }
        return Tensor.wrap(u, n, m);
    }
}
