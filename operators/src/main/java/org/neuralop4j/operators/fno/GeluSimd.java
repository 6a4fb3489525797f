package org.neuralop4j.operators.fno;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * GELU and its derivative with the JDK Vector API: the three intervals of Cody's erf/erfc approximation (see
 * {@link PointwiseActivation}) are all evaluated for every lane and blended, which avoids the unpredictable
 * branches that make the scalar form slow on random data. Loaded only when {@code jdk.incubator.vector} is
 * present; agrees with the scalar path to rounding (the vector exp and fused multiply-adds round differently).
 */
final class GeluSimd {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final double[] A = PointwiseActivation.A, B = PointwiseActivation.B, C = PointwiseActivation.C,
            D = PointwiseActivation.D, P = PointwiseActivation.P, Q = PointwiseActivation.Q;
    private static final double SQRPI = 5.6418958354775628695e-1, INV_SQRT2 = 0.7071067811865476,
            INV_SQRT_2PI = 0.3989422804014327;

    private GeluSimd() {}

    /** {@code out[i] = gelu(x[i])} for {@code i in [from, to)}. */
    static void forward(double[] x, double[] out, int from, int to) {
        int i = from, upper = from + S.loopBound(to - from);
        for (; i < upper; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, x, i);
            DoubleVector e = v.mul(v).mul(-0.5).lanewise(VectorOperators.EXP);
            v.mul(cdf(v, e)).intoArray(out, i);
        }
        for (; i < to; i++) out[i] = PointwiseActivation.gelu(x[i]);
    }

    /** {@code gin[i] = g[i] * gelu'(x[i])} for {@code i in [from, to)}. */
    static void backward(double[] x, double[] g, double[] gin, int from, int to) {
        int i = from, upper = from + S.loopBound(to - from);
        for (; i < upper; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, x, i);
            DoubleVector e = v.mul(v).mul(-0.5).lanewise(VectorOperators.EXP);
            // Phi(x) + x phi(x), phi(x) = exp(-x^2/2) / sqrt(2 pi)
            DoubleVector d = v.mul(e).mul(INV_SQRT_2PI).add(cdf(v, e));
            DoubleVector.fromArray(S, g, i).mul(d).intoArray(gin, i);
        }
        for (; i < to; i++) gin[i] = g[i] * PointwiseActivation.geluDerivative(x[i]);
    }

    /** Phi(x) lane by lane, given {@code e = exp(-x^2/2)}. */
    private static DoubleVector cdf(DoubleVector x, DoubleVector e) {
        DoubleVector u = x.mul(-INV_SQRT2), y = u.abs(), y2 = y.mul(y);
        // |u| <= 0.46875: erf(u) = u R(u^2)
        DoubleVector num = y2.mul(A[4]), den = y2;
        for (int k = 0; k < 3; k++) {
            num = num.add(A[k]).mul(y2);
            den = den.add(B[k]).mul(y2);
        }
        DoubleVector small = u.mul(num.add(A[3]).div(den.add(B[3]))).neg().add(1.0).mul(0.5);
        // 0.46875 < |u| <= 4: erfc(|u|) = e R(|u|)
        num = y.mul(C[8]);
        den = y;
        for (int k = 0; k < 7; k++) {
            num = num.add(C[k]).mul(y);
            den = den.add(D[k]).mul(y);
        }
        DoubleVector mid = e.mul(num.add(C[7]).div(den.add(D[7])));
        // |u| > 4: erfc(|u|) = e (1/sqrt(pi) - z R(z)) / |u|, z = 1/u^2
        DoubleVector z = DoubleVector.broadcast(S, 1.0).div(y2);
        num = z.mul(P[5]);
        den = z;
        for (int k = 0; k < 4; k++) {
            num = num.add(P[k]).mul(z);
            den = den.add(Q[k]).mul(z);
        }
        DoubleVector large = e.mul(z.mul(num.add(P[4]).div(den.add(Q[4]))).neg().add(SQRPI).div(y));
        DoubleVector erfc = mid.blend(large, y.compare(VectorOperators.GT, 4.0));
        VectorMask<Double> positive = u.compare(VectorOperators.GT, 0.0);
        DoubleVector outer = erfc.blend(erfc.neg().add(2.0), positive.not()).mul(0.5);
        return outer.blend(small, y.compare(VectorOperators.LE, 0.46875));
    }
}
