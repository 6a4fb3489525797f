package org.neuralop4j.operators.fno;

import java.util.Arrays;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.data.LabeledData;

/** Shapes raw arrays into the channels-first fields an {@link Fno} consumes. */
public final class FnoData {
    private FnoData() {}

    /**
     * Where, among a target's spatial axes, sit the axes an input lacks (an initial condition {@code (N, X, Y)} for a
     * space-time target has none of the time axis). The input is repeated along them, as the FNO paper does for its
     * space-time Burgers (time first) and Navier-Stokes (time last) models.
     */
    public enum MissingAxes {
        /** Found from the shapes: the input's spatial shape is the target's trailing or leading one; refused when both. */
        AUTO,
        /** The input's spatial shape is the target's trailing one: repeated along the leading axes. */
        LEADING,
        /** The input's spatial shape is the target's leading one: repeated along the trailing axes. */
        TRAILING
    }

    /**
     * Arrays as PDE data sets ship them, without a channel axis: targets {@code (N, X_1..X_d)}, inputs of the same
     * spatial shape or with fewer axes (see {@link MissingAxes}; {@code AUTO} here).
     * @return inputs {@code (N, 1, X_1..X_d)} and targets {@code (N, 1, X_1..X_d)}
     */
    public static LabeledData withoutChannels(Tensor inputs, Tensor targets) {
        return withoutChannels(inputs, targets, MissingAxes.AUTO);
    }

    /** {@link #withoutChannels(Tensor, Tensor)} with the place of the input's missing axes given. */
    public static LabeledData withoutChannels(Tensor inputs, Tensor targets, MissingAxes missingAxes) {
        return channelsFirst(inputs.reshape(insertChannel(inputs.shape())), targets.reshape(insertChannel(targets.shape())),
                missingAxes);
    }

    /**
     * Channels-first arrays {@code (N, C_in, ...)} and {@code (N, C_out, X_1..X_d)}; an input with fewer spatial axes
     * than the target is repeated along the axes it lacks ({@link MissingAxes#AUTO}).
     */
    public static LabeledData channelsFirst(Tensor inputs, Tensor targets) {
        return channelsFirst(inputs, targets, MissingAxes.AUTO);
    }

    /**
     * {@link #channelsFirst(Tensor, Tensor)} with the place of the input's missing axes given.
     * @throws ShapeMismatchException when the input's spatial shape is not the target's leading or trailing one as
     *         {@code missingAxes} asks, or, with {@code AUTO}, when it is both (say {@code (s)} for {@code (s, s)}),
     *         so that the choice cannot be made from the shapes
     */
    public static LabeledData channelsFirst(Tensor inputs, Tensor targets, MissingAxes missingAxes) {
        if (targets.rank() < 3 || targets.rank() > 5)
            throw new ShapeMismatchException("targets", "(N, C, X_1[, X_2[, X_3]])", targets.shape());
        int[] is = inputs.shape(), ts = targets.shape();
        if (is.length < 3 || is[0] != ts[0]) throw new ShapeMismatchException("inputs", "(" + ts[0] + ", C, ...)", is);
        int missing = ts.length - is.length;
        if (missing < 0) throw new ShapeMismatchException("inputs", "at most " + (ts.length - 2) + " spatial axes like the targets", is);
        if (missing == 0) {
            if (!Arrays.equals(Arrays.copyOfRange(is, 2, is.length), Arrays.copyOfRange(ts, 2, ts.length)))
                throw new ShapeMismatchException("inputs", "the targets' spatial shape " + Arrays.toString(Arrays.copyOfRange(ts, 2, ts.length)), is);
            return new LabeledData(inputs, targets);
        }
        int[] spatialIn = Arrays.copyOfRange(is, 2, is.length);
        int[] trailing = Arrays.copyOfRange(ts, 2 + missing, ts.length), leading = Arrays.copyOfRange(ts, 2, ts.length - missing);
        boolean inputIsTrailing = Arrays.equals(spatialIn, trailing), inputIsLeading = Arrays.equals(spatialIn, leading);
        boolean repeatLeading;
        switch (missingAxes) {
            case LEADING:
                if (!inputIsTrailing) throw new ShapeMismatchException("inputs", "spatial shape " + Arrays.toString(trailing) + " (the targets' trailing axes)", is);
                repeatLeading = true;
                break;
            case TRAILING:
                if (!inputIsLeading) throw new ShapeMismatchException("inputs", "spatial shape " + Arrays.toString(leading) + " (the targets' leading axes)", is);
                repeatLeading = false;
                break;
            default:
                if (inputIsTrailing && inputIsLeading)
                    throw new ShapeMismatchException("inputs", "a spatial shape that tells which target axes it lacks: " + Arrays.toString(spatialIn)
                            + " is both the leading and the trailing part of the targets' " + Arrays.toString(Arrays.copyOfRange(ts, 2, ts.length))
                            + "; say which axes to repeat it along (MissingAxes.LEADING or TRAILING; --missing-axes on the command line)", is);
                if (!inputIsTrailing && !inputIsLeading)
                    throw new ShapeMismatchException("inputs", "spatial shape " + Arrays.toString(trailing) + " or " + Arrays.toString(leading)
                            + " (the targets' trailing or leading axes)", is);
                repeatLeading = inputIsTrailing;
        }
        int n = is[0], c = is[1], inner = inputs.sizeOf(2, is.length), reps = 1;
        for (int j = 0; j < missing; j++) reps *= repeatLeading ? ts[2 + j] : ts[ts.length - 1 - j];
        int[] shape = new int[ts.length];
        shape[0] = n;
        shape[1] = c;
        System.arraycopy(ts, 2, shape, 2, ts.length - 2);
        double[] src = inputs.data(), dst = new double[n * c * reps * inner];
        if (repeatLeading) {
            for (int b = 0; b < n * c; b++)
                for (int r = 0; r < reps; r++) System.arraycopy(src, b * inner, dst, (b * reps + r) * inner, inner);
        } else {
            for (int b = 0; b < n * c; b++)
                for (int i = 0; i < inner; i++) {
                    int at = (b * inner + i) * reps;
                    Arrays.fill(dst, at, at + reps, src[b * inner + i]);
                }
        }
        return new LabeledData(Tensor.wrap(dst, shape), targets);
    }

    private static int[] insertChannel(int[] s) {
        int[] out = new int[s.length + 1];
        out[0] = s[0];
        out[1] = 1;
        System.arraycopy(s, 1, out, 2, s.length - 1);
        return out;
    }
}
