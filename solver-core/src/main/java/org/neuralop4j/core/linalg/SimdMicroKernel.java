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
        super(4, 2 * L, true);
    }

    @Override
    void multiplyAdd(int kc, double[] ap, int aIdx, double[] bp, int bIdx,
                     double alpha, double[] c, int cIdx, int ldc, boolean store, double[] bias, int biasIdx) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        // Indices are linear in the loop counter rather than separately incremented: C2 then proves the loads in
        // bounds once before the loop instead of checking each (measured, same JVM, kernel calls interleaved 40
        // times: 4-5 % faster at kc = 64..256, equal at kc = 24..32; the arithmetic is unchanged).
        for (int p = 0; p < kc; p++) {
            int ai = aIdx + 4 * p, bi = bIdx + 2 * L * p;
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
        // The epilogue is written out rather than factored into helpers taking vectors: C2 must inline every
        // Vector API call for the vectors to stay in registers, and helper calls beyond its inlining budget made it
        // box them (measured: kilobytes allocated per call).
        int c1 = cIdx + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        if (!store) {
            DoubleVector.fromArray(S, c, cIdx).add(c00.mul(alpha)).intoArray(c, cIdx);
            DoubleVector.fromArray(S, c, cIdx + L).add(c01.mul(alpha)).intoArray(c, cIdx + L);
            DoubleVector.fromArray(S, c, c1).add(c10.mul(alpha)).intoArray(c, c1);
            DoubleVector.fromArray(S, c, c1 + L).add(c11.mul(alpha)).intoArray(c, c1 + L);
            DoubleVector.fromArray(S, c, c2).add(c20.mul(alpha)).intoArray(c, c2);
            DoubleVector.fromArray(S, c, c2 + L).add(c21.mul(alpha)).intoArray(c, c2 + L);
            DoubleVector.fromArray(S, c, c3).add(c30.mul(alpha)).intoArray(c, c3);
            DoubleVector.fromArray(S, c, c3 + L).add(c31.mul(alpha)).intoArray(c, c3 + L);
        } else if (bias == null) {
            c00.mul(alpha).intoArray(c, cIdx);
            c01.mul(alpha).intoArray(c, cIdx + L);
            c10.mul(alpha).intoArray(c, c1);
            c11.mul(alpha).intoArray(c, c1 + L);
            c20.mul(alpha).intoArray(c, c2);
            c21.mul(alpha).intoArray(c, c2 + L);
            c30.mul(alpha).intoArray(c, c3);
            c31.mul(alpha).intoArray(c, c3 + L);
        } else {
            double b0 = bias[biasIdx], b1 = bias[biasIdx + 1], b2 = bias[biasIdx + 2], b3 = bias[biasIdx + 3];
            c00.mul(alpha).add(b0).intoArray(c, cIdx);
            c01.mul(alpha).add(b0).intoArray(c, cIdx + L);
            c10.mul(alpha).add(b1).intoArray(c, c1);
            c11.mul(alpha).add(b1).intoArray(c, c1 + L);
            c20.mul(alpha).add(b2).intoArray(c, c2);
            c21.mul(alpha).add(b2).intoArray(c, c2 + L);
            c30.mul(alpha).add(b3).intoArray(c, c3);
            c31.mul(alpha).add(b3).intoArray(c, c3 + L);
        }
    }

    @Override
    void multiplyAddRowsA(int kc, double[] a, int aIdx, int lda, double[] bp, int bIdx,
                                double alpha, double[] c, int cIdx, int ldc, boolean store, double[] bias, int biasIdx) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        // the rows' offsets are loop constants here, while the packed kernel's are literals: one shared loop with
        // variable strides made the packed path up to 18 % slower (interleaved timings), hence two loops
        int row2 = 2 * lda, row3 = 3 * lda;
        for (int p = 0; p < kc; p++) { // indices linear in p, as in multiplyAdd
            int ai = aIdx + p, bi = bIdx + 2 * L * p;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector av = DoubleVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00); c01 = av.fma(b1, c01);
            av = DoubleVector.broadcast(S, a[ai + lda]);
            c10 = av.fma(b0, c10); c11 = av.fma(b1, c11);
            av = DoubleVector.broadcast(S, a[ai + row2]);
            c20 = av.fma(b0, c20); c21 = av.fma(b1, c21);
            av = DoubleVector.broadcast(S, a[ai + row3]);
            c30 = av.fma(b0, c30); c31 = av.fma(b1, c31);
        }
        // the epilogue is written out again for the reason given in multiplyAdd
        int c1 = cIdx + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        if (!store) {
            DoubleVector.fromArray(S, c, cIdx).add(c00.mul(alpha)).intoArray(c, cIdx);
            DoubleVector.fromArray(S, c, cIdx + L).add(c01.mul(alpha)).intoArray(c, cIdx + L);
            DoubleVector.fromArray(S, c, c1).add(c10.mul(alpha)).intoArray(c, c1);
            DoubleVector.fromArray(S, c, c1 + L).add(c11.mul(alpha)).intoArray(c, c1 + L);
            DoubleVector.fromArray(S, c, c2).add(c20.mul(alpha)).intoArray(c, c2);
            DoubleVector.fromArray(S, c, c2 + L).add(c21.mul(alpha)).intoArray(c, c2 + L);
            DoubleVector.fromArray(S, c, c3).add(c30.mul(alpha)).intoArray(c, c3);
            DoubleVector.fromArray(S, c, c3 + L).add(c31.mul(alpha)).intoArray(c, c3 + L);
        } else if (bias == null) {
            c00.mul(alpha).intoArray(c, cIdx);
            c01.mul(alpha).intoArray(c, cIdx + L);
            c10.mul(alpha).intoArray(c, c1);
            c11.mul(alpha).intoArray(c, c1 + L);
            c20.mul(alpha).intoArray(c, c2);
            c21.mul(alpha).intoArray(c, c2 + L);
            c30.mul(alpha).intoArray(c, c3);
            c31.mul(alpha).intoArray(c, c3 + L);
        } else {
            double b0 = bias[biasIdx], b1 = bias[biasIdx + 1], b2 = bias[biasIdx + 2], b3 = bias[biasIdx + 3];
            c00.mul(alpha).add(b0).intoArray(c, cIdx);
            c01.mul(alpha).add(b0).intoArray(c, cIdx + L);
            c10.mul(alpha).add(b1).intoArray(c, c1);
            c11.mul(alpha).add(b1).intoArray(c, c1 + L);
            c20.mul(alpha).add(b2).intoArray(c, c2);
            c21.mul(alpha).add(b2).intoArray(c, c2 + L);
            c30.mul(alpha).add(b3).intoArray(c, c3);
            c31.mul(alpha).add(b3).intoArray(c, c3 + L);
        }
    }

    @Override
    String name() {
        return "simd-" + mr + "x" + nr;
    }
}
