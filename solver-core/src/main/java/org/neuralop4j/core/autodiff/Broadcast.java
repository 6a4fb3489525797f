package org.neuralop4j.core.autodiff;

import java.util.Arrays;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;

/**
 * NumPy broadcasting on flat row-major arrays.
 *
 * <p>Two shapes broadcast when, aligned at their last axes, every pair of sizes is equal or one of them is 1;
 * the result takes the larger size on each axis, and a missing leading axis counts as size 1. The gradient of a
 * broadcast input is the output gradient summed over the axes along which the input was repeated
 * ({@link #reduceTo}).
 *
 * <p>Kernels walk the output one row of its last axis at a time; along that row each operand advances with
 * stride 1 or 0 (repeated), so the inner loops are flat and allocation-free.
 */
public final class Broadcast {
    /** Element size of a row chunk handed to one task: large enough to amortise a hand-off. */
    static final int ELEMENT_GRAIN = 1 << 15;

    private Broadcast() {}

    /**
     * @return the broadcast shape of {@code a} and {@code b}
     * @throws ShapeMismatchException naming {@code bName} when the shapes do not broadcast
     */
    public static int[] shape(int[] a, int[] b, String bName) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1)
                throw new ShapeMismatchException(bName, "broadcastable with " + Arrays.toString(a), b);
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides of {@code in} aligned to {@code out}'s axes, 0 along axes where {@code in} is repeated. */
    static int[] alignedStrides(int[] in, int[] out) {
        int r = out.length, off = r - in.length;
        int[] st = new int[r];
        int s = 1;
        for (int i = in.length - 1; i >= 0; i--) {
            st[i + off] = in[i] == 1 && out[i + off] != 1 ? 0 : s;
            s *= in[i];
        }
        return st;
    }

    /** Elementwise binary kernels; the switch sits outside the inner loop. */
    enum BinaryKernel {
        ADD, SUB, MUL, DIV;

        void row(double[] a, int ao, int sa, double[] b, int bo, int sb, double[] out, int oo, int n) {
            switch (this) {
                case ADD:
                    for (int j = 0; j < n; j++) out[oo + j] = a[ao + j * sa] + b[bo + j * sb];
                    break;
                case SUB:
                    for (int j = 0; j < n; j++) out[oo + j] = a[ao + j * sa] - b[bo + j * sb];
                    break;
                case MUL:
                    for (int j = 0; j < n; j++) out[oo + j] = a[ao + j * sa] * b[bo + j * sb];
                    break;
                default:
                    for (int j = 0; j < n; j++) out[oo + j] = a[ao + j * sa] / b[bo + j * sb];
                    break;
            }
        }

        void same(double[] a, double[] b, double[] out, int from, int to) {
            switch (this) {
                case ADD:
                    for (int i = from; i < to; i++) out[i] = a[i] + b[i];
                    break;
                case SUB:
                    for (int i = from; i < to; i++) out[i] = a[i] - b[i];
                    break;
                case MUL:
                    for (int i = from; i < to; i++) out[i] = a[i] * b[i];
                    break;
                default:
                    for (int i = from; i < to; i++) out[i] = a[i] / b[i];
                    break;
            }
        }
    }

    /** {@code a op b} with broadcasting; the output shape is {@code outShape} (already broadcast). */
    static Tensor apply(BinaryKernel k, Tensor a, Tensor b, int[] outShape) {
        double[] ad = a.data(), bd = b.data();
        int size = (int) Tensor.numel(outShape);
        double[] out = new double[size];
        if (Arrays.equals(a.shape(), outShape) && Arrays.equals(b.shape(), outShape)) {
            Parallel.forRange(size, ELEMENT_GRAIN, (from, to) -> k.same(ad, bd, out, from, to));
            return Tensor.wrap(out, outShape);
        }
        int r = outShape.length;
        if (r == 0) { // both rank 0
            k.row(ad, 0, 0, bd, 0, 0, out, 0, 1);
            return Tensor.wrap(out, outShape);
        }
        int[] sa = alignedStrides(a.shape(), outShape), sb = alignedStrides(b.shape(), outShape);
        int n = outShape[r - 1];
        if (n == 0 || size == 0) return Tensor.wrap(out, outShape);
        int rows = size / n;
        int grain = Math.max(1, ELEMENT_GRAIN / n);
        Parallel.forRange(rows, grain, (r0, r1) -> {
            int[] idx = new int[r];
            int ao = 0, bo = 0;
            // unravel the first row index of this chunk into the leading axes
            for (int ax = r - 2, rem = r0; ax >= 0; ax--) {
                idx[ax] = rem % outShape[ax];
                rem /= outShape[ax];
                ao += idx[ax] * sa[ax];
                bo += idx[ax] * sb[ax];
            }
            for (int row = r0; row < r1; row++) {
                k.row(ad, ao, sa[r - 1], bd, bo, sb[r - 1], out, row * n, n);
                for (int ax = r - 2; ax >= 0; ax--) {
                    if (++idx[ax] < outShape[ax]) {
                        ao += sa[ax];
                        bo += sb[ax];
                        break;
                    }
                    ao -= sa[ax] * (outShape[ax] - 1);
                    bo -= sb[ax] * (outShape[ax] - 1);
                    idx[ax] = 0;
                }
            }
        });
        return Tensor.wrap(out, outShape);
    }

    /**
     * Sums {@code g} (of a broadcast shape) down to {@code target}: the gradient of a broadcast input.
     * Returns {@code g} itself when the shapes already agree. Sequential, so the summation order is fixed.
     */
    public static Tensor reduceTo(Tensor g, int[] target) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, target)) return g;
        int r = gs.length;
        if (target.length > r) throw new ShapeMismatchException("target", "rank <= " + r, target);
        double[] out = new double[(int) Tensor.numel(target)];
        double[] gd = g.data();
        if (out.length == 1) {
            double s = 0;
            for (double v : gd) s += v;
            out[0] = s;
            return Tensor.wrap(out, target);
        }
        int[] st = alignedStrides(target, gs);
        int n = gs[r - 1];
        if (n == 0 || gd.length == 0) return Tensor.wrap(out, target);
        int rows = gd.length / n, sl = st[r - 1];
        int[] idx = new int[r];
        int oo = 0;
        for (int row = 0; row < rows; row++) {
            int go = row * n;
            if (sl == 0) {
                double s = 0;
                for (int j = 0; j < n; j++) s += gd[go + j];
                out[oo] += s;
            } else {
                for (int j = 0; j < n; j++) out[oo + j] += gd[go + j];
            }
            for (int ax = r - 2; ax >= 0; ax--) {
                if (++idx[ax] < gs[ax]) {
                    oo += st[ax];
                    break;
                }
                oo -= st[ax] * (gs[ax] - 1);
                idx[ax] = 0;
            }
        }
        return Tensor.wrap(out, target);
    }

    /** Repeats {@code t} along broadcast axes to {@code target} (the adjoint of {@link #reduceTo}). */
    public static Tensor expand(Tensor t, int[] target) {
        int[] out = shape(target, t.shape(), "t");
        if (!Arrays.equals(out, target)) throw new ShapeMismatchException("t", "broadcastable to " + Arrays.toString(target), t.shape());
        if (Arrays.equals(t.shape(), target)) return t.copy();
        return apply(BinaryKernel.ADD, t, Tensor.zeros(new int[0]), target);
    }
}
