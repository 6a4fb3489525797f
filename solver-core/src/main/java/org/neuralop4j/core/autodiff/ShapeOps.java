package org.neuralop4j.core.autodiff;

import java.util.Arrays;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;

/**
 * Differentiable shape manipulation: reshape, permute, concat, slice, row gather (batch indexing) and zero
 * padding / cropping of trailing (spatial) axes. All are linear; their backward passes are the adjoint copies
 * (crop for pad, pad for crop, scatter-add for gather, ...). No input is modified.
 */
public final class ShapeOps {
    private ShapeOps() {}

    /** Same elements in a new shape (one entry may be -1); the value shares the input's data. */
    public static Var reshape(Var x, int... shape) {
        int[] in = x.value().shape();
        Tensor out = x.value().reshape(shape);
        return Var.op(out, g -> x.accumulate(g.reshape(in)), x);
    }

    /** Axes reordered: result axis {@code i} is input axis {@code perm[i]}; backward applies the inverse permutation. */
    public static Var permute(Var x, int... perm) {
        Tensor out = x.value().permute(perm);
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) inv[perm[i]] = i;
        return Var.op(out, g -> x.accumulateOwned(g.permute(inv)), x);
    }

    /** Concatenation along {@code axis} (all other axes equal). */
    public static Var concat(int axis, Var... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat needs at least one part");
        Tensor[] values = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) values[i] = parts[i].value();
        Tensor out = Tensor.concat(axis, values);
        int a = out.axis(axis);
        return Var.op(out, g -> {
            int from = 0;
            for (Var p : parts) {
                int len = p.value().dim(a);
                if (p.requiresGrad()) p.accumulateOwned(g.slice(a, from, from + len));
                from += len;
            }
        }, parts);
    }

    /** Entries {@code [from, to)} along {@code axis} (negative axes count from the end). */
    public static Var slice(Var x, int axis, int from, int to) {
        Tensor xv = x.value();
        int a = xv.axis(axis);
        Tensor out = xv.slice(a, from, to);
        return Var.op(out, g -> {
            int[] start = new int[xv.rank()];
            start[a] = from;
            Tensor gx = Tensor.zeros(xv.shape());
            copyBox(g.data(), g.shape(), new int[xv.rank()], gx.data(), xv.shape(), start, g.shape());
            x.accumulateOwned(gx);
        }, x);
    }

    /**
     * Rows of axis 0 picked by {@code indices} (repeats allowed): the batch indexing of a data loader.
     * Backward scatter-adds each row of the gradient back to its source row.
     */
    public static Var gather(Var x, int[] indices) {
        Tensor xv = x.value();
        Tensor out = xv.gather(indices);
        int[] idx = indices.clone();
        return Var.op(out, g -> {
            int inner = xv.sizeOf(1, xv.rank());
            double[] gx = new double[xv.size()], gd = g.data();
            for (int i = 0; i < idx.length; i++) {
                int dst = idx[i] * inner, src = i * inner;
                for (int j = 0; j < inner; j++) gx[dst + j] += gd[src + j];
            }
            x.accumulateOwned(Tensor.wrap(gx, xv.shape()));
        }, x);
    }

    /**
     * Zero padding of the trailing {@code before.length} axes: axis {@code rank - k + i} gets {@code before[i]} zeros
     * in front and {@code after[i]} behind (the FNO's domain padding for non-periodic problems).
     */
    public static Var pad(Var x, int[] before, int[] after) {
        Tensor xv = x.value();
        int[] inShape = xv.shape();
        int[] outShape = paddedShape(inShape, before, after, 1, "pad");
        int[] start = leadingZeros(inShape.length, before);
        Tensor out = Tensor.zeros(outShape);
        copyBox(xv.data(), inShape, new int[inShape.length], out.data(), outShape, start, inShape);
        return Var.op(out, g -> {
            Tensor gx = Tensor.zeros(inShape);
            copyBox(g.data(), outShape, start, gx.data(), inShape, new int[inShape.length], inShape);
            x.accumulateOwned(gx);
        }, x);
    }

    /** Removes {@code before[i]} leading and {@code after[i]} trailing entries of the trailing axes: inverse of {@link #pad}. */
    public static Var crop(Var x, int[] before, int[] after) {
        Tensor xv = x.value();
        int[] inShape = xv.shape();
        int[] outShape = paddedShape(inShape, before, after, -1, "crop");
        int[] start = leadingZeros(inShape.length, before);
        Tensor out = Tensor.zeros(outShape);
        copyBox(xv.data(), inShape, start, out.data(), outShape, new int[inShape.length], outShape);
        return Var.op(out, g -> {
            Tensor gx = Tensor.zeros(inShape);
            copyBox(g.data(), outShape, new int[inShape.length], gx.data(), inShape, start, outShape);
            x.accumulateOwned(gx);
        }, x);
    }

    private static int[] paddedShape(int[] shape, int[] before, int[] after, int sign, String what) {
        if (before.length != after.length)
            throw new IllegalArgumentException(what + ": before " + Arrays.toString(before) + " and after " + Arrays.toString(after) + " differ in length");
        if (before.length > shape.length)
            throw new ShapeMismatchException("x", "at least " + before.length + " axes to " + what, shape);
        int[] out = shape.clone();
        int off = shape.length - before.length;
        for (int i = 0; i < before.length; i++) {
            if (before[i] < 0 || after[i] < 0)
                throw new IllegalArgumentException(what + " widths must be >= 0, got before " + Arrays.toString(before) + " after " + Arrays.toString(after));
            out[off + i] += sign * (before[i] + after[i]);
            if (out[off + i] < 0)
                throw new ShapeMismatchException("x", "axis " + (off + i) + " of at least " + (before[i] + after[i]) + " entries to crop", shape);
        }
        return out;
    }

    private static int[] leadingZeros(int rank, int[] trailing) {
        int[] start = new int[rank];
        System.arraycopy(trailing, 0, start, rank - trailing.length, trailing.length);
        return start;
    }

    /**
     * Copies the box of extent {@code box} starting at {@code srcStart} in {@code src} to {@code dstStart} in
     * {@code dst}, one contiguous run of the last axis at a time.
     */
    static void copyBox(double[] src, int[] srcShape, int[] srcStart, double[] dst, int[] dstShape, int[] dstStart, int[] box) {
        int r = box.length;
        if (Tensor.numel(box) == 0) return;
        if (r == 0) {
            dst[0] = src[0];
            return;
        }
        int[] ss = Tensor.strides(srcShape), ds = Tensor.strides(dstShape);
        int so = 0, dOff = 0;
        for (int i = 0; i < r; i++) {
            so += srcStart[i] * ss[i];
            dOff += dstStart[i] * ds[i];
        }
        int n = box[r - 1];
        int rows = (int) (Tensor.numel(box) / n);
        int[] idx = new int[r];
        for (int row = 0; row < rows; row++) {
            System.arraycopy(src, so, dst, dOff, n);
            for (int ax = r - 2; ax >= 0; ax--) {
                if (++idx[ax] < box[ax]) {
                    so += ss[ax];
                    dOff += ds[ax];
                    break;
                }
                so -= ss[ax] * (box[ax] - 1);
                dOff -= ds[ax] * (box[ax] - 1);
                idx[ax] = 0;
            }
        }
    }
}
