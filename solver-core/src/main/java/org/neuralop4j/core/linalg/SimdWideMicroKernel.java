package org.neuralop4j.core.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector-API micro-kernel three machine vectors wide: {@code 4 x 3 lanes} (4 x 24 on AVX-512), twelve
 * accumulators. {@link Gemm} uses it, next to the two-vector {@link SimdMicroKernel}, for products whose C is
 * narrower in whole tiles at this width, e.g. the 24 columns of a truncated DFT with 12 modes, which the 16-wide
 * kernel computes as 32. It needs 12 + 3 + 1 vector registers, so it is offered only where the JVM has 32 of them
 * (8-double vectors: AVX-512). Same arithmetic contract as {@link MicroKernel}, so the same bits as the narrower
 * kernel (tested).
 *
 * <p>Only loaded when the {@code jdk.incubator.vector} module is in the boot layer (see {@link Gemm}).
 */
final class SimdWideMicroKernel extends MicroKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** The instance {@link Gemm} uses (looked up reflectively), or {@code null} below 8 lanes. */
    static final SimdWideMicroKernel INSTANCE = L >= 8 ? new SimdWideMicroKernel() : null;

    /** Package-private so the tests can compare it with the narrow kernel on any machine. */
    SimdWideMicroKernel() {
        super(4, 3 * L, true);
    }

    @Override
    void multiplyAdd(int kc, double[] ap, int aIdx, double[] bp, int bIdx,
                     double alpha, double[] c, int cIdx, int ldc, boolean store, double[] bias, int biasIdx) {
        // written out, as in SimdMicroKernel: C2 keeps the vectors in registers only when every call is inlined
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S), c02 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S), c12 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S), c22 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S), c32 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) { // indices linear in p, as in SimdMicroKernel
            int ai = aIdx + 4 * p, bi = bIdx + 3 * L * p;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, bi + 2 * L);
            DoubleVector av = DoubleVector.broadcast(S, ap[ai]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01); c02 = av.fma(b2, c02);
            av = DoubleVector.broadcast(S, ap[ai + 1]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11); c12 = av.fma(b2, c12);
            av = DoubleVector.broadcast(S, ap[ai + 2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21); c22 = av.fma(b2, c22);
            av = DoubleVector.broadcast(S, ap[ai + 3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31); c32 = av.fma(b2, c32);
        }
        int c1 = cIdx + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        if (!store) {
            DoubleVector.fromArray(S, c, cIdx).add(c00.mul(alpha)).intoArray(c, cIdx);
            DoubleVector.fromArray(S, c, cIdx + L).add(c01.mul(alpha)).intoArray(c, cIdx + L);
            DoubleVector.fromArray(S, c, cIdx + 2 * L).add(c02.mul(alpha)).intoArray(c, cIdx + 2 * L);
            DoubleVector.fromArray(S, c, c1).add(c10.mul(alpha)).intoArray(c, c1);
            DoubleVector.fromArray(S, c, c1 + L).add(c11.mul(alpha)).intoArray(c, c1 + L);
            DoubleVector.fromArray(S, c, c1 + 2 * L).add(c12.mul(alpha)).intoArray(c, c1 + 2 * L);
            DoubleVector.fromArray(S, c, c2).add(c20.mul(alpha)).intoArray(c, c2);
            DoubleVector.fromArray(S, c, c2 + L).add(c21.mul(alpha)).intoArray(c, c2 + L);
            DoubleVector.fromArray(S, c, c2 + 2 * L).add(c22.mul(alpha)).intoArray(c, c2 + 2 * L);
            DoubleVector.fromArray(S, c, c3).add(c30.mul(alpha)).intoArray(c, c3);
            DoubleVector.fromArray(S, c, c3 + L).add(c31.mul(alpha)).intoArray(c, c3 + L);
            DoubleVector.fromArray(S, c, c3 + 2 * L).add(c32.mul(alpha)).intoArray(c, c3 + 2 * L);
        } else if (bias == null) {
            c00.mul(alpha).intoArray(c, cIdx);
            c01.mul(alpha).intoArray(c, cIdx + L);
            c02.mul(alpha).intoArray(c, cIdx + 2 * L);
            c10.mul(alpha).intoArray(c, c1);
            c11.mul(alpha).intoArray(c, c1 + L);
            c12.mul(alpha).intoArray(c, c1 + 2 * L);
            c20.mul(alpha).intoArray(c, c2);
            c21.mul(alpha).intoArray(c, c2 + L);
            c22.mul(alpha).intoArray(c, c2 + 2 * L);
            c30.mul(alpha).intoArray(c, c3);
            c31.mul(alpha).intoArray(c, c3 + L);
            c32.mul(alpha).intoArray(c, c3 + 2 * L);
        } else {
            double b0 = bias[biasIdx], b1 = bias[biasIdx + 1], b2 = bias[biasIdx + 2], b3 = bias[biasIdx + 3];
            c00.mul(alpha).add(b0).intoArray(c, cIdx);
            c01.mul(alpha).add(b0).intoArray(c, cIdx + L);
            c02.mul(alpha).add(b0).intoArray(c, cIdx + 2 * L);
            c10.mul(alpha).add(b1).intoArray(c, c1);
            c11.mul(alpha).add(b1).intoArray(c, c1 + L);
            c12.mul(alpha).add(b1).intoArray(c, c1 + 2 * L);
            c20.mul(alpha).add(b2).intoArray(c, c2);
            c21.mul(alpha).add(b2).intoArray(c, c2 + L);
            c22.mul(alpha).add(b2).intoArray(c, c2 + 2 * L);
            c30.mul(alpha).add(b3).intoArray(c, c3);
            c31.mul(alpha).add(b3).intoArray(c, c3 + L);
            c32.mul(alpha).add(b3).intoArray(c, c3 + 2 * L);
        }
    }

    @Override
    void multiplyAddRowsA(int kc, double[] a, int aIdx, int lda, double[] bp, int bIdx,
                          double alpha, double[] c, int cIdx, int ldc, boolean store, double[] bias, int biasIdx) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S), c02 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S), c12 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S), c22 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S), c32 = DoubleVector.zero(S);
        int row2 = 2 * lda, row3 = 3 * lda;
        for (int p = 0; p < kc; p++) { // indices linear in p, as in SimdMicroKernel
            int ai = aIdx + p, bi = bIdx + 3 * L * p;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, bi + 2 * L);
            DoubleVector av = DoubleVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01); c02 = av.fma(b2, c02);
            av = DoubleVector.broadcast(S, a[ai + lda]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11); c12 = av.fma(b2, c12);
            av = DoubleVector.broadcast(S, a[ai + row2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21); c22 = av.fma(b2, c22);
            av = DoubleVector.broadcast(S, a[ai + row3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31); c32 = av.fma(b2, c32);
        }
        int c1 = cIdx + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        if (!store) {
            DoubleVector.fromArray(S, c, cIdx).add(c00.mul(alpha)).intoArray(c, cIdx);
            DoubleVector.fromArray(S, c, cIdx + L).add(c01.mul(alpha)).intoArray(c, cIdx + L);
            DoubleVector.fromArray(S, c, cIdx + 2 * L).add(c02.mul(alpha)).intoArray(c, cIdx + 2 * L);
            DoubleVector.fromArray(S, c, c1).add(c10.mul(alpha)).intoArray(c, c1);
            DoubleVector.fromArray(S, c, c1 + L).add(c11.mul(alpha)).intoArray(c, c1 + L);
            DoubleVector.fromArray(S, c, c1 + 2 * L).add(c12.mul(alpha)).intoArray(c, c1 + 2 * L);
            DoubleVector.fromArray(S, c, c2).add(c20.mul(alpha)).intoArray(c, c2);
            DoubleVector.fromArray(S, c, c2 + L).add(c21.mul(alpha)).intoArray(c, c2 + L);
            DoubleVector.fromArray(S, c, c2 + 2 * L).add(c22.mul(alpha)).intoArray(c, c2 + 2 * L);
            DoubleVector.fromArray(S, c, c3).add(c30.mul(alpha)).intoArray(c, c3);
            DoubleVector.fromArray(S, c, c3 + L).add(c31.mul(alpha)).intoArray(c, c3 + L);
            DoubleVector.fromArray(S, c, c3 + 2 * L).add(c32.mul(alpha)).intoArray(c, c3 + 2 * L);
        } else if (bias == null) {
            c00.mul(alpha).intoArray(c, cIdx);
            c01.mul(alpha).intoArray(c, cIdx + L);
            c02.mul(alpha).intoArray(c, cIdx + 2 * L);
            c10.mul(alpha).intoArray(c, c1);
            c11.mul(alpha).intoArray(c, c1 + L);
            c12.mul(alpha).intoArray(c, c1 + 2 * L);
            c20.mul(alpha).intoArray(c, c2);
            c21.mul(alpha).intoArray(c, c2 + L);
            c22.mul(alpha).intoArray(c, c2 + 2 * L);
            c30.mul(alpha).intoArray(c, c3);
            c31.mul(alpha).intoArray(c, c3 + L);
            c32.mul(alpha).intoArray(c, c3 + 2 * L);
        } else {
            double b0 = bias[biasIdx], b1 = bias[biasIdx + 1], b2 = bias[biasIdx + 2], b3 = bias[biasIdx + 3];
            c00.mul(alpha).add(b0).intoArray(c, cIdx);
            c01.mul(alpha).add(b0).intoArray(c, cIdx + L);
            c02.mul(alpha).add(b0).intoArray(c, cIdx + 2 * L);
            c10.mul(alpha).add(b1).intoArray(c, c1);
            c11.mul(alpha).add(b1).intoArray(c, c1 + L);
            c12.mul(alpha).add(b1).intoArray(c, c1 + 2 * L);
            c20.mul(alpha).add(b2).intoArray(c, c2);
            c21.mul(alpha).add(b2).intoArray(c, c2 + L);
            c22.mul(alpha).add(b2).intoArray(c, c2 + 2 * L);
            c30.mul(alpha).add(b3).intoArray(c, c3);
            c31.mul(alpha).add(b3).intoArray(c, c3 + L);
            c32.mul(alpha).add(b3).intoArray(c, c3 + 2 * L);
        }
    }

    @Override
    String name() {
        return "simd-" + mr + "x" + nr;
    }
}
