package org.neuralop4j.core.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API micro-kernel: a tile of {@code mr} rows by two machine vectors ({@code nr = 2 * lanes}, 8 doubles
 * on AVX2), accumulated with fused multiply-add in registers.
 *
 * <p>Only loaded when the {@code jdk.incubator.vector} module is in the boot layer (see {@link Gemm}); nothing
 * else in the library refers to this class directly.
 */
final class SimdMicroKernel extends MicroKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** The instance {@link Gemm} uses (looked up reflectively). */
    static final SimdMicroKernel INSTANCE = new SimdMicroKernel();

    private SimdMicroKernel() {
        super(4, 2 * L);
    }

    @Override
    void multiplyAdd(int kc, double[] ap, int aIdx, double[] bp, int bIdx,
                     double alpha, double[] c, int cIdx, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        int ai = aIdx, bi = bIdx;
        for (int p = 0; p < kc; p++, ai += 4, bi += 2 * L) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector a = DoubleVector.broadcast(S, ap[ai]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = DoubleVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = DoubleVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = DoubleVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
        }
        store(c00, c01, alpha, c, cIdx);
        store(c10, c11, alpha, c, cIdx + ldc);
        store(c20, c21, alpha, c, cIdx + 2 * ldc);
        store(c30, c31, alpha, c, cIdx + 3 * ldc);
    }

    private static void store(DoubleVector lo, DoubleVector hi, double alpha, double[] c, int at) {
        DoubleVector.fromArray(S, c, at).add(lo.mul(alpha)).intoArray(c, at);
        DoubleVector.fromArray(S, c, at + L).add(hi.mul(alpha)).intoArray(c, at + L);
    }

    @Override
    String name() {
        return "simd-" + mr + "x" + nr;
    }
}
