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
 */
abstract class MicroKernel {
    /** Rows of the register tile. */
    final int mr;
    /** Columns of the register tile. */
    final int nr;

    MicroKernel(int mr, int nr) {
        this.mr = mr;
        this.nr = nr;
    }

    /**
     * {@code C[cIdx + r * ldc + j] += alpha * sum_p A(r, p) * B(p, j)} for {@code r < mr, j < nr}; with
     * {@code store}, {@code C[..] = alpha * sum (+ bias[biasIdx + r] when bias is not null)} without reading C.
     * The caller guarantees the whole tile lies inside {@code c}.
     */
    abstract void multiplyAdd(int kc, double[] ap, int aIdx, double[] bp, int bIdx,
                              double alpha, double[] c, int cIdx, int ldc, boolean store, double[] bias, int biasIdx);

    /** Short name for reports ("simd-4x8", "portable-4x4"). */
    abstract String name();
}
