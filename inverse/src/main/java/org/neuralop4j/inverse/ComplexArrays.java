package org.neuralop4j.inverse;

/**
 * Small kernels on interleaved complex vectors (see the package documentation for the layout). All loops are
 * serial and in index order, so results do not depend on the thread count.
 */
public final class ComplexArrays {
    private ComplexArrays() {}

    /** @return {@code ||x||_2}, the Euclidean norm of the complex vector (of the whole interleaved array) */
    public static double norm(double[] x) {
        double s = 0;
        for (double v : x) s += v * v;
        return Math.sqrt(s);
    }

    /** @return {@code ||x - y||_2} */
    public static double distance(double[] x, double[] y) {
        checkSameLength("y", x, y);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /**
     * Complex inner product {@code <x, y> = sum_k x_k conj(y_k)}.
     * @return {@code {re, im}}
     */
    public static double[] dot(double[] x, double[] y) {
        checkSameLength("y", x, y);
        double re = 0, im = 0;
        for (int i = 0; i < x.length; i += 2) {
            double a = x[i], b = x[i + 1], c = y[i], d = y[i + 1];
            re += a * c + b * d;
            im += b * c - a * d;
        }
        return new double[] {re, im};
    }

    /** @return {@code Re <x, y>}, the real inner product of the interleaved arrays */
    public static double realDot(double[] x, double[] y) {
        checkSameLength("y", x, y);
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }

    /** A real vector of {@code n} entries as an interleaved complex array (imaginary parts zero). */
    public static double[] fromReal(double[] re) {
        double[] z = new double[2 * re.length];
        for (int i = 0; i < re.length; i++) z[2 * i] = re[i];
        return z;
    }

    /** @return the real parts of an interleaved complex array */
    public static double[] realPart(double[] z) {
        double[] re = new double[z.length / 2];
        for (int i = 0; i < re.length; i++) re[i] = z[2 * i];
        return re;
    }

    /** @return the moduli {@code |z_k|} */
    public static double[] abs(double[] z) {
        double[] a = new double[z.length / 2];
        for (int i = 0; i < a.length; i++) a[i] = Math.hypot(z[2 * i], z[2 * i + 1]);
        return a;
    }

    static void checkSameLength(String name, double[] x, double[] y) {
        if (x.length != y.length)
            throw new IllegalArgumentException(name + " has length " + y.length + ", expected " + x.length);
    }

    static void checkComplexLength(String name, double[] x, int size) {
        if (x.length != 2 * size)
            throw new IllegalArgumentException(name + " must hold " + size + " complex entries (length " + (2 * size)
                    + " interleaved), got length " + x.length);
    }

    /** {@code out[j] = scale * full[index[j]]} for complex entries: keeps the sampled coefficients of a transform. */
    static void gather(double[] full, int[] index, double scale, double[] out) {
        for (int j = 0; j < index.length; j++) {
            int k = 2 * index[j];
            out[2 * j] = full[k] * scale;
            out[2 * j + 1] = full[k + 1] * scale;
        }
    }

    /** Zeroes {@code full} and puts {@code y[j]} at complex entry {@code index[j]}: the adjoint of {@link #gather} (scale 1). */
    static void scatter(double[] y, int[] index, double[] full) {
        java.util.Arrays.fill(full, 0);
        for (int j = 0; j < index.length; j++) {
            int k = 2 * index[j];
            full[k] = y[2 * j];
            full[k + 1] = y[2 * j + 1];
        }
    }
}
