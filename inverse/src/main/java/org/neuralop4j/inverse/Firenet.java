package org.neuralop4j.inverse;

import java.util.Arrays;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;

/**
 * FIRENET, the Fast Iterative REstarted NETwork of Colbrook, Antun and Hansen ("The difficulty of computing stable
 * and accurate neural networks", PNAS 2022, doi:10.1073/pnas.2107151119, arXiv:2101.08286): a network that is
 * constructed from the measurement operator, not trained, and recovers {@code x} from {@code y = A x + e} to
 * accuracy {@code O(||e|| + e^{-n})} with depth {@code O(n)}.
 *
 * <p>It unrolls {@code n} restarts of {@code p} Chambolle-Pock steps ({@link SqrtLassoPrimalDual}) for the
 * weighted square-root LASSO {@code min_z lambda ||z||_{l1_w} + ||A W^{-1} z - y||_2} over the coefficients
 * {@code z} of an orthonormal sparsifying transform {@code W}. Restart {@code k} rescales the problem so that the
 * error bound contracts geometrically: with {@code eps_k = e^{-1} (delta + eps_{k-1})},
 * {@code beta_k = eps_k / (2 L)} and {@code a_k = 1 / (beta_k p)}, it runs the inner steps on the data
 * {@code a_k y} from {@code a_k psi_{k-1}} with zero dual start, and sets {@code psi_k} to the ergodic average divided
 * by {@code a_k}. The reconstruction is {@code W^{-1} psi_n}. Here {@code L >= ||A W^{-1}||} and
 * {@code tau = sigma = 1/L}; {@code delta} is the noise/sharpness allowance (tiny for noiseless data) and
 * {@code eps_0} an upper bound on the initial error (a fixed number, so that the network's weights do not depend on
 * its input; {@code ||y||} is the usual choice for {@code ||A|| = 1}).
 *
 * <p>{@link #reconstruct} is the fast solver (flat interleaved arrays, work buffers allocated once per call, none inside the iterations); {@link #asNetwork()} is the same
 * map written as an explicit network of {@code 3np + 1} affine layers and fixed nonlinearities, and
 * {@link #asDifferentiableMap} gives {@code y -> x} with a vector-Jacobian product through that network.
 * Not thread-safe (one instance, one thread).
 */
public final class Firenet {
    private final LinearOperator measurement, sparsifier, b;
    private final SqrtLasso problem;
    private final int p, restarts;
    private final double delta, epsilon0, operatorNorm, tau, sigma;
    private final int n, m;
    private final double[] scales, bounds;
    private final StallDetector stallDetector;

    private Firenet(Builder bd) {
        measurement = bd.measurement;
        sparsifier = bd.sparsifier;
        b = measurement.compose(sparsifier.adjointOperator());
        problem = new SqrtLasso(b, bd.lambda, bd.weights);
        p = bd.p;
        restarts = bd.restarts;
        delta = bd.delta;
        epsilon0 = bd.epsilon0;
        operatorNorm = bd.operatorNorm;
        tau = 1 / operatorNorm;
        sigma = 1 / operatorNorm;
        n = b.domainSize();
        m = b.rangeSize();
        scales = new double[restarts + 1];
        bounds = new double[restarts + 1];
        double eps = epsilon0;
        scales[0] = 1;
        bounds[0] = epsilon0;
        for (int k = 1; k <= restarts; k++) {
            eps = Math.exp(-1) * (delta + eps);
            double beta = eps / (2 * operatorNorm);
            scales[k] = 1 / (beta * p);
            bounds[k] = eps;
        }
        stallDetector = bd.stallDetector;
    }

    /** @return a builder for {@code y = A x}, {@code A} mapping images to measurements */
    public static Builder builder(LinearOperator measurement) { return new Builder(measurement); }

    /** Parameters of a FIRENET. Required: lambda, p, restarts, epsilon0. */
    public static final class Builder {
        private final LinearOperator measurement;
        private LinearOperator sparsifier;
        private double lambda = Double.NaN, delta = 1e-12, epsilon0 = Double.NaN, operatorNorm = 1;
        private double[] weights;
        private int p = -1, restarts = -1;
        private StallDetector stallDetector = new StallDetector();

        private Builder(LinearOperator measurement) { this.measurement = measurement; }

        /** The orthonormal analysis transform {@code W} (coefficients {@code z = W x}); default identity. */
        public Builder sparsifier(LinearOperator w) { sparsifier = w; return this; }

        /** lambda > 0 of the square-root LASSO. */
        public Builder lambda(double v) { lambda = Checks.positive("lambda", v); return this; }

        /** Weights of the weighted l1 norm, one per coefficient (default all ones); see {@link #levelWeights}. */
        public Builder weights(double[] w) { weights = w.clone(); return this; }

        /** Inner primal-dual steps per restart. */
        public Builder innerIterations(int v) { p = Checks.positive("p", v); return this; }

        /** Number of restarts. */
        public Builder restarts(int v) { restarts = Checks.positive("restarts", v); return this; }

        /** Noise / sharpness allowance delta >= 0 of the restart schedule (default 1e-12). */
        public Builder delta(double v) { delta = Checks.nonNegative("delta", v); return this; }

        /** Initial error bound eps_0 > 0 (typically ||y||). */
        public Builder epsilon0(double v) { epsilon0 = Checks.positive("epsilon0", v); return this; }

        /** An upper bound L on ||A W^{-1}|| (default 1, exact for subsampled unitary transforms and orthonormal W). */
        public Builder operatorNorm(double v) { operatorNorm = Checks.positive("operatorNorm", v); return this; }

        /** The stall detector (default {@link StallDetector#StallDetector()}). */
        public Builder stallDetector(StallDetector d) { stallDetector = d; return this; }

        /** @return the FIRENET */
        public Firenet build() {
            if (sparsifier == null) sparsifier = new Identity(measurement.domainSize());
            if (Double.isNaN(lambda)) throw new IllegalStateException("FIRENET needs lambda");
            if (p < 0) throw new IllegalStateException("FIRENET needs innerIterations (p)");
            if (restarts < 0) throw new IllegalStateException("FIRENET needs restarts (n)");
            if (Double.isNaN(epsilon0)) throw new IllegalStateException("FIRENET needs epsilon0 (an upper bound on the initial error, e.g. ||y||)");
            if (sparsifier.domainSize() != measurement.domainSize() || sparsifier.rangeSize() != measurement.domainSize())
                throw new IllegalArgumentException("sparsifier must map the " + measurement.domainSize() + " image entries to as many coefficients");
            return new Firenet(this);
        }
    }

    /** The identity transform, the default sparsifier. */
    static final class Identity implements LinearOperator {
        private final int size;

        Identity(int size) { this.size = size; }

        @Override public int domainSize() { return size; }
        @Override public int rangeSize() { return size; }
        @Override public void apply(double[] x, double[] out) { System.arraycopy(x, 0, out, 0, 2 * size); }
        @Override public void adjoint(double[] y, double[] out) { System.arraycopy(y, 0, out, 0, 2 * size); }
    }

    /**
     * Level weights {@code w_k = sqrt(s / s_l)} on the coefficients of wavelet level {@code l}, where {@code s_l}
     * is the local sparsity of level {@code l} and {@code s = sum_l s_l} (the paper's choice for sampling in levels).
     * @param localSparsity one positive number per level {@code 0 .. W.levels()} (coarsest first)
     */
    public static double[] levelWeights(WaveletTransform w, double[] localSparsity) {
        if (localSparsity.length != w.levels() + 1)
            throw new IllegalArgumentException("localSparsity needs " + (w.levels() + 1) + " entries (levels 0.." + w.levels() + "), got " + localSparsity.length);
        double s = 0;
        for (double v : localSparsity) s += Checks.positive("local sparsity", v);
        double[] weights = new double[w.domainSize()];
        for (int i = 0; i < weights.length; i++) weights[i] = Math.sqrt(s / localSparsity[w.levelOf(i)]);
        return weights;
    }

    /**
     * Local sparsities of an image's wavelet coefficients: per level, the number of coefficients with modulus above
     * {@code relTol * max |z|} (at least 1).
     */
    public static double[] localSparsity(WaveletTransform w, double[] coefficients, double relTol) {
        double max = 0;
        double[] mag = ComplexArrays.abs(coefficients);
        for (double v : mag) max = Math.max(max, v);
        double[] s = new double[w.levels() + 1];
        for (int i = 0; i < mag.length; i++) if (mag[i] > relTol * max) s[w.levelOf(i)]++;
        for (int l = 0; l < s.length; l++) s[l] = Math.max(1, s[l]);
        return s;
    }

    /** @return p */
    public int innerIterations() { return p; }

    /** @return n */
    public int restarts() { return restarts; }

    /** @return the square-root LASSO being solved (over coefficients) */
    public SqrtLasso problem() { return problem; }

    /** @return {@code B = A W^{-1}} */
    public LinearOperator coefficientOperator() { return b; }

    /** @return the sparsifier {@code W} */
    public LinearOperator sparsifier() { return sparsifier; }

    /** @return the step sizes tau = sigma = 1 / L */
    public double stepSize() { return tau; }

    /** @return the rescaling factor {@code a_k} of restart {@code k} (1-based) */
    public double scale(int k) { return scales[k]; }

    /** @return the error bound {@code eps_k} of restart {@code k} (k = 0 .. n) */
    public double errorBound(int k) { return bounds[k]; }

    /**
     * Restarts needed for the error bound {@code eps_k} to fall below {@code epsilon} (when {@code epsilon}
     * exceeds the floor {@code delta e^{-1}/(1 - e^{-1})}): {@code ceil(ln(eps_0 / epsilon)) + O(1)}, i.e.
     * {@code O(|log epsilon|)}; the network depth is {@code 3 p n + 1}.
     * @return the smallest {@code n} with {@code eps_n <= epsilon}, or -1 if the floor is above {@code epsilon}
     */
    public int restartsForAccuracy(double epsilon) {
        double eps = epsilon0;
        for (int k = 1; k <= 10_000; k++) {
            eps = Math.exp(-1) * (delta + eps);
            if (eps <= epsilon) return k;
        }
        return -1;
    }

    /** @return the depth (number of affine layers) of a network with accuracy {@code epsilon}: {@code 3 p n(epsilon) + 1} */
    public long depthForAccuracy(double epsilon) {
        int k = restartsForAccuracy(epsilon);
        return k < 0 ? -1 : 3L * p * k + 1;
    }

    // ------------------------------------------------------------------ fast solver

    /** Runs FIRENET on {@code y} ({@code m} complex entries). */
    public Reconstruction reconstruct(double[] y) { return reconstruct(y, null); }

    /**
     * Runs FIRENET on {@code y} and, when {@code truthImage} is given, records the relative error of every restart.
     * @param truthImage the true image ({@code N} complex entries) or {@code null}
     */
    public Reconstruction reconstruct(double[] y, double[] truthImage) {
        ComplexArrays.checkComplexLength("y", y, m);
        if (truthImage != null) ComplexArrays.checkComplexLength("truthImage", truthImage, n);
        double[] x = new double[2 * n], v = new double[2 * m], sum = new double[2 * n], work = new double[2 * n];
        double[] c = new double[2 * m], cNew = new double[2 * m];
        double[] psi = new double[2 * n], psiPrev = new double[2 * n], image = new double[2 * n];
        double truthNorm = truthImage == null ? 1 : ComplexArrays.norm(truthImage);
        Reconstruction.Builder hist = new Reconstruction.Builder(restarts, delta, operatorNorm);
        for (int k = 1; k <= restarts; k++) {
            double al = scales[k];
            restartStart(sum, p * scales[k - 1], al, x);
            innerIterations(x, v, sum, c, cNew, work, y, al);
            double[] t = psiPrev;
            psiPrev = psi;
            psi = t;
            double d = p * al;
            for (int i = 0; i < psi.length; i++) psi[i] = sum[i] / d;
            double residual = problem.residual(psi, y);
            double objective = problem.lambda() * problem.weightedL1(psi) + residual;
            double change = ComplexArrays.distance(psi, psiPrev);
            double err = Double.NaN;
            if (truthImage != null) {
                sparsifier.adjoint(psi, image);
                err = ComplexArrays.distance(image, truthImage) / truthNorm;
            }
            hist.add(errorBound(k), objective, residual, change, err);
        }
        // Probe: one more restart at the last scale. While restarts work, psi_n is within about eps_n of the
        // solution and the probe barely moves it; when they stall, the probe moves it as far as the last restart did.
        double lastChange = hist.k == 0 ? 0 : hist.changes[hist.k - 1];
        double probeChange = Double.NaN;
        if (restarts >= 1) {
            double al = scales[restarts];
            for (int i = 0; i < x.length; i++) x[i] = al * psi[i];
            innerIterations(x, v, sum, c, cNew, work, y, al);
            double s2 = 0, d = p * al;
            for (int i = 0; i < psi.length; i++) {
                double diff = sum[i] / d - psi[i];
                s2 += diff * diff;
            }
            probeChange = Math.sqrt(s2);
        }
        hist.probe(probeChange, lastChange);
        sparsifier.adjoint(psi, image);
        return hist.build(psi, image, stallDetector);
    }

    /**
     * The {@code p} inner steps of one restart at scale {@code al}: from primal {@code x} (overwritten with the
     * last iterate) and zero dual; {@code sum} receives the sum of the primal iterates. {@code c, cNew, work} are
     * work buffers. Exactly the operations of the network's layers, in the same order.
     */
    private void innerIterations(double[] x, double[] v, double[] sum, double[] c, double[] cNew, double[] work, double[] y, double al) {
        double[] w = problem.weights();
        double lambda = problem.lambda();
        Arrays.fill(v, 0);
        Arrays.fill(sum, 0);
        b.apply(x, c);
        for (int j = 0; j < p; j++) {
            // the dual starts at zero, so the first step needs no B^H v (x - tau * 0 = x exactly, as in the network)
            if (j == 0) Prox.softThreshold(x, tau * lambda, w, x);
            else SqrtLassoPrimalDual.primalStep(b, x, v, tau, lambda, w, work);
            b.apply(x, cNew);
            SqrtLassoPrimalDual.dualStep(v, cNew, c, y, sigma, al);
            for (int i = 0; i < sum.length; i++) sum[i] += x[i];
            double[] t = c;
            c = cNew;
            cNew = t;
        }
    }

    /** {@code x = a_k (S / (p a_{k-1}))}: the rescaled start of a restart from the previous restart's sum. */
    static void restartStart(double[] sum, double pScalePrev, double al, double[] x) {
        for (int i = 0; i < x.length; i++) x[i] = al * (sum[i] / pScalePrev);
    }

    // ------------------------------------------------------------------ network form

    /** @return the explicit network ({@code 3 p n + 1} affine layers and fixed nonlinearities) computing the same map */
    public UnrolledNetwork asNetwork() { return new UnrolledNetwork(this); }

    /**
     * {@code y -> x}: input shape {@code (m, 2)} (complex measurements, last axis re/im), output shape
     * {@code (outputDims..., 2)} with {@code prod(outputDims) = N} (default {@code (N, 2)}). {@code apply} runs the
     * fast solver; {@code vjp} replays the network backward with the activation patterns of the forward pass (the
     * network is piecewise smooth, and affine between the nonlinearities' kinks).
     */
    public DifferentiableMap asDifferentiableMap(int... outputDims) {
        int[] outShape;
        if (outputDims.length == 0) outShape = new int[] {n, 2};
        else {
            if (SamplingMask.size(outputDims) != n)
                throw new IllegalArgumentException("outputDims " + Arrays.toString(outputDims) + " do not hold " + n + " entries");
            outShape = Arrays.copyOf(outputDims, outputDims.length + 1);
            outShape[outputDims.length] = 2;
        }
        UnrolledNetwork net = asNetwork();
        return new DifferentiableMap() {
            @Override
            public Tensor apply(Tensor y) {
                Checks.shape("y", y, m, 2);
                return Tensor.wrap(reconstruct(y.data()).image(), outShape);
            }

            @Override
            public Tensor vjp(Tensor y, Tensor cotangent) {
                Checks.shape("y", y, m, 2);
                Checks.shape("cotangent", cotangent, outShape);
                return Tensor.wrap(net.vjp(y.data(), cotangent.data()), m, 2);
            }
        };
    }

    int coefficientSize() { return n; }

    int measurementSize() { return m; }

    double tau() { return tau; }

    double sigma() { return sigma; }
}
