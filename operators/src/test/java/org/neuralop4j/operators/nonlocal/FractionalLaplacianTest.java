package org.neuralop4j.operators.nonlocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradCheck;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.operators.nonlocal.FractionalLaplacian.Direction;

class FractionalLaplacianTest {
    private static Tensor sine1d(int n, int k, double length) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = Math.sin(2 * Math.PI * k * i / n);
        return Tensor.wrap(d, 1, 1, n);
    }

    /**
     * Eigenfunction check in the two forms floating point can deliver: the Rayleigh quotient equals the eigenvalue
     * to 1e-12 relative (round-off lands in other modes, orthogonal to u), and the residual meets the normwise bound
     * |Lu - lambda u| <= 1e-12 * ||L|| * ||u|| (round-off of size 1e-16 in mode j is scaled by the symbol at j).
     */
    private static void assertEigenpair(Tensor u, Tensor lu, double lambda, double operatorNorm, String what) {
        assertEquals(lambda, lu.dot(u) / u.dot(u), 1e-12 * lambda, what + " Rayleigh quotient");
        assertEquals(0, lu.maxAbsDiff(u.scale(lambda)) / (operatorNorm * u.normInf()), 1e-12, what + " residual");
    }

    @Test
    void eigenfunctionsInOneDimension() {
        int n = 64;
        for (double s : new double[] {0.25, 0.5, 0.75, 1.0, 1.5}) {
            double forwardNorm = Math.pow(2 * Math.PI * n / 2, 2 * s), inverseNorm = Math.pow(2 * Math.PI, -2 * s);
            for (int k : new int[] {1, 3, 7, 31}) {
                Tensor u = sine1d(n, k, 1.0);
                double lambda = Math.pow(2 * Math.PI * k, 2 * s);
                assertEigenpair(u, FractionalLaplacian.apply(u, s, 1.0, Direction.FORWARD), lambda, forwardNorm, "s=" + s + " k=" + k);
                assertEigenpair(u, FractionalLaplacian.apply(u, s, 1.0, Direction.INVERSE), 1 / lambda, inverseNorm, "inverse s=" + s + " k=" + k);
            }
        }
    }

    @Test
    void eigenfunctionsInTwoAndThreeDimensionsAndOtherPeriods() {
        int n = 16;
        double length = 2.5, s = 0.6;
        double[] d2 = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) d2[i * n + j] = Math.sin(2 * Math.PI * (2.0 * i + 3.0 * j) / n);
        Tensor u2 = Tensor.wrap(d2, 1, 1, n, n);
        double lambda2 = Math.pow(2 * Math.PI / length * Math.sqrt(13), 2 * s);
        double norm2 = Math.pow(2 * Math.PI / length * Math.sqrt(2.0 * (n / 2) * (n / 2)), 2 * s);
        assertEigenpair(u2, FractionalLaplacian.apply(u2, s, length, Direction.FORWARD), lambda2, norm2, "2-D");
        double[] d3 = new double[n * n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int l = 0; l < n; l++) d3[(i * n + j) * n + l] = Math.cos(2 * Math.PI * (i - 2.0 * j + 5.0 * l) / n);
        Tensor u3 = Tensor.wrap(d3, 1, 1, n, n, n);
        double lambda3 = Math.pow(2 * Math.PI / length * Math.sqrt(30), 2 * s);
        double norm3 = Math.pow(2 * Math.PI / length * Math.sqrt(3.0 * (n / 2) * (n / 2)), 2 * s);
        assertEigenpair(u3, FractionalLaplacian.apply(u3, s, length, Direction.FORWARD), lambda3, norm3, "3-D");
    }

    @Test
    void orderOneIsTheNegativeLaplacianAndInverseUndoesForwardOnMeanZeroFields() {
        int n = 32;
        Tensor u = Tensor.randn(3, 2, 3, n);
        // remove the mean of every field so the inverse is defined
        double[] d = u.data();
        for (int f = 0; f < 6; f++) {
            double m = 0;
            for (int i = 0; i < n; i++) m += d[f * n + i];
            for (int i = 0; i < n; i++) d[f * n + i] -= m / n;
        }
        Tensor back = FractionalLaplacian.apply(FractionalLaplacian.apply(u, 0.7, 1, Direction.FORWARD), 0.7, 1, Direction.INVERSE);
        assertEquals(0, back.maxAbsDiff(u), 1e-12);
        // order 1 on a quadratic-free trigonometric polynomial equals the spectral second derivative with a minus sign
        Tensor c = sine1d(n, 5, 1);
        assertEigenpair(c, FractionalLaplacian.apply(c, 1.0, 1, Direction.FORWARD), Math.pow(2 * Math.PI * 5, 2),
                Math.pow(2 * Math.PI * n / 2, 2), "order 1");
    }

    @Test
    void gradientsWithRespectToInputWeightsAndOrder() {
        for (Direction dir : Direction.values()) {
            GradCheck.assertGradients("fractional laplacian " + dir,
                    v -> FractionalLaplacian.apply(v[0], v[1], v[2], 1.0, dir), 1e-6,
                    Tensor.randn(1, 2, 3, 12), Tensor.scalar(0.4), Tensor.vector(0.5, -1.2, 2.0));
            GradCheck.assertGradients("fractional laplacian 2-D " + dir,
                    v -> FractionalLaplacian.apply(v[0], v[1], v[2], 1.7, dir), 1e-6,
                    Tensor.randn(2, 1, 2, 6, 5), Tensor.scalar(0.3), Tensor.vector(1.5, 0.7));
        }
    }

    @Test
    void rejectsBadArguments() {
        Var x = Var.constant(Tensor.zeros(1, 2, 8));
        assertThrows(ShapeMismatchException.class,
                () -> FractionalLaplacian.apply(x, Var.constant(Tensor.scalar(0.5)), Var.constant(Tensor.zeros(3)), 1, Direction.FORWARD));
        assertThrows(IllegalArgumentException.class, () -> FractionalLaplacian.apply(Tensor.zeros(1, 1, 8), 0, 1, Direction.INVERSE));
        assertThrows(IllegalArgumentException.class, () -> FractionalLaplacian.apply(Tensor.zeros(1, 1, 8), -0.5, 1, Direction.FORWARD));
        assertThrows(ShapeMismatchException.class, () -> FractionalLaplacian.apply(Tensor.zeros(8), 0.5, 1, Direction.FORWARD));
    }
}
