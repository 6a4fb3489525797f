package org.neuralop4j.validation.stability;

import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;

/**
 * The linear map {@code y -> M y} of a dense {@code (m, n)} matrix, on vectors of shape {@code (n)}, with
 * {@code vjp(y, w) = M^T w}. A map with a known operator norm for testing the stability checks.
 */
public final class MatrixMap implements DifferentiableMap {
    private final Tensor matrix;
    private final Tensor transpose;

    /** @param matrix {@code M}, shape {@code (m, n)} (not copied; do not modify afterwards) */
    public MatrixMap(Tensor matrix) {
        if (matrix.rank() != 2) throw new ShapeMismatchException("matrix", "(m, n)", matrix.shape());
        this.matrix = matrix;
        this.transpose = matrix.transpose();
    }

    /** @return {@code M} */
    public Tensor matrix() { return matrix; }

    @Override
    public Tensor apply(Tensor y) {
        if (y.rank() != 1 || y.dim(0) != matrix.dim(1)) throw new ShapeMismatchException("y", "(" + matrix.dim(1) + ")", y.shape());
        return matrix.matmul(y.reshape(-1, 1)).reshape(-1);
    }

    @Override
    public Tensor vjp(Tensor y, Tensor w) {
        if (w.rank() != 1 || w.dim(0) != matrix.dim(0)) throw new ShapeMismatchException("cotangent", "(" + matrix.dim(0) + ")", w.shape());
        return transpose.matmul(w.reshape(-1, 1)).reshape(-1);
    }
}
