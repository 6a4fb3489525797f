package org.neuralop4j.core;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.neuralop4j.core.linalg.Gemm;

/**
 * Dense float64 tensor: one contiguous row-major {@code double[]} plus an {@code int[]} shape.
 *
 * <p>Fields use the channels-first layout {@code (batch, channels, x[, y[, z]])}: FFTs run over contiguous trailing
 * axes and channel mixing is a GEMM. Tensors are mutable only through the explicitly named {@code ...InPlace}
 * methods and {@link #data()}; every other method returns a new tensor and leaves its receiver unchanged.
 * A rank-0 tensor (shape {@code []}) holds one scalar.
 */
public final class Tensor {
    private final double[] data;
    private final int[] shape;

    private Tensor(double[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    // ------------------------------------------------------------------ creation

    /** Wraps {@code data} (not copied) as a tensor of the given shape. */
    public static Tensor wrap(double[] data, int... shape) {
        int[] s = checkShape(shape);
        long n = numel(s);
        if (data.length != n)
            throw new IllegalArgumentException("data has " + data.length + " elements but shape " + Arrays.toString(s) + " needs " + n);
        return new Tensor(data, s);
    }

    /** Copies {@code data} into a new tensor of the given shape. */
    public static Tensor of(double[] data, int... shape) { return wrap(data.clone(), shape); }

    /** A 1-D tensor holding a copy of {@code values}. */
    public static Tensor vector(double... values) { return wrap(values.clone(), values.length); }

    /** A 2-D tensor from rows of equal length (copied). */
    public static Tensor matrix(double[][] rows) {
        int m = rows.length, n = m == 0 ? 0 : rows[0].length;
        double[] d = new double[m * n];
        for (int i = 0; i < m; i++) {
            if (rows[i].length != n) throw new IllegalArgumentException("row " + i + " has length " + rows[i].length + ", expected " + n);
            System.arraycopy(rows[i], 0, d, i * n, n);
        }
        return new Tensor(d, new int[] {m, n});
    }

    /** A rank-0 tensor holding {@code value}. */
    public static Tensor scalar(double value) { return new Tensor(new double[] {value}, new int[0]); }

    /** All zeros. */
    public static Tensor zeros(int... shape) {
        int[] s = checkShape(shape);
        return new Tensor(new double[toIntSize(numel(s), s)], s);
    }

    /** All ones. */
    public static Tensor ones(int... shape) { return full(1.0, shape); }

    /** Every element equal to {@code value}. */
    public static Tensor full(double value, int... shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    /** Zeros with the shape of {@code like}. */
    public static Tensor zerosLike(Tensor like) { return new Tensor(new double[like.data.length], like.shape.clone()); }

    /** {@code n} points evenly spaced from {@code start} to {@code end} inclusive (like NumPy's linspace). */
    public static Tensor linspace(double start, double end, int n) {
        Checks.positive("n", n);
        double[] d = new double[n];
        double h = n == 1 ? 0 : (end - start) / (n - 1);
        for (int i = 0; i < n; i++) d[i] = start + i * h;
        if (n > 1) d[n - 1] = end;
        return new Tensor(d, new int[] {n});
    }

    /** {@code 0, 1, ..., n-1}. */
    public static Tensor arange(int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = i;
        return new Tensor(d, new int[] {n});
    }

    /** Standard normal entries from a seeded stream: the same seed gives the same bits. */
    public static Tensor randn(long seed, int... shape) {
        Tensor t = zeros(shape);
        fillNormal(RandomSource.XO_RO_SHI_RO_128_PP.create(seed), t.data, 0, t.data.length);
        return t;
    }

    /** Uniform entries in {@code [lo, hi)} from a seeded stream. */
    public static Tensor rand(long seed, double lo, double hi, int... shape) {
        Tensor t = zeros(shape);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        for (int i = 0; i < t.data.length; i++) t.data[i] = lo + (hi - lo) * rng.nextDouble();
        return t;
    }

    /** Fills {@code out[from, from+n)} with standard normal samples from {@code rng}. */
    public static void fillNormal(UniformRandomProvider rng, double[] out, int from, int n) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        for (int i = from; i < from + n; i++) out[i] = g.sample();
    }

    // ------------------------------------------------------------------ shape

    /** @return a copy of the shape */
    public int[] shape() { return shape.clone(); }

    /** @return size of axis {@code axis}; negative axes count from the end */
    public int dim(int axis) { return shape[axis(axis)]; }

    /** @return number of axes */
    public int rank() { return shape.length; }

    /** @return number of elements */
    public int size() { return data.length; }

    /**
     * The backing array, row-major. Writing to it changes this tensor: this is the fast path for kernels,
     * and the reason tensors are documented as mutable through it.
     */
    public double[] data() { return data; }

    /** @return true when both have the same shape */
    public boolean sameShape(Tensor o) { return Arrays.equals(shape, o.shape); }

    /** Resolves a possibly negative axis index. */
    public int axis(int axis) {
        int a = axis < 0 ? axis + shape.length : axis;
        if (a < 0 || a >= shape.length)
            throw new IllegalArgumentException("axis " + axis + " out of range for shape " + Arrays.toString(shape));
        return a;
    }

    /** Product of the sizes of axes {@code [from, to)}. */
    public int sizeOf(int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) p *= shape[i];
        return p;
    }

    /** Same data, new shape with the same number of elements; one entry may be -1 (inferred). Shares data. */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("only one -1 allowed in reshape " + Arrays.toString(newShape));
                infer = i;
            } else {
                if (s[i] < 0) throw new IllegalArgumentException("negative size in reshape " + Arrays.toString(newShape));
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || data.length % known != 0)
                throw new ShapeMismatchException("newShape", "compatible with " + data.length + " elements", newShape);
            s[infer] = (int) (data.length / known);
        }
        if (numel(s) != data.length) throw new ShapeMismatchException("newShape", "with " + data.length + " elements", newShape);
        return new Tensor(data, s);
    }

    /** A copy with axes reordered: result axis {@code i} is this tensor's axis {@code perm[i]}. */
    public Tensor permute(int... perm) {
        int r = shape.length;
        if (perm.length != r) throw new IllegalArgumentException("permutation " + Arrays.toString(perm) + " has wrong length for rank " + r);
        boolean[] seen = new boolean[r];
        int[] ns = new int[r];
        for (int i = 0; i < r; i++) {
            int p = perm[i];
            if (p < 0 || p >= r || seen[p]) throw new IllegalArgumentException("not a permutation: " + Arrays.toString(perm));
            seen[p] = true;
            ns[i] = shape[p];
        }
        int[] srcStride = strides(shape);
        int[] st = new int[r];
        for (int i = 0; i < r; i++) st[i] = srcStride[perm[i]];
        double[] out = new double[data.length];
        int[] idx = new int[r];
        int src = 0;
        for (int o = 0; o < out.length; o++) {
            out[o] = data[src];
            for (int a = r - 1; a >= 0; a--) {
                if (++idx[a] < ns[a]) { src += st[a]; break; }
                src -= st[a] * (ns[a] - 1);
                idx[a] = 0;
            }
        }
        return new Tensor(out, ns);
    }

    /** Transpose of a 2-D tensor (a copy). */
    public Tensor transpose() {
        if (shape.length != 2) throw new ShapeMismatchException("this", "(m, n)", shape);
        return permute(1, 0);
    }

    /** Rows {@code [from, to)} along axis 0, copied. */
    public Tensor slice(int from, int to) {
        if (shape.length == 0) throw new IllegalArgumentException("cannot slice a scalar");
        if (from < 0 || to > shape[0] || from > to)
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") out of range for axis 0 of size " + shape[0]);
        int inner = data.length / Math.max(1, shape[0]);
        int[] s = shape.clone();
        s[0] = to - from;
        return new Tensor(Arrays.copyOfRange(data, from * inner, to * inner), s);
    }

    /** Entries {@code [from, to)} along {@code axis}, copied. */
    public Tensor slice(int axis, int from, int to) {
        int a = axis(axis);
        if (from < 0 || to > shape[a] || from > to)
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") out of range for axis " + a + " of size " + shape[a]);
        int outer = sizeOf(0, a), inner = sizeOf(a + 1, shape.length), len = to - from;
        int[] s = shape.clone();
        s[a] = len;
        double[] out = new double[outer * len * inner];
        for (int o = 0; o < outer; o++)
            System.arraycopy(data, (o * shape[a] + from) * inner, out, o * len * inner, len * inner);
        return new Tensor(out, s);
    }

    /** The sub-tensor at index {@code i} of axis 0 (rank drops by one), copied. */
    public Tensor select(int i) {
        Tensor t = slice(i, i + 1);
        return new Tensor(t.data, Arrays.copyOfRange(shape, 1, shape.length));
    }

    /** Rows of axis 0 picked by {@code indices} (in that order), copied. */
    public Tensor gather(int[] indices) {
        int inner = sizeOf(1, shape.length);
        int[] s = shape.clone();
        s[0] = indices.length;
        double[] out = new double[indices.length * inner];
        for (int i = 0; i < indices.length; i++) {
            int r = indices[i];
            if (r < 0 || r >= shape[0]) throw new IllegalArgumentException("index " + r + " out of range for axis 0 of size " + shape[0]);
            System.arraycopy(data, r * inner, out, i * inner, inner);
        }
        return new Tensor(out, s);
    }

    /** Concatenates along {@code axis}; all other axes must agree. */
    public static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat needs at least one tensor");
        Tensor first = parts[0];
        int a = first.axis(axis);
        int total = 0;
        for (int p = 0; p < parts.length; p++) {
            Tensor t = parts[p];
            if (t.rank() != first.rank()) throw new ShapeMismatchException("parts[" + p + "]", "rank " + first.rank(), t.shape);
            for (int i = 0; i < t.rank(); i++)
                if (i != a && t.shape[i] != first.shape[i])
                    throw new ShapeMismatchException("parts[" + p + "]", "matching " + Arrays.toString(first.shape) + " except axis " + a, t.shape);
            total += t.shape[a];
        }
        int outer = first.sizeOf(0, a), inner = first.sizeOf(a + 1, first.rank());
        int[] s = first.shape.clone();
        s[a] = total;
        double[] out = new double[outer * total * inner];
        for (int o = 0; o < outer; o++) {
            int pos = o * total * inner;
            for (Tensor t : parts) {
                int len = t.shape[a] * inner;
                System.arraycopy(t.data, o * len, out, pos, len);
                pos += len;
            }
        }
        return new Tensor(out, s);
    }

    /** Stacks equal-shaped tensors along a new leading axis. */
    public static Tensor stack(Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("stack needs at least one tensor");
        int[] s = new int[parts[0].rank() + 1];
        s[0] = parts.length;
        System.arraycopy(parts[0].shape, 0, s, 1, parts[0].rank());
        int inner = parts[0].data.length;
        double[] out = new double[parts.length * inner];
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].sameShape(parts[0])) throw new ShapeMismatchException("parts[" + i + "]", Arrays.toString(parts[0].shape), parts[i].shape);
            System.arraycopy(parts[i].data, 0, out, i * inner, inner);
        }
        return new Tensor(out, s);
    }

    // ------------------------------------------------------------------ element access

    /** Flat row-major offset of a full index. */
    public int offset(int... index) {
        if (index.length != shape.length)
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has wrong rank for shape " + Arrays.toString(shape));
        int off = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i])
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " out of bounds for shape " + Arrays.toString(shape));
            off = off * shape[i] + index[i];
        }
        return off;
    }

    /** @return element at the full index */
    public double get(int... index) { return data[offset(index)]; }

    /** Sets the element at the full index (mutates this tensor). */
    public void set(double value, int... index) { data[offset(index)] = value; }

    /** @return the value of a one-element tensor */
    public double item() {
        if (data.length != 1) throw new ShapeMismatchException("this", "one element", shape);
        return data[0];
    }

    /** A deep copy. */
    public Tensor copy() { return new Tensor(data.clone(), shape.clone()); }

    // ------------------------------------------------------------------ elementwise

    private Tensor zip(Tensor o, String name, DoubleBinaryOperator f) {
        requireSameShape(name, o);
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(data[i], o.data[i]);
        return new Tensor(out, shape.clone());
    }

    /** Fails unless {@code o} has this tensor's shape. */
    public void requireSameShape(String name, Tensor o) {
        if (!Arrays.equals(shape, o.shape)) throw new ShapeMismatchException(name, Arrays.toString(shape), o.shape);
    }

    /** Elementwise {@code this + o} (same shapes). */
    public Tensor add(Tensor o) {
        requireSameShape("other", o);
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) out[i] = data[i] + o.data[i];
        return new Tensor(out, shape.clone());
    }

    /** Elementwise {@code this - o} (same shapes). */
    public Tensor sub(Tensor o) {
        requireSameShape("other", o);
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) out[i] = data[i] - o.data[i];
        return new Tensor(out, shape.clone());
    }

    /** Elementwise {@code this * o} (same shapes). */
    public Tensor mul(Tensor o) {
        requireSameShape("other", o);
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) out[i] = data[i] * o.data[i];
        return new Tensor(out, shape.clone());
    }

    /** Elementwise {@code this / o} (same shapes). */
    public Tensor div(Tensor o) { return zip(o, "other", (a, b) -> a / b); }

    /** {@code s * this}. */
    public Tensor scale(double s) {
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) out[i] = s * data[i];
        return new Tensor(out, shape.clone());
    }

    /** {@code this + s}. */
    public Tensor add(double s) {
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) out[i] = data[i] + s;
        return new Tensor(out, shape.clone());
    }

    /** Applies {@code f} to each element (convenience; kernels use flat loops instead). */
    public Tensor map(DoubleUnaryOperator f) {
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(data[i]);
        return new Tensor(out, shape.clone());
    }

    /** Elementwise exponential. */
    public Tensor exp() { return map(Math::exp); }

    /** Elementwise natural logarithm. */
    public Tensor log() { return map(Math::log); }

    /** Elementwise hyperbolic tangent. */
    public Tensor tanh() { return map(Math::tanh); }

    /** Elementwise absolute value. */
    public Tensor abs() { return map(Math::abs); }

    /** Elementwise square root. */
    public Tensor sqrt() { return map(Math::sqrt); }

    /** In place: {@code this += o}. @return this */
    public Tensor addInPlace(Tensor o) {
        requireSameShape("other", o);
        for (int i = 0; i < data.length; i++) data[i] += o.data[i];
        return this;
    }

    /** In place: {@code this += alpha * x}. @return this */
    public Tensor axpyInPlace(double alpha, Tensor x) {
        requireSameShape("x", x);
        for (int i = 0; i < data.length; i++) data[i] += alpha * x.data[i];
        return this;
    }

    /** In place: {@code this *= s}. @return this */
    public Tensor scaleInPlace(double s) {
        for (int i = 0; i < data.length; i++) data[i] *= s;
        return this;
    }

    /** In place: sets every element to {@code v}. @return this */
    public Tensor fill(double v) {
        Arrays.fill(data, v);
        return this;
    }

    // ------------------------------------------------------------------ reductions

    /** Sum of all elements (sequential, fixed order). */
    public double sum() {
        double s = 0;
        for (double v : data) s += v;
        return s;
    }

    /** Mean of all elements. */
    public double mean() { return sum() / data.length; }

    /** Largest element. */
    public double max() {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : data) m = Math.max(m, v);
        return m;
    }

    /** Smallest element. */
    public double min() {
        double m = Double.POSITIVE_INFINITY;
        for (double v : data) m = Math.min(m, v);
        return m;
    }

    /** Euclidean (Frobenius) norm, computed with scaling so it neither overflows nor underflows. */
    public double norm() { return norm2(data, 0, data.length); }

    /** Largest absolute value. */
    public double normInf() {
        double m = 0;
        for (double v : data) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** Sum of elementwise products (same shapes). */
    public double dot(Tensor o) {
        requireSameShape("other", o);
        double s = 0;
        for (int i = 0; i < data.length; i++) s += data[i] * o.data[i];
        return s;
    }

    /** Sum over {@code axis}; the axis is removed. */
    public Tensor sum(int axis) {
        int a = axis(axis);
        int outer = sizeOf(0, a), n = shape[a], inner = sizeOf(a + 1, shape.length);
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int k = 0; k < n; k++) {
                int base = (o * n + k) * inner;
                for (int i = 0; i < inner; i++) out[o * inner + i] += data[base + i];
            }
        int[] s = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != a) s[j++] = shape[i];
        return new Tensor(out, s);
    }

    /** Mean over {@code axis}; the axis is removed. */
    public Tensor mean(int axis) { return sum(axis).scaleInPlace(1.0 / shape[axis(axis)]); }

    /** True when no element is NaN or infinite. */
    public boolean isFinite() {
        for (double v : data) if (!Double.isFinite(v)) return false;
        return true;
    }

    /** True when shapes agree and {@code |a - b| <= atol + rtol * |b|} elementwise. */
    public boolean allClose(Tensor o, double rtol, double atol) {
        if (!sameShape(o)) return false;
        for (int i = 0; i < data.length; i++)
            if (!(Math.abs(data[i] - o.data[i]) <= atol + rtol * Math.abs(o.data[i]))) return false;
        return true;
    }

    /** Largest elementwise absolute difference (same shapes). */
    public double maxAbsDiff(Tensor o) {
        requireSameShape("other", o);
        double m = 0;
        for (int i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i] - o.data[i]));
        return m;
    }

    // ------------------------------------------------------------------ linear algebra

    /**
     * Matrix product. {@code (m, k) x (k, n) -> (m, n)}; with leading batch axes on both operands
     * {@code (..., m, k) x (..., k, n) -> (..., m, n)} (batch axes must match); a 2-D right operand is shared by
     * every batch of a batched left operand.
     */
    public Tensor matmul(Tensor o) {
        if (rank() < 2) throw new ShapeMismatchException("this", "(..., m, k)", shape);
        if (o.rank() < 2) throw new ShapeMismatchException("other", "(..., k, n)", o.shape);
        int m = shape[rank() - 2], k = shape[rank() - 1];
        int k2 = o.shape[o.rank() - 2], n = o.shape[o.rank() - 1];
        if (k != k2) throw new ShapeMismatchException("other", "(..., " + k + ", n)", o.shape);
        int batch = sizeOf(0, rank() - 2);
        int[] outShape = shape.clone();
        outShape[outShape.length - 1] = n;
        double[] out = new double[batch * m * n];
        if (o.rank() == 2) {
            // a shared right operand: fold the batch into the rows of one GEMM
            Gemm.gemm(false, false, batch * m, n, k, 1.0, data, 0, k, o.data, 0, n, 0.0, out, 0, n);
        } else {
            int oBatch = o.sizeOf(0, o.rank() - 2);
            if (oBatch != batch || o.rank() != rank())
                throw new ShapeMismatchException("other", "batch axes matching " + Arrays.toString(Arrays.copyOf(shape, rank() - 2)), o.shape);
            Gemm.gemmBatched(batch, false, false, m, n, k, 1.0, data, 0, m * k, k, o.data, 0, k * n, n,
                    0.0, out, 0, m * n, n);
        }
        return new Tensor(out, outShape);
    }

    // ------------------------------------------------------------------ helpers

    /** Row-major strides of a shape. */
    public static int[] strides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= shape[i];
        }
        return st;
    }

    /** Number of elements of a shape. */
    public static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** Euclidean norm of {@code x[from, from+n)} without overflow or underflow. */
    public static double norm2(double[] x, int from, int n) {
        double scale = 0, ssq = 1;
        for (int i = from; i < from + n; i++) {
            double v = x[i];
            if (v != 0) {
                double a = Math.abs(v);
                if (scale < a) {
                    double r = scale / a;
                    ssq = 1 + ssq * r * r;
                    scale = a;
                } else {
                    double r = a / scale;
                    ssq += r * r;
                }
            }
        }
        return scale * Math.sqrt(ssq);
    }

    private static int[] checkShape(int[] shape) {
        for (int d : shape) if (d < 0) throw new IllegalArgumentException("negative size in shape " + Arrays.toString(shape));
        return shape.clone();
    }

    private static int toIntSize(long n, int[] shape) {
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large for one array");
        return (int) n;
    }

    /** Exact equality of shape and bits. */
    @Override
    public boolean equals(Object obj) {
        if (this == obj) return true;
        if (!(obj instanceof Tensor)) return false;
        Tensor t = (Tensor) obj;
        return Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data); }

    /** Shape and a few leading values, for debugging. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Arrays.toString(shape)).append(" [");
        int n = Math.min(data.length, 8);
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ", ").append(data[i]);
        if (data.length > n) sb.append(", ...");
        return sb.append(']').toString();
    }
}
