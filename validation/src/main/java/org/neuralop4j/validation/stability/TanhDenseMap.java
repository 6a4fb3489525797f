package org.neuralop4j.validation.stability;

import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;

/**
 * The nonlinear map {@code Phi(y) = tanh(W y)} on vectors {@code (n)}, {@code W} of shape {@code (m, n)}, with
 * {@code vjp(y, w) = W^T ((1 - tanh^2(W y)) * w)}.
 *
 * <p>Known worst case near 0: since {@code |tanh(a)| <= |a|}, {@code ||Phi(e) - Phi(0)|| <= ||W|| ||e||}; along the
 * top right singular vector {@code v_1} with {@code ||e|| = eps}, {@code tanh(a) >= a - a^3/3} gives a ratio of at
 * least {@code sigma_1 (1 - (sigma_1 eps)^2 / 3)}. So the worst-case ratio at radius {@code eps} around 0 lies in
 * {@code [sigma_1 (1 - (sigma_1 eps)^2/3), sigma_1]}.
 */
public final class TanhDenseMap implements DifferentiableMap {
    private final MatrixMap linear;

    /** @param w the weight matrix {@code (m, n)} (not copied) */
    public TanhDenseMap(Tensor w) { this.linear = new MatrixMap(w); }

    @Override
    public Tensor apply(Tensor y) { return linear.apply(y).tanh(); }

    @Override
    public Tensor vjp(Tensor y, Tensor w) {
        Tensor t = linear.apply(y).tanh();
        double[] d = t.data(), c = w.data();
        if (w.size() != t.size()) throw new ShapeMismatchException("cotangent", java.util.Arrays.toString(t.shape()), w.shape());
        for (int i = 0; i < d.length; i++) d[i] = (1 - d[i] * d[i]) * c[i];
        return linear.vjp(y, t);
    }
}
