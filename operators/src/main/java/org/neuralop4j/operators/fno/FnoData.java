package org.neuralop4j.operators.fno;

import java.util.Arrays;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.data.LabeledData;

/** Shapes raw arrays into the channels-first fields an {@link Fno} consumes. */
public final class FnoData {
    private FnoData() {}

    /**
     * Arrays as PDE data sets ship them, without a channel axis: targets {@code (N, X_1..X_d)}, inputs either of the
     * same spatial shape or of the trailing spatial shape only (an initial condition {@code (N, X_d)} for a space-time
     * target {@code (N, T, X_d)}), in which case the input is repeated along the missing leading axes, as the FNO
     * paper does for its 2-D space-time Burgers and Navier-Stokes models.
     * @return inputs {@code (N, 1, X_1..X_d)} and targets {@code (N, 1, X_1..X_d)}
     */
    public static LabeledData withoutChannels(Tensor inputs, Tensor targets) {
        return channelsFirst(inputs.reshape(insertChannel(inputs.shape())), targets.reshape(insertChannel(targets.shape())));
    }

    /**
     * Channels-first arrays {@code (N, C_in, ...)} and {@code (N, C_out, X_1..X_d)}; an input with fewer spatial axes
     * than the target is repeated along the target's leading spatial axes (see {@link #withoutChannels}).
     */
    public static LabeledData channelsFirst(Tensor inputs, Tensor targets) {
        if (targets.rank() < 3 || targets.rank() > 5)
            throw new ShapeMismatchException("targets", "(N, C, X_1[, X_2[, X_3]])", targets.shape());
        int[] is = inputs.shape(), ts = targets.shape();
        if (is.length < 3 || is[0] != ts[0]) throw new ShapeMismatchException("inputs", "(" + ts[0] + ", C, ...)", is);
        int missing = ts.length - is.length;
        if (missing < 0) throw new ShapeMismatchException("inputs", "at most " + (ts.length - 2) + " spatial axes like the targets", is);
        int[] spatialIn = Arrays.copyOfRange(is, 2, is.length), spatialOut = Arrays.copyOfRange(ts, 2 + missing, ts.length);
        if (!Arrays.equals(spatialIn, spatialOut))
            throw new ShapeMismatchException("inputs", "spatial shape " + Arrays.toString(spatialOut) + " (the targets' trailing axes)", is);
        if (missing == 0) return new LabeledData(inputs, targets);
        int n = is[0], c = is[1], inner = inputs.sizeOf(2, is.length), reps = 1;
        for (int j = 2; j < 2 + missing; j++) reps *= ts[j];
        int[] shape = new int[ts.length];
        shape[0] = n;
        shape[1] = c;
        System.arraycopy(ts, 2, shape, 2, ts.length - 2);
        double[] src = inputs.data(), dst = new double[n * c * reps * inner];
        for (int b = 0; b < n * c; b++)
            for (int r = 0; r < reps; r++) System.arraycopy(src, b * inner, dst, (b * reps + r) * inner, inner);
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
