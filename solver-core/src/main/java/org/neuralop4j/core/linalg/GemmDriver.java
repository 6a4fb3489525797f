package org.neuralop4j.core.linalg;

import java.util.Arrays;

import org.neuralop4j.core.Parallel;

/**
 * Cache-blocked, packed, parallel GEMM around one {@link MicroKernel} (the GotoBLAS/BLIS loop structure:
 * K. Goto and R. van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 34(3), 2008,
 * doi:10.1145/1356052.1356053; F. Van Zee and R. van de Geijn, "BLIS", ACM TOMS 41(3), 2015,
 * doi:10.1145/2764454).
 *
 * <p>Work split: C (of every batch item) is cut into task tiles of {@code BLOCKS_PER_TASK * BLOCK_ROWS} rows by
 * {@code tn <= MAX_TASK_COLS} columns, sizes that depend only on the problem size; tasks are independent (each packs its own B panel and A blocks into per-thread
 * buffers) and run through {@link Parallel#forRange}. The k dimension is never split across tasks and is
 * walked in fixed {@link #KC}-blocks, so every element of C sees the same operations in the same order for any
 * thread count: results are bit-identical for 1 and N threads.
 *
 * <p>Tiny problems ({@code m*n*k <= SMALL}) skip packing and use a direct dot-product loop with the same
 * arithmetic contract (products summed from zero in increasing p, then {@code C + alpha*acc}).
 */
final class GemmDriver {
    /** Depth of one packed block (the summation slice kept in L1/L2). */
    static final int KC = 256;
    /** Height of a packed A block (kept in L2), before rounding down to a multiple of mr. */
    static final int BLOCK_ROWS = 128;
    /**
     * A blocks per task: a task packs its B panel once for this many A blocks (measured at n = 1024 on one
     * core: 1 block 25, 2 blocks 29 GFLOP/s, 4 no better).
     */
    static final int BLOCKS_PER_TASK = 2;
    /** Upper bound of the columns of C per task (the packed B panel width). */
    static final int MAX_TASK_COLS = 512;
    /** Tasks the column split aims for when C has few row blocks (enough to balance a few threads). */
    private static final int TARGET_TASKS = 8;
    /** Up to this many multiply-adds packing costs more than it saves (measured: packed wins from about 12^3). */
    static final long SMALL = 1000;
    /** Approximate flops per parallel chunk: smaller tasks are grouped so a hand-off stays cheap. */
    private static final long CHUNK_FLOPS = 1L << 20;

    private final MicroKernel kernel;
    private final int mr, nr, blockRows, taskRows;
    private final ThreadLocal<Workspace> workspace;

    private static final class Workspace {
        final double[] a, b, tile;

        Workspace(int aLen, int bLen, int tileLen) {
            a = new double[aLen];
            b = new double[bLen];
            tile = new double[tileLen];
        }
    }

    GemmDriver(MicroKernel kernel) {
        this.kernel = kernel;
        this.mr = kernel.mr;
        this.nr = kernel.nr;
        this.blockRows = BLOCK_ROWS / mr * mr;
        this.taskRows = BLOCKS_PER_TASK * blockRows;
        int maxCols = roundUp(MAX_TASK_COLS, nr);
        this.workspace = ThreadLocal.withInitial(() -> new Workspace(blockRows * KC, KC * maxCols, mr * nr));
    }

    MicroKernel kernel() {
        return kernel;
    }

    /** Arguments are already checked by {@link Gemm}; {@code batch >= 1, m, n >= 1}. */
    void run(int batch, boolean transA, boolean transB, int m, int n, int k, double alpha,
             double[] a, int aOff, int strideA, int lda, double[] b, int bOff, int strideB, int ldb,
             double beta, double[] c, int cOff, int strideC, int ldc) {
        if ((long) m * n * k <= SMALL || k == 0 || alpha == 0) {
            long perItem = Math.max(1L, 2L * m * n * Math.max(1, k));
            int grain = (int) Math.min(batch, Math.max(1L, CHUNK_FLOPS / perItem));
            Parallel.forRange(batch, grain, (b0, b1) -> {
                for (int t = b0; t < b1; t++)
                    direct(transA, transB, m, n, k, alpha, a, aOff + t * strideA, lda, b, bOff + t * strideB, ldb,
                            beta, c, cOff + t * strideC, ldc);
            });
            return;
        }
        int tilesM = (m + taskRows - 1) / taskRows;
        int tn = taskCols(tilesM, n);
        int tilesN = (n + tn - 1) / tn;
        int perItem = tilesM * tilesN;
        int tasks = Math.multiplyExact(batch, perItem);
        long taskFlops = 2L * Math.min(m, taskRows) * Math.min(n, tn) * k;
        int grain = (int) Math.min(tasks, Math.max(1L, CHUNK_FLOPS / taskFlops));
        Parallel.forRange(tasks, grain, (t0, t1) -> {
            Workspace ws = workspace.get();
            for (int t = t0; t < t1; t++) {
                int item = t / perItem, tile = t % perItem;
                int i0 = (tile / tilesN) * taskRows, j0 = (tile % tilesN) * tn;
                tile(ws, transA, transB, i0, Math.min(m, i0 + taskRows), j0, Math.min(n, j0 + tn), k, alpha,
                        a, aOff + item * strideA, lda, b, bOff + item * strideB, ldb,
                        beta, c, cOff + item * strideC, ldc);
            }
        });
    }

    /** Task width: the whole panel width when there are enough row blocks, narrower (>= 128) when C is short. */
    private int taskCols(int tilesM, int n) {
        long wanted = ((long) n * tilesM + TARGET_TASKS - 1) / TARGET_TASKS;
        long cols = Math.max(Math.min(128, n), Math.min(MAX_TASK_COLS, wanted));
        return roundUp((int) cols, nr);
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /** C[i0:i1, j0:j1] = beta*C + alpha * op(A)[i0:i1, :] * op(B)[:, j0:j1]. */
    private void tile(Workspace ws, boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                      double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc) {
        int width = j1 - j0;
        scale(beta, c, cOff, ldc, i0, i1, j0, j1);
        double[] pa = ws.a, pb = ws.b, tile = ws.tile;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            packB(transB, b, bOff, ldb, pc, kc, j0, width, pb);
            for (int ic = i0; ic < i1; ic += blockRows) {
                int height = Math.min(blockRows, i1 - ic);
                packA(transA, a, aOff, lda, ic, height, pc, kc, pa);
                for (int jr = 0; jr < width; jr += nr) {
                    int cols = Math.min(nr, width - jr);
                    int bIdx = (jr / nr) * kc * nr;
                    for (int ir = 0; ir < height; ir += mr) {
                        int rows = Math.min(mr, height - ir);
                        int aIdx = (ir / mr) * kc * mr;
                        int cIdx = cOff + (ic + ir) * ldc + j0 + jr;
                        if (rows == mr && cols == nr) {
                            kernel.multiplyAdd(kc, pa, aIdx, pb, bIdx, alpha, c, cIdx, ldc);
                        } else {
                            Arrays.fill(tile, 0.0);
                            kernel.multiplyAdd(kc, pa, aIdx, pb, bIdx, alpha, tile, 0, nr);
                            for (int r = 0; r < rows; r++)
                                for (int j = 0; j < cols; j++) c[cIdx + r * ldc + j] += tile[r * nr + j];
                        }
                    }
                }
            }
        }
    }

    private static void scale(double beta, double[] c, int cOff, int ldc, int i0, int i1, int j0, int j1) {
        if (beta == 1) return;
        for (int i = i0; i < i1; i++) {
            int row = cOff + i * ldc;
            if (beta == 0) Arrays.fill(c, row + j0, row + j1, 0.0);
            else for (int j = row + j0; j < row + j1; j++) c[j] *= beta;
        }
    }

    /** Packs op(B)[pc:pc+kc, j0:j0+width] into nr-wide slivers, row by row, zero-padding the last sliver. */
    private void packB(boolean transB, double[] b, int bOff, int ldb, int pc, int kc, int j0, int width, double[] dst) {
        for (int jr = 0, s = 0; jr < width; jr += nr, s += kc * nr) {
            int cols = Math.min(nr, width - jr);
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + j0 + jr, d = s + p * nr;
                    for (int j = 0; j < cols; j++) dst[d + j] = b[src + j];
                    for (int j = cols; j < nr; j++) dst[d + j] = 0.0;
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    int src = bOff + (j0 + jr + j) * ldb + pc, d = s + j;
                    for (int p = 0; p < kc; p++) dst[d + p * nr] = b[src + p];
                }
                for (int j = cols; j < nr; j++)
                    for (int p = 0; p < kc; p++) dst[s + j + p * nr] = 0.0;
            }
        }
    }

    /** Packs op(A)[i0:i0+height, pc:pc+kc] into mr-tall slivers, column by column, zero-padding the last one. */
    private void packA(boolean transA, double[] a, int aOff, int lda, int i0, int height, int pc, int kc, double[] dst) {
        for (int ir = 0, s = 0; ir < height; ir += mr, s += kc * mr) {
            int rows = Math.min(mr, height - ir);
            if (!transA) {
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (i0 + ir + r) * lda + pc, d = s + r;
                    for (int p = 0; p < kc; p++) dst[d + p * mr] = a[src + p];
                }
                for (int r = rows; r < mr; r++)
                    for (int p = 0; p < kc; p++) dst[s + r + p * mr] = 0.0;
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + i0 + ir, d = s + p * mr;
                    for (int r = 0; r < rows; r++) dst[d + r] = a[src + r];
                    for (int r = rows; r < mr; r++) dst[d + r] = 0.0;
                }
            }
        }
    }

    /** Unpacked path for small products: C = beta*C + alpha * (dot products summed in increasing p). */
    static void direct(boolean transA, boolean transB, int m, int n, int k, double alpha,
                       double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                       double beta, double[] c, int cOff, int ldc) {
        int aRowStep = transA ? 1 : lda, aColStep = transA ? lda : 1;
        int bRowStep = transB ? 1 : ldb, bColStep = transB ? ldb : 1;
        boolean skipProducts = k == 0 || alpha == 0;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc, ai = aOff + i * aRowStep;
            for (int j = 0; j < n; j++) {
                double cij = beta == 0 ? 0.0 : beta == 1 ? c[ci + j] : beta * c[ci + j];
                if (!skipProducts) {
                    double acc = 0;
                    for (int p = 0, ap = ai, bp = bOff + j * bColStep; p < k; p++, ap += aColStep, bp += bRowStep)
                        acc += a[ap] * b[bp];
                    cij += alpha * acc;
                }
                c[ci + j] = cij;
            }
        }
    }
}
