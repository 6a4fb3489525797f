package org.neuralop4j.operators.fno;

import java.util.Arrays;
import org.neuralop4j.core.Parallel;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.FusedActivation;
import org.neuralop4j.core.autodiff.Var;

/**
 * The fused op {@code sigma(a + b)} (or {@code sigma(a)}) that closes a Fourier layer: the sum of the spectral and
 * the skip path goes through the nonlinearity in one pass that keeps only the pre-activation for the backward
 * pass. GELU is the exact form {@code x Phi(x)} (PyTorch's default, Hendrycks and Gimpel, arXiv:1606.08415) with
 * {@code Phi} evaluated through W. J. Cody's rational Chebyshev approximations of erf/erfc (Math. Comp. 23 (1969)
 * 631-637; the coefficients of Netlib SPECFUN {@code calerf}), accurate to about 1e-14 relative (the exponential is taken of
 * {@code -x^2/2} directly, without Cody's argument splitting), and tabulated once as degree-7 Taylor polynomials of
 * Phi on a 1/64 grid (1e-14 relative), which evaluate without branches or exp. That matters because an FNO evaluates
 * GELU at every grid point of every channel of every layer.
 */
public final class PointwiseActivation {
    private PointwiseActivation() {}

    private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
            3.20937758913846947e03, 1.85777706184603153e-1};
    private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
            2.84423683343917062e03};
    private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
            2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03,
            1.23033935479799725e03, 2.15311535474403846e-8};
    private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
            1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03,
            1.23033935480374942e03};
    private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
            1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
    private static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
            6.05183413124413191e-2, 2.33520497626869185e-3};
    private static final double SQRPI = 5.6418958354775628695e-1, INV_SQRT2 = 0.7071067811865476,
            INV_SQRT_2PI = 0.3989422804014327;

    /** Standard normal CDF {@code Phi(x) = erfc(-x / sqrt 2) / 2}. */
    public static double normalCdf(double x) {
        double u = -x * INV_SQRT2, y = Math.abs(u);
        if (y <= 0.46875) {
            double z = y * y;
            double num = A[4] * z, den = z;
            for (int i = 0; i < 3; i++) {
                num = (num + A[i]) * z;
                den = (den + B[i]) * z;
            }
            return 0.5 * (1 - u * (num + A[3]) / (den + B[3]));
        }
        double erfc;
        if (y <= 4) {
            double num = C[8] * y, den = y;
            for (int i = 0; i < 7; i++) {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            erfc = Math.exp(-0.5 * x * x) * (num + C[7]) / (den + D[7]);
        } else if (y < 27) {
            double z = 1 / (y * y), num = P[5] * z, den = z;
            for (int i = 0; i < 4; i++) {
                num = (num + P[i]) * z;
                den = (den + Q[i]) * z;
            }
            double r = z * (num + P[4]) / (den + Q[4]);
            erfc = Math.exp(-0.5 * x * x) * (SQRPI - r) / y;
        } else {
            erfc = 0;
        }
        // erfc(u) for u > 0; erfc(-y) = 2 - erfc(y)
        return 0.5 * (u > 0 ? erfc : 2 - erfc);
    }

    /*
     * Phi near every grid point x0 = -LIMIT + i / STEPS_PER_UNIT as its Taylor polynomial in t = x - x0 (|t| <= 1/128):
     * Phi(x0 + t) = Phi(x0) + phi(x0) sum_{k=0}^{6} (-1)^k He_k(x0) t^(k+1) / (k+1)!, He_k the probabilists' Hermite
     * polynomials (phi^(k) = (-1)^k He_k phi). The remainder is below 1e-14 relative on [-LIMIT, LIMIT]; outside,
     * Phi is 0 or 1 to double precision for all the purposes of GELU. Evaluating a degree-7 polynomial without
     * branches or exp is several times faster than the rational approximation.
     */
    private static final double LIMIT = 10;
    private static final int STEPS_PER_UNIT = 64, DEGREE = 7;
    private static final double[] TABLE = buildTable();

    private static double[] buildTable() {
        int n = (int) (2 * LIMIT * STEPS_PER_UNIT) + 1;
        double[] t = new double[n * (DEGREE + 1)];
        for (int i = 0; i < n; i++) {
            double x0 = -LIMIT + (double) i / STEPS_PER_UNIT, phi = INV_SQRT_2PI * Math.exp(-0.5 * x0 * x0);
            t[i * (DEGREE + 1)] = normalCdf(x0);
            double hPrev = 0, h = 1, fact = 1; // He_{k-1}, He_k; (k+1)!
            for (int k = 0; k < DEGREE; k++) {
                fact *= k + 1;
                t[i * (DEGREE + 1) + k + 1] = ((k % 2 == 0) ? 1 : -1) * h * phi / fact;
                double next = x0 * h - k * hPrev; // He_{k+1} = x He_k - k He_{k-1}
                hPrev = h;
                h = next;
            }
        }
        return t;
    }

    /** Phi(x) from the Taylor table (within 1e-14 relative of {@link #normalCdf}). */
    static double normalCdfFast(double x) {
        if (!(x > -LIMIT)) return x != x ? x : 0.0;
        if (x >= LIMIT) return 1.0;
        int i = gridIndex(x);
        return cdfPolynomial(x - knot(i), i);
    }

    /** phi(x) = Phi'(x) from the derivative of the same polynomial. */
    static double normalPdfFast(double x) {
        if (!(x > -LIMIT) || x >= LIMIT) return x != x ? x : 0.0;
        int i = gridIndex(x);
        return pdfPolynomial(x - knot(i), i);
    }

    /*
     * The hot loops below inline these helpers; they are the whole evaluation: the table row of the nearest grid
     * point (truncation of a positive number is the floor, so +0.5 rounds; no Math.round, which is not an
     * intrinsic on JDK 17), the offset t from that point, and Horner's rule with fused multiply-adds.
     */
    private static int gridIndex(double xInRange) {
        return (int) ((xInRange + LIMIT) * STEPS_PER_UNIT + 0.5);
    }

    private static double knot(int index) {
        return index * (1.0 / STEPS_PER_UNIT) - LIMIT;
    }

    private static double cdfPolynomial(double t, int index) {
        double[] c = TABLE;
        int o = index * (DEGREE + 1);
        double p = Math.fma(t, c[o + 7], c[o + 6]);
        p = Math.fma(t, p, c[o + 5]);
        p = Math.fma(t, p, c[o + 4]);
        p = Math.fma(t, p, c[o + 3]);
        p = Math.fma(t, p, c[o + 2]);
        p = Math.fma(t, p, c[o + 1]);
        return Math.fma(t, p, c[o]);
    }

    private static double pdfPolynomial(double t, int index) {
        double[] c = TABLE;
        int o = index * (DEGREE + 1);
        double d = Math.fma(t, 7 * c[o + 7], 6 * c[o + 6]);
        d = Math.fma(t, d, 5 * c[o + 5]);
        d = Math.fma(t, d, 4 * c[o + 4]);
        d = Math.fma(t, d, 3 * c[o + 3]);
        d = Math.fma(t, d, 2 * c[o + 2]);
        return Math.fma(t, d, c[o + 1]);
    }

    /** GELU {@code x Phi(x)}. */
    public static double gelu(double x) { return x * normalCdfFast(x); }

    /** {@code d/dx x Phi(x) = Phi(x) + x phi(x)}. */
    public static double geluDerivative(double x) { return normalCdfFast(x) + x * normalPdfFast(x); }

    /**
     * {@code sigma(a + b)} elementwise, as one graph node.
     * @param a   any shape
     * @param b   same shape as {@code a}, or {@code null} for {@code sigma(a)}
     * @param act the nonlinearity
     */
    public static Var apply(Var a, Var b, FnoConfig.Activation act) {
        double[] ad = a.value().data();
        if (b != null && !a.value().sameShape(b.value()))
            throw new ShapeMismatchException("b", Arrays.toString(a.value().shape()), b.value().shape());
        double[] bd = b == null ? null : b.value().data();
        int n = ad.length;
        double[] pre = bd == null ? ad : new double[n];
        double[] out = new double[n];
        int grain = Parallel.grainFor(n, 40);
        Parallel.forRange(n, grain, (i0, i1) -> {
            if (bd != null) for (int i = i0; i < i1; i++) pre[i] = ad[i] + bd[i];
            values(act, pre, out, i0, i1);
        });
        Tensor result = Tensor.wrap(out, a.value().shape());
        Var[] parents = b == null ? new Var[] {a} : new Var[] {a, b};
        return Var.op(result, g -> {
            double[] gd = g.data(), gin = new double[n];
            Parallel.forRange(n, grain, (i0, i1) -> derivatives(act, gd, pre, out, gin, i0, i1));
            Tensor gt = Tensor.wrap(gin, a.value().shape());
            if (b != null && a.requiresGrad() && b.requiresGrad()) {
                a.accumulate(gt);
                b.accumulateOwned(gt);
            } else if (a.requiresGrad()) {
                a.accumulateOwned(gt);
            } else if (b != null) {
                b.accumulateOwned(gt);
            }
        }, parents);
    }

    private static final java.util.Map<FnoConfig.Activation, FusedActivation> FUSED = new java.util.EnumMap<>(FnoConfig.Activation.class);

    static {
        for (FnoConfig.Activation act : FnoConfig.Activation.values())
            FUSED.put(act, act == FnoConfig.Activation.GELU ? PointwiseActivation::geluInPlace : (v, d, i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    double x = v[i], y = value(act, x);
                    if (d != null) d[i] = derivative(act, x, y);
                    v[i] = y;
                }
            });
    }

    /**
     * The nonlinearity in the form a linear op applies to its own output ({@link FusedActivation}): value in place
     * and, when asked, the derivative from the same evaluation (for GELU, Phi and phi from one table row).
     */
    public static FusedActivation fused(FnoConfig.Activation act) {
        return FUSED.get(act);
    }

    /** GELU in place with its derivative {@code Phi(x) + x phi(x)}; the same arithmetic as {@link #apply}. */
    private static void geluInPlace(double[] v, double[] d, int i0, int i1) {
        if (d == null) {
            values(FnoConfig.Activation.GELU, v, v, i0, i1);
            return;
        }
        for (int i = i0; i < i1; i++) {
            double x = v[i];
            double xc = x < -LIMIT ? -LIMIT : x > LIMIT ? LIMIT : x;
            int k = gridIndex(xc);
            double t = xc - knot(k), cdf = cdfPolynomial(t, k);
            double slope = cdf + x * pdfPolynomial(t, k);
            v[i] = x < -LIMIT ? 0.0 : x * cdf;
            d[i] = x < -LIMIT ? 0.0 : x > LIMIT ? 1.0 : slope;
        }
    }

    /** {@code out[i] = sigma(pre[i])} on {@code [i0, i1)}: one loop per activation, no dispatch per element. */
    private static void values(FnoConfig.Activation act, double[] pre, double[] out, int i0, int i1) {
        if (act != FnoConfig.Activation.GELU) {
            for (int i = i0; i < i1; i++) out[i] = value(act, pre[i]);
            return;
        }
        for (int i = i0; i < i1; i++) {
            double x = pre[i];
            // below -LIMIT, Phi < 8e-24 is 0 (and must not be extrapolated); above +LIMIT it is 1; NaN stays NaN
            double xc = x < -LIMIT ? -LIMIT : x > LIMIT ? LIMIT : x;
            int k = gridIndex(xc);
            double y = x * cdfPolynomial(xc - knot(k), k);
            out[i] = x < -LIMIT ? 0.0 : y;
        }
    }

    /** {@code gin[i] = g[i] sigma'(pre[i])} on {@code [i0, i1)}. */
    private static void derivatives(FnoConfig.Activation act, double[] g, double[] pre, double[] out, double[] gin,
                                    int i0, int i1) {
        if (act != FnoConfig.Activation.GELU) {
            for (int i = i0; i < i1; i++) gin[i] = g[i] * derivative(act, pre[i], out[i]);
            return;
        }
        for (int i = i0; i < i1; i++) {
            double x = pre[i];
            double xc = x < -LIMIT ? -LIMIT : x > LIMIT ? LIMIT : x;
            int k = gridIndex(xc);
            double t = xc - knot(k);
            double d = cdfPolynomial(t, k) + x * pdfPolynomial(t, k);
            // outside [-LIMIT, LIMIT] the derivative is 0 or 1 to double precision
            gin[i] = g[i] * (x < -LIMIT ? 0.0 : x > LIMIT ? 1.0 : d);
        }
    }

    static double value(FnoConfig.Activation act, double v) {
        switch (act) {
            case RELU: return v > 0 ? v : 0;
            case TANH: return Math.tanh(v);
            case SILU: return v / (1 + Math.exp(-v));
            default: return gelu(v);
        }
    }

    /** Derivative at pre-activation {@code v} with output {@code y = sigma(v)}. */
    static double derivative(FnoConfig.Activation act, double v, double y) {
        switch (act) {
            case RELU: return v > 0 ? 1 : 0;
            case TANH: return 1 - y * y;
            case SILU: {
                double s = 1 / (1 + Math.exp(-v));
                return s * (1 + v * (1 - s));
            }
            default: return geluDerivative(v);
        }
    }
}
