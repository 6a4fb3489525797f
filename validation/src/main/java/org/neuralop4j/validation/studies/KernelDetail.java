package org.neuralop4j.validation.studies;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.fft.Fft;
import org.neuralop4j.inverse.ComplexArrays;
import org.neuralop4j.inverse.LinearOperator;
import org.neuralop4j.inverse.SamplingMask;

/**
 * A "kernel detail" for subsampled Fourier measurements: a real image {@code z} that is large but almost invisible
 * to {@code A}, the ingredient of the instability mechanism of Colbrook, Antun &amp; Hansen (PNAS 2022,
 * arXiv:2101.08286, and Gottschling et al., "The troublesome kernel", arXiv:2001.01258). If a training set holds
 * images {@code x} and {@code x + z} with {@code ||A z|| = delta} and a map {@code Phi} reconstructs both within
 * {@code r}, then {@code ||Phi(y + A z) - Phi(y)|| >= ||z|| - 2r} at {@code y = A x}: its local Lipschitz constant
 * there is at least {@code (||z|| - 2r) / delta}, close to {@link #lipschitzLowerBound()} {@code = ||z|| / ||A z||}.
 *
 * <p><b>Construction</b> ({@link #build}), for {@code A = P_Omega F} on {@code n x n} real images (F unitary):
 * <pre>
 *   S        = Omega  union  -Omega                     (the sampled frequencies, closed under k -> -k)
 *   Q d      = F^H 1_{not S} F d                        (kernelProjection: real orthogonal projection onto the
 *                                                         real images with A z = 0; S is symmetric, so Q d is real)
 *   v        = unit real image with spectrum in S along which the training images vary least
 *                                                        (quietestSampledDirection: smallest-eigenvalue eigenvector
 *                                                         of their covariance in an orthonormal real Fourier basis of S)
 *   z        = Q d + eps v,   eps = delta / ||A v||      (so ||A z|| = delta exactly, since A Q d = 0)
 * </pre>
 * {@code Q d} and {@code v} are orthogonal, so {@code ||z||^2 = ||Q d||^2 + eps^2}. The kernel part {@code Q d} is
 * the detail a reconstruction would have to hallucinate; the sampled part {@code eps v} is the one measurable trace
 * of it, put where the training images do not vary so that a network can tell the two classes apart at all.
 *
 * <p>Images are real, row-major {@code n*n}; the mask is a centred ({@code fftshift}) {@link SamplingMask.Spectrum#FOURIER}
 * mask as {@link org.neuralop4j.inverse.SubsampledFourier} uses.
 */
public final class KernelDetail {
    private final double[] kernelPart, sampledPart, detail, measurement;
    private final double detailNorm, kernelNorm, kernelNormSquared, measurementNorm;

    private KernelDetail(double[] kernelPart, double[] sampledPart, double[] measurement) {
        this.kernelPart = kernelPart;
        this.sampledPart = sampledPart;
        this.detail = new double[kernelPart.length];
        for (int i = 0; i < detail.length; i++) detail[i] = kernelPart[i] + sampledPart[i];
        this.measurement = measurement;
        this.detailNorm = ComplexArrays.norm(detail);
        double kk = 0;
        for (double v : kernelPart) kk += v * v;
        this.kernelNormSquared = kk;
        this.kernelNorm = Math.sqrt(kk);
        this.measurementNorm = ComplexArrays.norm(measurement);
    }

    /**
     * Builds {@code z = Q d + eps v} with {@code ||A z|| = measurementNorm}.
     * @param a               the measurement operator, {@code A = P_Omega F} for {@code mask}
     * @param mask            its sampling mask (2-D, centred)
     * @param feature         the localized feature {@code d} ({@code n*n} real pixels; not modified)
     * @param direction       the sampled direction {@code v}: real, spectrum in {@code S}, {@code A v != 0} (not modified)
     * @param measurementNorm {@code delta > 0}, the wanted {@code ||A z||}
     */
    public static KernelDetail build(LinearOperator a, SamplingMask mask, double[] feature, double[] direction, double measurementNorm) {
        Checks.positive("measurementNorm", measurementNorm);
        int pixels = mask.size();
        if (a.domainSize() != pixels) throw new IllegalArgumentException("a acts on " + a.domainSize() + " pixels but the mask has " + pixels);
        if (direction.length != pixels) throw new ShapeMismatchException("direction", "(" + pixels + ")", new int[] {direction.length});
        double[] av = new double[2 * a.rangeSize()];
        a.apply(ComplexArrays.fromReal(direction), av);
        double avNorm = ComplexArrays.norm(av);
        if (!(avNorm > 1e-12 * Math.max(1e-300, ComplexArrays.norm(direction))))
            throw new IllegalArgumentException("direction is (numerically) invisible to A: ||A v|| = " + avNorm);
        double eps = measurementNorm / avNorm;
        double[] sampled = new double[pixels];
        for (int i = 0; i < pixels; i++) sampled[i] = eps * direction[i];
        for (int i = 0; i < av.length; i++) av[i] *= eps;
        return new KernelDetail(kernelProjection(mask, feature), sampled, av);
    }

    /**
     * The real orthogonal projection onto {@code {z real : A z = 0}}: zeroes the DFT of {@code image} on the sampled
     * frequencies and their negatives ({@code S = Omega union -Omega}) and transforms back.
     * @return {@code Q image}, real, {@code n*n}
     */
    public static double[] kernelProjection(SamplingMask mask, double[] image) {
        int[] dims = planarDims(mask);
        checkImage("image", image, mask.size());
        boolean[] inS = symmetricSampledSet(mask);
        double[] spec = ComplexArrays.fromReal(image);
        Fft.fftn(spec, 1, dims, false);
        for (int k = 0; k < inS.length; k++)
            if (inS[k]) {
                spec[2 * k] = 0;
                spec[2 * k + 1] = 0;
            }
        Fft.fftn(spec, 1, dims, true);
        return ComplexArrays.realPart(spec); // imaginary parts are rounding only: S is closed under k -> -k
    }

    /**
     * The unit real image with spectrum in {@code S} along which {@code images} vary least: the eigenvector of the
     * smallest eigenvalue of their sample covariance, expressed in the orthonormal real basis of {@code S}
     * ({@code sqrt(2/N) (Re, Im) F x} at one frequency of each pair {@code {k, -k}}, {@code F x / sqrt N} at the
     * self-conjugate ones). Needs more images than {@code |S|} real dimensions for the estimate to mean anything.
     * @param images {@code (count, n*n)} real images
     * @return {@code v}, {@code ||v|| = 1} (sign as the eigensolver returns it)
     */
    public static double[] quietestSampledDirection(SamplingMask mask, Tensor images) {
        int[] dims = planarDims(mask);
        int pixels = mask.size();
        Checks.rank("images", images, 2, "(count, n*n)");
        if (images.dim(1) != pixels) throw new ShapeMismatchException("images", "(count, " + pixels + ")", images.shape());
        int[][] basis = realBasis(mask); // {frequency, part}: part 0 = self-conjugate, 1 = Re, 2 = Im
        int dim = basis.length, count = images.dim(0);
        double[] coords = new double[count * dim], mean = new double[dim], spec = new double[2 * pixels];
        double[] data = images.data();
        for (int c = 0; c < count; c++) {
            for (int p = 0; p < pixels; p++) {
                spec[2 * p] = data[c * pixels + p];
                spec[2 * p + 1] = 0;
            }
            Fft.fftn(spec, 1, dims, false);
            for (int s = 0; s < dim; s++) {
                double v = coordinate(spec, basis[s], pixels);
                coords[c * dim + s] = v;
                mean[s] += v / count;
            }
        }
        DMatrixRMaj cov = new DMatrixRMaj(dim, dim);
        for (int c = 0; c < count; c++)
            for (int i = 0; i < dim; i++) {
                double di = coords[c * dim + i] - mean[i];
                int row = i * dim, off = c * dim;
                for (int j = 0; j < dim; j++) cov.data[row + j] += di * (coords[off + j] - mean[j]);
            }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(dim, true, true);
        if (!eig.decompose(cov)) throw new IllegalStateException("eigendecomposition of the " + dim + " x " + dim + " covariance failed");
        int best = 0;
        for (int i = 1; i < dim; i++) if (eig.getEigenvalue(i).real < eig.getEigenvalue(best).real) best = i;
        double[] vc = eig.getEigenVector(best).data;
        double[] vSpec = new double[2 * pixels];
        for (int s = 0; s < dim; s++) addBasisVector(vSpec, basis[s], vc[s], dims);
        Fft.fftn(vSpec, 1, dims, true);
        double[] v = ComplexArrays.realPart(vSpec);
        double nv = ComplexArrays.norm(v);
        for (int i = 0; i < v.length; i++) v[i] /= nv;
        return v;
    }

    /**
     * A square patch of fine checkerboard texture: pixel {@code (row + i, col + j)} is {@code +amplitude} when
     * {@code i + j} is even and {@code -amplitude} otherwise, for {@code 0 <= i, j < side}; zero elsewhere. Its
     * spectrum sits near the highest frequencies, which variable-density masks sample least.
     */
    public static double[] checkerPatch(int size, int row, int col, int side, double amplitude) {
        Checks.positive("size", size);
        Checks.positive("side", side);
        if (row < 0 || col < 0 || row + side > size || col + side > size)
            throw new IllegalArgumentException("patch at (" + row + ", " + col + ") of side " + side + " leaves the " + size + " x " + size + " image");
        double[] d = new double[size * size];
        for (int i = 0; i < side; i++)
            for (int j = 0; j < side; j++) d[(row + i) * size + col + j] = (i + j) % 2 == 0 ? amplitude : -amplitude;
        return d;
    }

    /** @return {@code z} ({@code n*n}, a copy) */
    public double[] detail() { return detail.clone(); }

    /** @return the kernel part {@code Q d}, {@code A Q d = 0} (a copy) */
    public double[] kernelPart() { return kernelPart.clone(); }

    /** @return the sampled part {@code eps v} (a copy) */
    public double[] sampledPart() { return sampledPart.clone(); }

    /** @return {@code A z}, interleaved complex (a copy) */
    public double[] measurement() { return measurement.clone(); }

    /** @return {@code ||z||} */
    public double detailNorm() { return detailNorm; }

    /** @return {@code ||Q d||} */
    public double kernelNorm() { return kernelNorm; }

    /** @return {@code ||A z||} */
    public double measurementNorm() { return measurementNorm; }

    /** @return {@code ||z|| / ||A z||}, the local Lipschitz constant any map reconstructing both classes exactly must have */
    public double lipschitzLowerBound() { return detailNorm / measurementNorm; }

    /**
     * How much of the kernel part a reconstruction change carries: {@code <change, Q d> / ||Q d||^2} (1 = the whole
     * detail, 0 = none).
     */
    public double detailFraction(double[] change) {
        checkImage("change", change, kernelPart.length);
        double dot = 0;
        for (int i = 0; i < change.length; i++) dot += change[i] * kernelPart[i];
        return dot / kernelNormSquared;
    }

    // ------------------------------------------------------------------ frequency bookkeeping (FFT order)

    private static int[] planarDims(SamplingMask mask) {
        int[] dims = mask.dims();
        if (dims.length != 2) throw new IllegalArgumentException("a 2-D mask is needed, got dims " + java.util.Arrays.toString(dims));
        return dims;
    }

    /** {@code S = Omega union -Omega} as flags in FFT order (frequency 0 first). */
    static boolean[] symmetricSampledSet(SamplingMask mask) {
        int[] dims = planarDims(mask);
        int n1 = dims[0], n2 = dims[1];
        boolean[] out = new boolean[n1 * n2];
        for (int p = 0; p < n1; p++)
            for (int q = 0; q < n2; q++) {
                int centred = ((p + n1 / 2) % n1) * n2 + (q + n2 / 2) % n2;
                int negCentred = (((n1 - p) % n1 + n1 / 2) % n1) * n2 + ((n2 - q) % n2 + n2 / 2) % n2;
                out[p * n2 + q] = mask.isSampled(centred) || mask.isSampled(negCentred);
            }
        return out;
    }

    /** Orthonormal real basis of the images with spectrum in S: {FFT-order frequency, part (0 self-conjugate, 1 Re, 2 Im)}. */
    static int[][] realBasis(SamplingMask mask) {
        int[] dims = planarDims(mask);
        int n1 = dims[0], n2 = dims[1];
        boolean[] inS = symmetricSampledSet(mask);
        java.util.List<int[]> basis = new java.util.ArrayList<>();
        for (int p = 0; p < n1; p++)
            for (int q = 0; q < n2; q++) {
                int k = p * n2 + q, conj = ((n1 - p) % n1) * n2 + (n2 - q) % n2;
                if (!inS[k] || conj < k) continue;
                if (conj == k) basis.add(new int[] {k, 0});
                else {
                    basis.add(new int[] {k, 1});
                    basis.add(new int[] {k, 2});
                }
            }
        return basis.toArray(new int[0][]);
    }

    /** Coordinate of an image (given by its unnormalised DFT {@code spec}) on one basis vector. */
    private static double coordinate(double[] spec, int[] b, int pixels) {
        int k = b[0];
        if (b[1] == 0) return spec[2 * k] / Math.sqrt(pixels);
        return Math.sqrt(2.0 / pixels) * spec[2 * k + (b[1] == 1 ? 0 : 1)];
    }

    /** Adds {@code c} times a basis vector to an unnormalised DFT (so that the inverse DFT gives the image). */
    private static void addBasisVector(double[] spec, int[] b, double c, int[] dims) {
        int n1 = dims[0], n2 = dims[1], pixels = n1 * n2, k = b[0], p = k / n2, q = k % n2;
        int conj = ((n1 - p) % n1) * n2 + (n2 - q) % n2;
        if (b[1] == 0) {
            spec[2 * k] += Math.sqrt(pixels) * c;
            return;
        }
        double s = Math.sqrt(pixels / 2.0) * c;
        if (b[1] == 1) {
            spec[2 * k] += s;
            spec[2 * conj] += s;
        } else {
            spec[2 * k + 1] += s;
            spec[2 * conj + 1] -= s;
        }
    }

    private static void checkImage(String name, double[] x, int pixels) {
        if (x.length != pixels) throw new ShapeMismatchException(name, "(" + pixels + ")", new int[] {x.length});
    }
}
