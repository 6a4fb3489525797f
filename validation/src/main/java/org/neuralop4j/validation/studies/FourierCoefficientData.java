package org.neuralop4j.validation.studies;

import org.neuralop4j.core.Tensor;
import org.neuralop4j.inverse.ComplexArrays;
import org.neuralop4j.inverse.LinearOperator;
import org.neuralop4j.inverse.MatrixOperator;
import org.neuralop4j.inverse.Phantoms;

/**
 * Real-valued training data for a learned reconstruction of real images from complex Fourier samples, in the
 * wavelet domain: for a measurement operator {@code A} ({@code m} complex samples of an {@code N}-pixel image) and
 * an orthonormal real sparsifier {@code W}, the real coefficient map is
 * <pre>  B = [Re; Im] (A W^T)   (2m x N, rows interleaved: row 2j = Re of sample j, row 2j+1 = Im),</pre>
 * so that for real coefficients {@code z} the interleaved complex data {@code y = A W^T z} is exactly the real
 * vector {@code B z}, and the Euclidean norms of a perturbation of {@code y} agree in both views.
 */
public final class FourierCoefficientData {
    private FourierCoefficientData() {}

    /**
     * Builds {@code B} column by column ({@code B e_j = A W^T e_j}, one transform pair per column).
     * @param a measurement operator on images of {@code N} complex entries
     * @param w real orthonormal sparsifier on the same images ({@code W^T = W^H} is its adjoint)
     * @return {@code B} as a real {@code 2m x N} matrix
     */
    public static MatrixOperator realCoefficientMatrix(LinearOperator a, LinearOperator w) {
        int n = w.domainSize(), m = a.rangeSize();
        if (a.domainSize() != n) throw new IllegalArgumentException("A acts on " + a.domainSize() + " entries but W on " + n);
        double[] b = new double[2 * m * n];
        double[] unit = new double[2 * n], image = new double[2 * n], y = new double[2 * m];
        for (int j = 0; j < n; j++) {
            unit[2 * j] = 1;
            w.adjoint(unit, image);
            a.apply(image, y);
            unit[2 * j] = 0;
            for (int r = 0; r < 2 * m; r++) b[r * n + j] = y[r];
        }
        return new MatrixOperator(2 * m, n, b);
    }

    /**
     * A seeded set of random-ellipse images ({@link Phantoms#randomEllipses}, 8 ellipses, image {@code i} from seed
     * {@code seed + i}) as wavelet coefficients and noiseless measurements.
     * @return {@code {coefficients (count, N), measurements (count, 2m) interleaved complex}}
     */
    public static Tensor[] ellipses(LinearOperator a, LinearOperator w, int size, int count, long seed) {
        int n = w.domainSize(), m = a.rangeSize();
        if (size * size != n) throw new IllegalArgumentException("size " + size + " does not match W's " + n + " entries");
        double[] zs = new double[count * n], ys = new double[count * 2 * m];
        double[] coef = new double[2 * n], y = new double[2 * m];
        for (int c = 0; c < count; c++) {
            double[] img = ComplexArrays.fromReal(Phantoms.randomEllipses(size, 8, seed + c));
            w.apply(img, coef);
            a.apply(img, y);
            for (int i = 0; i < n; i++) zs[c * n + i] = coef[2 * i];
            System.arraycopy(y, 0, ys, c * 2 * m, 2 * m);
        }
        return new Tensor[] {Tensor.wrap(zs, count, n), Tensor.wrap(ys, count, 2 * m)};
    }

    /**
     * The same seeded random-ellipse images as {@link #ellipses} (image {@code i} from seed {@code seed + i}) in the
     * pixel domain, for networks that reconstruct pixels rather than wavelet coefficients.
     * @return {@code {images (count, n*n) row-major, measurements (count, 2m) interleaved complex}}
     */
    public static Tensor[] ellipseImages(LinearOperator a, int size, int count, long seed) {
        int n = size * size, m = a.rangeSize();
        if (a.domainSize() != n) throw new IllegalArgumentException("size " + size + " does not match A's " + a.domainSize() + " pixels");
        double[] xs = new double[count * n], ys = new double[count * 2 * m], y = new double[2 * m];
        for (int c = 0; c < count; c++) {
            double[] img = Phantoms.randomEllipses(size, 8, seed + c);
            a.apply(ComplexArrays.fromReal(img), y);
            System.arraycopy(img, 0, xs, c * n, n);
            System.arraycopy(y, 0, ys, c * 2 * m, 2 * m);
        }
        return new Tensor[] {Tensor.wrap(xs, count, n), Tensor.wrap(ys, count, 2 * m)};
    }

    /** @return the real image {@code W^T z} of real coefficients {@code z} ({@code N} values) */
    public static double[] image(LinearOperator w, double[] z) {
        double[] img = new double[2 * z.length];
        w.adjoint(ComplexArrays.fromReal(z), img);
        return ComplexArrays.realPart(img);
    }
}
