package org.neuralop4j.validation.plot;

import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;

/**
 * A titled 2-D field for a heat-map panel: a tensor of shape {@code (nx, ny)} (or {@code (1, 1, nx, ny)} in the
 * channels-first field layout), drawn with {@code x} to the right and {@code y} upwards.
 */
public final class Field2d {
    private final String title;
    private final Tensor values;

    /**
     * @param title  panel title
     * @param values shape {@code (nx, ny)} or with leading axes of size 1 (not copied)
     */
    public Field2d(String title, Tensor values) {
        int r = values.rank();
        if (r < 2 || values.sizeOf(0, r - 2) != 1) throw new ShapeMismatchException("values", "(nx, ny) or (1, 1, nx, ny)", values.shape());
        this.title = title;
        this.values = values.reshape(values.dim(r - 2), values.dim(r - 1));
    }

    /** @return panel title */
    public String title() { return title; }

    /** @return the field as {@code (nx, ny)} */
    public Tensor values() { return values; }
}
