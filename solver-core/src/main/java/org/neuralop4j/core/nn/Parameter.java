package org.neuralop4j.core.nn;

import java.util.Arrays;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.Var;

/**
 * A trainable tensor: a leaf {@link Var} whose value optimizers update in place (through {@link #value()}'s
 * data), so graphs built later see the new values and the Var identity never changes.
 */
public final class Parameter {
    private final Var var;

    /** Wraps {@code value} (not copied) as a parameter called {@code name}. */
    public Parameter(String name, Tensor value) { this.var = Var.leaf(value, name); }

    /** @return the leaf Var to use in forward passes */
    public Var var() { return var; }

    /** @return the value (shared; writing to its data changes the parameter) */
    public Tensor value() { return var.value(); }

    /** @return the accumulated gradient, or {@code null} when none has been computed since the last {@link #zeroGrad()} */
    public Tensor grad() { return var.grad(); }

    /** Clears the gradient. */
    public void zeroGrad() { var.zeroGrad(); }

    /** @return the local name given at registration */
    public String name() { return var.name(); }

    /** @return the shape (a copy) */
    public int[] shape() { return var.value().shape(); }

    /** @return the number of scalar entries */
    public int size() { return var.value().size(); }

    /**
     * Copies {@code src} into this parameter's value in place.
     * @throws ShapeMismatchException when the shapes differ
     */
    public void copyFrom(Tensor src) {
        if (!Arrays.equals(src.shape(), var.value().shape()))
            throw new ShapeMismatchException(var.name() == null ? "parameter" : var.name(), Arrays.toString(var.value().shape()), src.shape());
        System.arraycopy(src.data(), 0, var.value().data(), 0, src.size());
    }

    @Override
    public String toString() { return "Parameter(" + var.name() + ")" + Arrays.toString(var.value().shape()); }
}
