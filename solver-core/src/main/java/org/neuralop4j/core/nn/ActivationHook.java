package org.neuralop4j.core.nn;

import java.util.Arrays;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.GradMode;
import org.neuralop4j.core.autodiff.Var;

/**
 * An optional observer and rewriter of a model's internal activations during inference: at each documented site of
 * its forward pass a model that accepts a hook calls {@code apply(site, h)} and continues with the returned tensor
 * {@code h'} instead of {@code h}. Uses: recording activation ranges (calibration), fake quantization
 * ({@code h' = s * round(h / s)}), probing. A model's ordinary {@code forward}/{@code predict} never calls a hook and
 * costs nothing extra; hooked inference is a separate entry point (e.g. {@code Fno.predict(x, hook)}), always run
 * without a graph, so a hook cannot silently cut a gradient.
 */
@FunctionalInterface
public interface ActivationHook {
    /**
     * @param site       the model's name of the point in the forward pass (e.g. {@code "fourier2"})
     * @param activation the activation there; must not be modified
     * @return the tensor the forward pass continues with, of the same shape (may be {@code activation} itself)
     */
    Tensor apply(String site, Tensor activation);

    /**
     * The call a model makes at a hook site: {@code h} itself when {@code hook} is {@code null}, otherwise the hook's
     * result as a constant.
     * @throws IllegalStateException    if a hook is given while grad mode is on (the result would have no gradient)
     * @throws ShapeMismatchException   if the hook returns a tensor of another shape
     * @throws IllegalArgumentException if the hook returns {@code null}
     */
    static Var at(ActivationHook hook, String site, Var h) {
        if (hook == null) return h;
        if (GradMode.isEnabled())
            throw new IllegalStateException("activation hooks are for inference: site " + site + " reached with grad mode on");
        Tensor in = h.value(), out = hook.apply(site, in);
        if (out == in) return h;
        if (out == null) throw new IllegalArgumentException("activation hook returned null at site " + site);
        if (!Arrays.equals(out.shape(), in.shape()))
            throw new ShapeMismatchException("activation hook result at site " + site, Arrays.toString(in.shape()), out.shape());
        return Var.constant(out);
    }
}
