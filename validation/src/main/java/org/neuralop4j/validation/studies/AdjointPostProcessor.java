package org.neuralop4j.validation.studies;

import java.util.ArrayList;
import java.util.List;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;
import org.neuralop4j.core.autodiff.GradMode;
import org.neuralop4j.core.autodiff.LinearOps;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.core.nn.MLP;
import org.neuralop4j.core.nn.Parameter;
import org.neuralop4j.core.train.SampledMseTraining;
import org.neuralop4j.inverse.MatrixOperator;

/**
 * A trained post-processor of the adjoint reconstruction, the usual "learned reconstruction" of
 * arXiv:2101.08286's comparisons in its simplest form: {@code z0 = B^T y} (the wavelet coefficients of the real part
 * of {@code A^H y}, {@code B} from {@link FourierCoefficientData#realCoefficientMatrix}), then a residual GELU MLP
 * {@code z = z0 + MLP(z0)} with widths {@code (N, hidden, N)}, trained with Adam on the mean squared coefficient
 * error. Input {@code y (batch, 2m)} interleaved complex, output {@code (batch, N)} coefficients.
 */
public final class AdjointPostProcessor {
    private final Tensor bMatrix; // (2m, N)
    private final MLP mlp;
    private final int m2, n;

    /**
     * @param b      the real coefficient map {@code B (2m x N)}
     * @param hidden hidden width of the MLP
     * @param seed   initialisation seed
     */
    public AdjointPostProcessor(MatrixOperator b, int hidden, long seed) {
        m2 = b.rangeSize();
        n = b.domainSize();
        bMatrix = Tensor.wrap(b.matrix().clone(), m2, n);
        mlp = new MLP(new int[] {n, Checks.positive("hidden", hidden), n}, Activation.GELU, false, seed);
    }

    /** The network on {@code y (batch, 2m)}: {@code (batch, N)}. */
    public Var forward(Var y) {
        Checks.rank("y", y.value(), 2, "(batch, 2m)");
        if (y.value().dim(1) != m2) throw new ShapeMismatchException("y", "(batch, " + m2 + ")", y.shape());
        Var z0 = LinearOps.matmul(y, Var.constant(bMatrix));
        return Ops.add(z0, mlp.forward(z0));
    }

    /** @return the trainable parameters (the MLP's) */
    public List<Parameter> parameters() { return new ArrayList<>(mlp.parameters()); }

    /** @return {@code y -> z} on {@code (batch, 2m)} tensors with the autodiff VJP */
    public DifferentiableMap asDifferentiableMap() { return DifferentiableMap.of(this::forward); }

    /** Reconstructs the coefficients of one measurement vector ({@code 2m} values). */
    @SuppressWarnings("try") // the scope only switches graph recording off
    public double[] apply(double[] y) {
        try (GradMode.Scope g = GradMode.noGrad()) {
            return forward(Var.constant(Tensor.of(y, 1, m2))).value().data();
        }
    }

    /**
     * Adam on {@code mean (z(y) - x)^2} over seeded random mini-batches.
     * @return the training loss of each step
     */
    public double[] train(Tensor xs, Tensor ys, int steps, int batch, double learningRate, long seed) {
        Checks.shape("ys", ys, xs.dim(0), m2);
        Checks.shape("xs", xs, ys.dim(0), n);
        return SampledMseTraining.train(parameters(), this::forward, ys, xs, steps, batch, learningRate, seed);
    }

    /** Mean squared coefficient error over a data set (no graph). */
    @SuppressWarnings("try") // the scope only switches graph recording off
    public double meanSquaredError(Tensor xs, Tensor ys) {
        try (GradMode.Scope g = GradMode.noGrad()) {
            return Ops.mean(Ops.square(Ops.sub(forward(Var.constant(ys)), Var.constant(xs)))).value().item();
        }
    }
}
