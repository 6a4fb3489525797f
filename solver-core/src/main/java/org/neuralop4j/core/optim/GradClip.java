package org.neuralop4j.core.optim;

import java.util.List;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.nn.Parameter;

/** Gradient clipping by global norm, as PyTorch's {@code clip_grad_norm_} with the 2-norm. */
public final class GradClip {
    private GradClip() {}

    /**
     * Computes the global norm {@code N = sqrt(sum_p ||g_p||^2)} over all parameters with gradients and, when
     * {@code N > maxNorm}, scales every gradient in place by {@code maxNorm / (N + 1e-6)}.
     * @return the norm before clipping (NaN or infinite if a gradient is)
     */
    public static double clipGlobalNorm(List<Parameter> params, double maxNorm) {
        Checks.positive("maxNorm", maxNorm);
        double ss = 0;
        for (Parameter p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            double n = g.norm();
            ss += n * n;
        }
        double total = Math.sqrt(ss);
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1.0) for (Parameter p : params) if (p.grad() != null) p.grad().scaleInPlace(coef);
        return total;
    }
}
