package org.neuralop4j.operators;

import java.util.Map;
import java.util.function.Supplier;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradMode;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.Module;
import org.neuralop4j.core.nn.Parameter;

/**
 * Finite-difference check of the gradients a scalar loss puts on a module's parameters: every entry of every
 * parameter against the central difference {@code (L(p + h e) - L(p - h e)) / 2h}. Errors are relative to
 * {@code max(1, max |fd|)} per parameter, as in {@code GradCheck}.
 */
public final class ParameterGradients {
    private ParameterGradients() {}

    /** @return the worst error over all parameters; throws naming the parameter when one exceeds {@code tol} */
    public static double assertGradients(Module module, Supplier<Var> loss, double tol) {
        module.zeroGrad();
        loss.get().backward();
        double worstAll = 0;
        for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
            Parameter p = e.getValue();
            double[] v = p.value().data();
            Tensor g = p.grad() == null ? Tensor.zeros(p.shape()) : p.grad().copy();
            double worst = 0, fdMax = 0;
            double[] fd = new double[v.length];
            for (int j = 0; j < v.length; j++) {
                double old = v[j], h = 1e-5;
                v[j] = old + h;
                double plus = eval(loss);
                v[j] = old - h;
                double minus = eval(loss);
                v[j] = old;
                fd[j] = (plus - minus) / (2 * h);
                fdMax = Math.max(fdMax, Math.abs(fd[j]));
            }
            for (int j = 0; j < v.length; j++) worst = Math.max(worst, Math.abs(fd[j] - g.data()[j]));
            double err = worst / Math.max(1, fdMax);
            if (!(err <= tol)) throw new AssertionError("gradient of parameter '" + e.getKey() + "' has error " + err + " > " + tol);
            worstAll = Math.max(worstAll, err);
        }
        module.zeroGrad();
        return worstAll;
    }

    private static double eval(Supplier<Var> loss) {
        try (GradMode.Scope s = GradMode.noGrad()) {
            return loss.get().value().item();
        }
    }
}
