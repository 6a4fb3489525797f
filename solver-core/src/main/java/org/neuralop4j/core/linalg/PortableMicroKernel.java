package org.neuralop4j.core.linalg;

/**
 * Plain-Java micro-kernel: a 4 x 4 tile held in sixteen scalar accumulators (fits the register file of common
 * x86-64/AArch64 cores together with the operands), one multiply and one add per product (no fused multiply-add,
 * so it is exact IEEE arithmetic on every JVM).
 */
final class PortableMicroKernel extends MicroKernel {
    static final PortableMicroKernel INSTANCE = new PortableMicroKernel();

    private PortableMicroKernel() {
        super(4, 4, false);
    }

    @Override
    void multiplyAdd(int kc, double[] ap, int aIdx, double[] bp, int bIdx,
                     double alpha, double[] c, int cIdx, int ldc, boolean store, double[] bias, int biasIdx) {
        tile(kc, ap, aIdx, 1, 4, bp, bIdx, alpha, c, cIdx, ldc, store, bias, biasIdx);
    }

    @Override
    void multiplyAddRowsA(int kc, double[] a, int aIdx, int lda, double[] bp, int bIdx,
                          double alpha, double[] c, int cIdx, int ldc, boolean store, double[] bias, int biasIdx) {
        tile(kc, a, aIdx, lda, 1, bp, bIdx, alpha, c, cIdx, ldc, store, bias, biasIdx);
    }

    /** The tile with {@code A(r, p) = a[aIdx + r * rowStride + p * step]} (packed: 1, 4; row-major: lda, 1). */
    private static void tile(int kc, double[] ap, int aIdx, int rowStride, int step, double[] bp, int bIdx,
                             double alpha, double[] c, int cIdx, int ldc, boolean store, double[] bias, int biasIdx) {
        double c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        double c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        double c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        double c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        int ai = aIdx, bi = bIdx, row2 = 2 * rowStride, row3 = 3 * rowStride;
        for (int p = 0; p < kc; p++, ai += step, bi += 4) {
            double b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
            double a0 = ap[ai];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            double a1 = ap[ai + rowStride];
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            double a2 = ap[ai + row2];
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            double a3 = ap[ai + row3];
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        int r0 = cIdx, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        if (!store) {
            c[r0] += alpha * c00; c[r0 + 1] += alpha * c01; c[r0 + 2] += alpha * c02; c[r0 + 3] += alpha * c03;
            c[r1] += alpha * c10; c[r1 + 1] += alpha * c11; c[r1 + 2] += alpha * c12; c[r1 + 3] += alpha * c13;
            c[r2] += alpha * c20; c[r2 + 1] += alpha * c21; c[r2 + 2] += alpha * c22; c[r2 + 3] += alpha * c23;
            c[r3] += alpha * c30; c[r3 + 1] += alpha * c31; c[r3 + 2] += alpha * c32; c[r3 + 3] += alpha * c33;
            return;
        }
        if (bias == null) {
            c[r0] = alpha * c00; c[r0 + 1] = alpha * c01; c[r0 + 2] = alpha * c02; c[r0 + 3] = alpha * c03;
            c[r1] = alpha * c10; c[r1 + 1] = alpha * c11; c[r1 + 2] = alpha * c12; c[r1 + 3] = alpha * c13;
            c[r2] = alpha * c20; c[r2 + 1] = alpha * c21; c[r2 + 2] = alpha * c22; c[r2 + 3] = alpha * c23;
            c[r3] = alpha * c30; c[r3 + 1] = alpha * c31; c[r3 + 2] = alpha * c32; c[r3 + 3] = alpha * c33;
            return;
        }
        double b0 = bias[biasIdx], b1 = bias[biasIdx + 1], b2 = bias[biasIdx + 2], b3 = bias[biasIdx + 3];
        c[r0] = alpha * c00 + b0; c[r0 + 1] = alpha * c01 + b0; c[r0 + 2] = alpha * c02 + b0; c[r0 + 3] = alpha * c03 + b0;
        c[r1] = alpha * c10 + b1; c[r1 + 1] = alpha * c11 + b1; c[r1 + 2] = alpha * c12 + b1; c[r1 + 3] = alpha * c13 + b1;
        c[r2] = alpha * c20 + b2; c[r2 + 1] = alpha * c21 + b2; c[r2 + 2] = alpha * c22 + b2; c[r2 + 3] = alpha * c23 + b2;
        c[r3] = alpha * c30 + b3; c[r3 + 1] = alpha * c31 + b3; c[r3 + 2] = alpha * c32 + b3; c[r3 + 3] = alpha * c33 + b3;
    }

    @Override
    String name() {
        return "portable-4x4";
    }
}
