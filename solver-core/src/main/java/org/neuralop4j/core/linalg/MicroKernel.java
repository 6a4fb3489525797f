package org.neuralop4j.core.linalg;

/**
 * The innermost GEMM building block: one {@code mr x nr} tile of {@code C += alpha * A_panel * B_panel} over a
 * {@code kc}-long slice of the summation index, reading packed operands.
 *
 * <p>Packed layouts (written by {@link GemmDriver}): an A sliver holds {@code mr} rows of A column by column,
 * element {@code (r, p)} at {@code aIdx + p * mr + r}; a B sliver holds {@code nr} columns of B row by row,
 * element {@code (p, j)} at {@code bIdx + p * nr + j}. Slivers are zero-padded to full {@code mr}/{@code nr}.
 *
 * <p>Arithmetic contract (both implementations keep it, which is what makes results independent of how the
 * work is split): for each tile element the products are accumulated in increasing {@code p} starting from zero,
 * then {@code C <- C + (alpha * acc)}, or, storing, {@code C <- alpha * acc} or {@code C <- alpha * acc + bias[r]}.
 * Each accumulation step is either one fused multiply-add or a product then a sum ({@link #fused}).
 */
abstract class MicroKernel {
    /** Rows of the register tile. */
    final int mr;
    /** Columns of the register tile. */
    final int nr;
    /** Whether a step of the accumulation is {@code fma(a, b, acc)} (rounded once) rather than {@code acc + a * b}. */
    final boolean fused;

    MicroKernel(int mr, int nr, boolean fused) {
        this.mr = mr;
        this.nr = nr;
        this.fused = fused;
    }

    /** One step of the accumulation as this kernel performs it (see {@link #fused}). */
    static double step(boolean fused, double a, double b, double acc) {
        return fused ? Math.fma(a, b, acc) : acc + a * b;
    }

    /**
     * {@code C[cIdx + r * ldc + j] += alpha * sum_p A(r, p) * B(p, j)} for {@code r < mr, j < nr}; with
     * {@code store}, {@code C[..] = alpha * sum (+ bias[biasIdx + r] when bias is not null)} without reading C.
     * The caller guarantees the whole tile lies inside {@code c}.
     */
    abstract void multiplyAdd(int kc, double[] ap, int aIdx, double[] bp, int bIdx,
                              double alpha, double[] c, int cIdx, int ldc, boolean store, double[] bias, int biasIdx);

    /**
     * {@link #multiplyAdd} with A read where it lies instead of from a packed sliver: {@code A(r, p) = a[aIdx + r * lda
     * + p]} (row-major, unpacked). Same arithmetic contract, so the result is bit-identical to packing A first. The
     * driver uses it when packing A would not pay: C only a few register tiles wide, so each packed element would be
     * read just a few times (a truncated DFT's {@code (rows, n) x (n, 2m)}). The caller guarantees all {@code mr} rows
     * and the whole tile of C lie inside their arrays.
     */
    abstract void multiplyAddRowsA(int kc, double[] a, int aIdx, int lda, double[] bp, int bIdx,
                                   double alpha, double[] c, int cIdx, int ldc, boolean store, double[] bias, int biasIdx);

    /**
     * Calls {@link #multiplyAdd} (and {@link #multiplyAddRowsA}) with each epilogue (accumulate, store, store with bias) in turn on a scratch tile,
     * {@value #PRIMING_CALLS} times, so that the JIT's branch profile has seen all three before it compiles the
     * kernel. Otherwise C2 compiles only the epilogue the first calls used, and the first call with another one
     * deoptimises the kernel back to the interpreter, where the Vector API runs its non-intrinsic fallback (about a
     * hundred times slower) until the kernel is compiled again: measured, a 512^3 product at 0.2 GFLOP/s for
     * seconds. Results do not depend on it; it costs milliseconds once per JVM.
     */
    final void primeEpilogueProfiles() {
        double[] a = new double[2 * mr], rowsA = new double[2 * mr], b = new double[2 * nr], c = new double[mr * nr], bias = new double[mr];
        for (int i = 0; i < PRIMING_CALLS; i++) {
            int epilogue = i % 3;
            multiplyAdd(2, a, 0, b, 0, 1.0, c, 0, nr, epilogue != 0, epilogue == 2 ? bias : null, 0);
            multiplyAddRowsA(2, rowsA, 0, 2, b, 0, 1.0, c, 0, nr, epilogue != 0, epilogue == 2 ? bias : null, 0);
        }
    }

    static final int PRIMING_CALLS = 3000;

    /** Short name for reports ("simd-4x8", "portable-4x4"). */
    abstract String name();
}
