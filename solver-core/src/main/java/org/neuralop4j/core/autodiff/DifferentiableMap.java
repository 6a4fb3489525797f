package org.neuralop4j.core.autodiff;

import org.neuralop4j.core.Tensor;

/**
 * A map {@code Phi: R^n -> R^m} between tensors with a vector-Jacobian product. This is the one interface the
 * validation suite needs: any operator (a trained FNO, a FIRENET, a LISTA, a PDE solver) that implements it can
 * be attacked for worst-case perturbations, gradient-checked and timed the same way.
 */
public interface DifferentiableMap {
    /** @return {@code Phi(x)}; {@code x} is not modified */
    Tensor apply(Tensor x);

    /**
     * Vector-Jacobian product {@code J_Phi(x)^T v}.
     * @param x         the point of linearisation
     * @param cotangent {@code v}, with the shape of {@code Phi(x)}
     * @return a tensor with the shape of {@code x}
     */
    Tensor vjp(Tensor x, Tensor cotangent);

    /**
     * A map given by a function on {@link Var}s: {@code apply} runs it without a graph, {@code vjp} runs it with
     * {@code x} as a leaf and back-propagates the cotangent.
     */
    static DifferentiableMap of(java.util.function.UnaryOperator<Var> f) {
        return new DifferentiableMap() {
            @Override
            public Tensor apply(Tensor x) {
                try (GradMode.Scope s = GradMode.noGrad()) {
                    return f.apply(Var.constant(x)).value();
                }
            }

            @Override
            public Tensor vjp(Tensor x, Tensor cotangent) {
                Var in = Var.leaf(x.copy());
                Var out = f.apply(in);
                out.backward(cotangent);
                return in.grad() == null ? Tensor.zerosLike(x) : in.grad();
            }
        };
    }
}
