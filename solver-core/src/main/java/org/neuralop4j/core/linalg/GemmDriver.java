package org.neuralop4j.core.linalg;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

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
    /**
     * Up to this many register tiles across a task's C, a full-depth ({@link #KC}) block of untransposed A is read in
     * place rather than packed: each packed element would be read at most this many times, and the copy cost more
     * than it saved. Counted in tiles, not columns, because the kernel's width is the machine's: 32 columns on AVX2,
     * 64 on AVX-512. Measured with interleaved timings on the truncated DFTs of an FNO-1D layer,
     * {@code (1280 x 1024) x (1024 x 32)} with B untransposed or transposed: 22-23 % faster (AVX2); on the short
     * {@code (54400 x 85) x (85 x 24)} of FNO-2D it was 4 % slower with three 8-wide slivers (AVX2), hence
     * full-depth blocks only, unless C is a single register tile wide: then each packed element would be read once,
     * and in place that product ran 15-17 % faster (one 24-wide sliver, AVX-512, interleaved), as did
     * {@code (54400 x 24) x (24 x 24)} (28 %). On AVX-512 (16-wide tiles), alternating runs: the paired-frequency DFT
     * {@code (1280 x 1024) x (1024 x 33)} 1.84 / 1.50 ms in place against 2.14 / 2.11 ms packed, and FNO-1D's
     * weight gradient {@code sum of 20 (64 x 1024) x (1024 x 64)} 3.29 / 2.62 against 3.56 / 3.45 ms (2 threads).
     */
    static final int UNPACKED_A_MAX_TILES = 4;
    /**
     * Up to this summation depth a packed block is walked A sliver outside, B sliver inside, so the micro-tiles of
     * C are written along rows; deeper blocks walk B slivers outside (C down a column of tiles). A short summation
     * does so little arithmetic per element of C that writing C down columns, rows {@code ldc} apart, costs more
     * than the kernel; a deep one would, in the swapped order, stream the B panel once per A sliver. See
     * {@code operators/FNO.md} for the measurement.
     */
    static final int ROWS_OUTER_MAX_KC = 64;
    /** ... and only while the packed B panel fits this many bytes (it is re-read once per A sliver). */
    static final long ROWS_OUTER_MAX_PANEL_BYTES = 256 * 1024;
    /** Upper bound of the columns of C per task (the packed B panel width). */
    static final int MAX_TASK_COLS = 512;
    /** Tasks the column split aims for when C has few row blocks (enough to balance a few threads). */
    private static final int TARGET_TASKS = 8;
    /** Largest C (elements) that {@link #runSum} shares out by items rather than by tiles. */
    static final int SUM_SPLIT_MAX_C = 1 << 15;
    /** Item chunks of {@link #runSum} (fixed, so the sum's rounding does not depend on the thread count). */
    static final int SUM_CHUNKS = 8;
    /** Up to this many multiply-adds packing costs more than it saves (measured: packed wins from about 12^3). */
    static final long SMALL = 1000;
    /** Approximate flops per parallel chunk: smaller tasks are grouped so a hand-off stays cheap. */
    private static final long CHUNK_FLOPS = 1L << 20;

    /** Numbers the calls whose items share one A, so a thread's packed copy of it is never taken from another call. */
    private static final AtomicLong SHARED_A_CALLS = new AtomicLong();

    private final MicroKernel kernel;
    private final int mr, nr, blockRows, taskRows;
    /**
     * {@link #UNPACKED_A_MAX_TILES} in columns of this driver's kernel, and never fewer than the 32 columns measured
     * on AVX2 (the portable kernel's tiles are 4 wide).
     */
    private final int unpackedAMaxCols;
    /** Depth limit of the rows-outside walk; 0 never uses it (the tests compare both walks). */
    private final int rowsOuterMaxKc;
    private final ThreadLocal<Workspace> workspace;

    private static final class Workspace {
        final double[] a, b, tile;
        /**
         * Which block of which call's shared A {@link #a} holds ({@code packedCall == 0}: none that may be reused).
         * Within one call A does not change, so a batch with A stride 0 (one DFT matrix applied to every field)
         * packs each block once per thread instead of once per item. The block's first row and first summation
         * index name it: its height and depth follow from them and the call's sizes.
         */
        long packedCall;
        int packedRow, packedPc;

        Workspace(int aLen, int bLen, int tileLen) {
            a = new double[aLen];
            b = new double[bLen];
            tile = new double[tileLen];
        }

        boolean holdsSharedA(long call, int ic, int pc) {
            return call != 0 && packedCall == call && packedRow == ic && packedPc == pc;
        }

        void packedSharedA(long call, int ic, int pc) {
            packedCall = call;
            packedRow = ic;
            packedPc = pc;
        }
    }

    GemmDriver(MicroKernel kernel) {
        this(kernel, ROWS_OUTER_MAX_KC);
    }

    /** @param rowsOuterMaxKc deepest block walked A sliver outside ({@link #ROWS_OUTER_MAX_KC}; 0: never) */
    GemmDriver(MicroKernel kernel, int rowsOuterMaxKc) {
        this.kernel = kernel;
        this.rowsOuterMaxKc = rowsOuterMaxKc;
        this.mr = kernel.mr;
        this.nr = kernel.nr;
        this.unpackedAMaxCols = Math.max(32, UNPACKED_A_MAX_TILES * nr);
        this.blockRows = BLOCK_ROWS / mr * mr;
        this.taskRows = BLOCKS_PER_TASK * blockRows;
        int maxCols = roundUp(MAX_TASK_COLS, nr);
        this.workspace = ThreadLocal.withInitial(() -> new Workspace(blockRows * KC, (KC + 1) * maxCols, mr * nr));
    }

    MicroKernel kernel() {
        return kernel;
    }

    /**
     * Arguments are already checked by {@link Gemm}; {@code batch >= 1, m, n >= 1}. With {@code rowBias} (then
     * {@code beta == 0}), {@code C = alpha op(A) op(B) + rowBias[biasOff + i]} on row {@code i}.
     *
     * <p>When C is not read ({@code beta == 0}), the first summation block stores {@code alpha * acc} (plus the bias)
     * instead of zeroing C and adding: C is written once rather than zeroed, read and written, which matters for
     * the short summations of neural-network layers (a width-32 layer does 64 flops per element of C).
     */
    void run(int batch, boolean transA, boolean transB, int m, int n, int k, double alpha,
             double[] a, int aOff, int strideA, int lda, double[] b, int bOff, int strideB, int ldb,
             double beta, double[] c, int cOff, int strideC, int ldc) {
        run(batch, transA, transB, m, n, k, alpha, a, aOff, strideA, lda, b, bOff, strideB, ldb, beta, null, 0, c, cOff, strideC, ldc);
    }

    void run(int batch, boolean transA, boolean transB, int m, int n, int k, double alpha,
             double[] a, int aOff, int strideA, int lda, double[] b, int bOff, int strideB, int ldb,
             double beta, double[] rowBias, int biasOff, double[] c, int cOff, int strideC, int ldc) {
        if ((long) m * n * k <= SMALL || k == 0 || alpha == 0) {
            long perItem = Math.max(1L, 2L * m * n * Math.max(1, k));
            int grain = (int) Math.min(batch, Math.max(1L, CHUNK_FLOPS / perItem));
            Parallel.forRange(batch, grain, (b0, b1) -> {
                for (int t = b0; t < b1; t++) {
                    int ct = cOff + t * strideC;
                    direct(transA, transB, m, n, k, alpha, a, aOff + t * strideA, lda, b, bOff + t * strideB, ldb,
                            beta, c, ct, ldc);
                    if (rowBias != null) addRowBias(rowBias, biasOff, c, ct, ldc, m, n);
                }
            });
            return;
        }
        if (m < mr && !transB) {
            fewRows(batch, transA, m, n, k, alpha, a, aOff, strideA, lda, b, bOff, strideB, ldb, beta, rowBias, biasOff,
                    c, cOff, strideC, ldc);
            return;
        }
        boolean overwrite = beta == 0;
        long sharedA = sharedACall(batch, strideA);
        Tiling tiling = new Tiling(batch, m, n, (long) batch * m * n * k);
        int perItem = tiling.tilesM * tiling.tilesN;
        int tasks = Math.multiplyExact(batch, perItem);
        long taskFlops = 2L * Math.min(m, tiling.rows) * Math.min(n, tiling.cols) * k;
        int grain = (int) Math.min(tasks, Math.max(1L, CHUNK_FLOPS / taskFlops));
        Parallel.forRange(tasks, grain, (t0, t1) -> {
            Workspace ws = workspace.get();
            for (int t = t0; t < t1; t++) {
                int item = t / perItem, tile = t % perItem;
                int i0 = (tile / tiling.tilesN) * tiling.rows, j0 = (tile % tiling.tilesN) * tiling.cols;
                int i1 = Math.min(m, i0 + tiling.rows), j1 = Math.min(n, j0 + tiling.cols);
                if (!overwrite) scale(beta, c, cOff + item * strideC, ldc, i0, i1, j0, j1);
                tile(ws, transA, transB, i0, i1, j0, j1, k, alpha, a, aOff + item * strideA, lda, sharedA,
                        b, bOff + item * strideB, ldb, c, cOff + item * strideC, ldc, overwrite, rowBias, biasOff);
            }
        });
    }

    /** A fresh call number when the items of a batch share A (stride 0), else 0 (packed A is never reused). */
    private static long sharedACall(int batch, int strideA) {
        return batch > 1 && strideA == 0 ? SHARED_A_CALLS.incrementAndGet() : 0;
    }

    /** Column block of {@link #fewRows}: the accumulators of one row stay in L1. */
    private static final int FEW_ROWS_COLS = 512;

    /**
     * C with fewer rows than a register tile (e.g. a layer with one output channel): a micro-tile would waste most
     * of its rows and packing B would cost as much as the arithmetic, so each row of C is accumulated as
     * {@code acc += A[i, p] * B[p, :]} over contiguous rows of B (increasing p, from zero, as the kernels do), then
     * stored as {@code beta*C + alpha*acc} (or {@code alpha*acc + rowBias[i]}). Tasks are (item, column block).
     */
    private static void fewRows(int batch, boolean transA, int m, int n, int k, double alpha,
                                double[] a, int aOff, int strideA, int lda, double[] b, int bOff, int strideB, int ldb,
                                double beta, double[] rowBias, int biasOff, double[] c, int cOff, int strideC, int ldc) {
        int blocks = (n + FEW_ROWS_COLS - 1) / FEW_ROWS_COLS, tasks = Math.multiplyExact(batch, blocks);
        long taskFlops = 2L * m * Math.min(n, FEW_ROWS_COLS) * k;
        Parallel.forRange(tasks, (int) Math.min(tasks, Math.max(1L, CHUNK_FLOPS / taskFlops)), (t0, t1) -> {
            double[] acc = new double[Math.min(n, FEW_ROWS_COLS)];
            for (int t = t0; t < t1; t++) {
                int item = t / blocks, j0 = (t % blocks) * FEW_ROWS_COLS, w = Math.min(FEW_ROWS_COLS, n - j0);
                int ai = aOff + item * strideA, bi = bOff + item * strideB + j0, ci = cOff + item * strideC + j0;
                for (int i = 0; i < m; i++) {
                    Arrays.fill(acc, 0, w, 0.0);
                    for (int p = 0; p < k; p++) {
                        double aip = transA ? a[ai + p * lda + i] : a[ai + i * lda + p];
                        int row = bi + p * ldb;
                        for (int j = 0; j < w; j++) acc[j] += aip * b[row + j];
                    }
                    int at = ci + i * ldc;
                    if (rowBias != null) {
                        double bias = rowBias[biasOff + i];
                        for (int j = 0; j < w; j++) c[at + j] = alpha * acc[j] + bias;
                    } else if (beta == 0) {
                        for (int j = 0; j < w; j++) c[at + j] = alpha * acc[j];
                    } else if (beta == 1) {
                        for (int j = 0; j < w; j++) c[at + j] += alpha * acc[j];
                    } else {
                        for (int j = 0; j < w; j++) c[at + j] = beta * c[at + j] + alpha * acc[j];
                    }
                }
            }
        });
    }

    /**
     * {@code C = beta*C + alpha * sum_t op(A_t) op(B_t)} over {@code batch} items (strides as in {@link #run}).
     *
     * <p>A small C (at most {@link #SUM_SPLIT_MAX_C} elements, e.g. a weight gradient summed over a batch of fields)
     * is shared out by items: the items are cut into {@code min(batch, }{@link #SUM_CHUNKS}{@code )} contiguous
     * chunks, each chunk sums its items into a private C (in parallel), and the chunk sums are added to
     * {@code beta*C} in chunk order. Each operand is then packed once; splitting C instead would pack them once per
     * tile. A larger C is split into tiles, each summing all items in order. Either way the arithmetic depends only
     * on the sizes, so the bits do not depend on the number of threads.
     */
    void runSum(int batch, boolean transA, boolean transB, int m, int n, int k, double alpha,
                double[] a, int aOff, int strideA, int lda, double[] b, int bOff, int strideB, int ldb,
                double beta, double[] c, int cOff, int ldc) {
        if ((long) m * n * k <= SMALL || k == 0 || alpha == 0 || batch == 0) {
            for (int t = 0; t < batch; t++)
                direct(transA, transB, m, n, k, alpha, a, aOff + t * strideA, lda, b, bOff + t * strideB, ldb,
                        t == 0 ? beta : 1.0, c, cOff, ldc);
            if (batch == 0) scale(beta, c, cOff, ldc, 0, m, 0, n);
            return;
        }
        long sharedA = sharedACall(batch, strideA);
        if ((long) m * n <= SUM_SPLIT_MAX_C && batch > 1) {
            int chunks = Math.min(batch, SUM_CHUNKS);
            double[][] partial = new double[chunks][m * n];
            boolean dots = m < mr && transB;
            Parallel.forRange(chunks, 1, (q0, q1) -> {
                Workspace ws = workspace.get();
                for (int q = q0; q < q1; q++) {
                    int first = (int) ((long) q * batch / chunks), end = (int) ((long) (q + 1) * batch / chunks);
                    if (dots) {
                        fewRowsDotSums(first, end, transA, m, n, k, alpha, a, aOff, strideA, lda, b, bOff, strideB, ldb, partial[q]);
                        continue;
                    }
                    for (int item = first; item < end; item++)
                        for (int j0 = 0; j0 < n; j0 += MAX_TASK_COLS)
                            tile(ws, transA, transB, 0, m, j0, Math.min(n, j0 + MAX_TASK_COLS), k, alpha,
                                    a, aOff + item * strideA, lda, sharedA, b, bOff + item * strideB, ldb, partial[q], 0, n,
                                    item == first, null, 0);
                }
            });
            scale(beta, c, cOff, ldc, 0, m, 0, n);
            for (int i = 0; i < m; i++) {
                int row = cOff + i * ldc;
                for (double[] part : partial)
                    for (int j = 0; j < n; j++) c[row + j] += part[i * n + j];
            }
            return;
        }
        Tiling tiling = new Tiling(1, m, n, (long) batch * m * n * k);
        int tasks = tiling.tilesM * tiling.tilesN;
        Parallel.forRange(tasks, 1, (t0, t1) -> {
            Workspace ws = workspace.get();
            for (int t = t0; t < t1; t++) {
                int i0 = (t / tiling.tilesN) * tiling.rows, j0 = (t % tiling.tilesN) * tiling.cols;
                int i1 = Math.min(m, i0 + tiling.rows), j1 = Math.min(n, j0 + tiling.cols);
                if (beta != 0) scale(beta, c, cOff, ldc, i0, i1, j0, j1);
                for (int item = 0; item < batch; item++)
                    tile(ws, transA, transB, i0, i1, j0, j1, k, alpha, a, aOff + item * strideA, lda, sharedA,
                            b, bOff + item * strideB, ldb, c, cOff, ldc, item == 0 && beta == 0, null, 0);
            }
        });
    }

    /**
     * {@code part = alpha * sum_{item in [first, end)} A_item B_item^T} for an A with fewer rows than a register tile
     * (e.g. the weight gradient of a layer with one output channel, {@code G X^T}): each element is a dot product of
     * two contiguous rows, so B is read once, in place, instead of being transposed into packed panels that the
     * kernel would then fill for one row in four. The arithmetic is the kernel path's: per item and per
     * {@link #KC}-block of the summation a chain from zero of the kernel's steps ({@link MicroKernel#step}), stored
     * as {@code alpha * acc} (first block of the first item) or added as {@code part + alpha * acc}, so the bits are
     * the same. Four rows of B at a time keep four independent chains in flight.
     */
    private void fewRowsDotSums(int first, int end, boolean transA, int m, int n, int k, double alpha,
                                double[] a, int aOff, int strideA, int lda, double[] b, int bOff, int strideB,
                                int ldb, double[] part) {
        double[] row = new double[Math.min(k, KC)];
        boolean fused = kernel.fused;
        for (int item = first; item < end; item++) {
            int ai = aOff + item * strideA, bi = bOff + item * strideB;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean store = item == first && pc == 0;
                for (int i = 0; i < m; i++) {
                    for (int p = 0; p < kc; p++) row[p] = transA ? a[ai + (pc + p) * lda + i] : a[ai + i * lda + pc + p];
                    int j = 0;
                    for (; j <= n - 4; j += 4) {
                        int r0 = bi + j * ldb + pc, r1 = r0 + ldb, r2 = r1 + ldb, r3 = r2 + ldb;
                        double acc0 = 0, acc1 = 0, acc2 = 0, acc3 = 0;
                        for (int p = 0; p < kc; p++) {
                            double ap = row[p];
                            acc0 = MicroKernel.step(fused, ap, b[r0 + p], acc0);
                            acc1 = MicroKernel.step(fused, ap, b[r1 + p], acc1);
                            acc2 = MicroKernel.step(fused, ap, b[r2 + p], acc2);
                            acc3 = MicroKernel.step(fused, ap, b[r3 + p], acc3);
                        }
                        int at = i * n + j;
                        storeOrAdd(part, at, store, alpha, acc0);
                        storeOrAdd(part, at + 1, store, alpha, acc1);
                        storeOrAdd(part, at + 2, store, alpha, acc2);
                        storeOrAdd(part, at + 3, store, alpha, acc3);
                    }
                    for (; j < n; j++) {
                        int r = bi + j * ldb + pc;
                        double acc = 0;
                        for (int p = 0; p < kc; p++) acc = MicroKernel.step(fused, row[p], b[r + p], acc);
                        storeOrAdd(part, i * n + j, store, alpha, acc);
                    }
                }
            }
        }
    }

    /** The kernels' epilogue for one element: {@code c[at] = alpha * acc}, or {@code c[at] + alpha * acc}. */
    private static void storeOrAdd(double[] c, int at, boolean store, double alpha, double acc) {
        c[at] = store ? alpha * acc : c[at] + alpha * acc;
    }

    /**
     * How C is cut into task tiles: rows in multiples of the A block height, columns in multiples of nr up to
     * {@link #MAX_TASK_COLS}. When there is much work but fewer tiles than twice the threads (a small C with a
     * long summation, e.g. a weight gradient), or a tile count the threads cannot share evenly ({@link #balanced}),
     * tiles are halved, the longer side first, until they can. The split never changes any element's arithmetic (k
     * is walked in the same blocks by every tile), so results stay bit-identical for any thread count.
     */
    private final class Tiling {
        final int rows, cols, tilesM, tilesN;

        Tiling(int items, int m, int n, long totalMultiplyAdds) {
            int r = Math.min(taskRows, roundUp(m, mr));
            int tm = (m + r - 1) / r;
            int tc = taskCols(tm, n);
            int tn = (n + tc - 1) / tc;
            int threads = Parallel.threads();
            long wanted = 2L * threads;
            if (totalMultiplyAdds >= wanted * CHUNK_FLOPS) {
                while ((long) items * tm * tn < wanted || !balanced((long) items * tm * tn, threads)) {
                    if (r >= tc && r > mr) {
                        r = roundUp(r / 2, mr);
                        tm = (m + r - 1) / r;
                    } else if (tc > nr) {
                        tc = roundUp(tc / 2, nr);
                        tn = (n + tc - 1) / tc;
                    } else {
                        break;
                    }
                }
            }
            rows = r;
            cols = tc;
            tilesM = tm;
            tilesN = tn;
        }
    }

    /**
     * Whether {@code tasks} equal tiles keep {@code threads} threads busy to within an eighth: five tiles on two
     * threads leave one thread idle for a sixth of the call (measured: FNO-1D's {@code (1280 x 1024)(1024 x 33)}
     * transform ran at 71 % of twice its one-thread speed), ten do not.
     */
    static boolean balanced(long tasks, int threads) {
        long rounds = (tasks + threads - 1) / threads;
        return 8 * (rounds * threads - tasks) <= rounds * threads;
    }

    /** Task width: the whole panel width when there are enough row blocks, narrower (>= 128) when C is short. */
    private int taskCols(int tilesM, int n) {
        long wanted = ((long) n * tilesM + TARGET_TASKS - 1) / TARGET_TASKS;
        long cols = Math.max(Math.min(128, n), Math.min(MAX_TASK_COLS, wanted));
        return roundUp((int) cols, nr);
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /**
     * {@code C[i0:i1, j0:j1] += alpha * op(A)[i0:i1, :] * op(B)[:, j0:j1]}, or with {@code overwrite}
     * {@code C[..] = alpha * op(A) op(B) (+ rowBias[biasOff + i])} without reading C.
     */
    private void tile(Workspace ws, boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                      double alpha, double[] a, int aOff, int lda, long sharedA, double[] b, int bOff, int ldb,
                      double[] c, int cOff, int ldc, boolean overwrite, double[] rowBias, int biasOff) {
        int width = j1 - j0;
        double[] pa = ws.a, pb = ws.b, tile = ws.tile;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            int sliver = sliverStride(kc);
            boolean store = overwrite && pc == 0;
            double[] bias = store ? rowBias : null;
            packB(transB, b, bOff, ldb, pc, kc, j0, width, sliver, pb);
            long panelBytes = 8L * sliver * ((width + nr - 1) / nr);
            boolean rowsOuter = kc <= rowsOuterMaxKc && panelBytes <= ROWS_OUTER_MAX_PANEL_BYTES;
            for (int ic = i0; ic < i1; ic += blockRows) {
                int height = Math.min(blockRows, i1 - ic);
                if (!transA && (kc == KC || width <= nr) && width <= unpackedAMaxCols && height % mr == 0) {
                    unpackedA(kc, a, aOff + ic * lda + pc, lda, height, pb, sliver, width, alpha, c, cOff + ic * ldc + j0, ldc,
                            store, bias, biasOff + ic, tile);
                    continue;
                }
                if (!ws.holdsSharedA(sharedA, ic, pc)) {
                    packA(transA, a, aOff, lda, ic, height, pc, kc, pa);
                    ws.packedSharedA(sharedA, ic, pc);
                }
                if (rowsOuter) {
                    for (int ir = 0; ir < height; ir += mr) {
                        for (int jr = 0; jr < width; jr += nr) {
                            microTile(kc, pa, pb, sliver, ic, ir, height, jr, width, alpha, c, cOff + j0, ldc,
                                    store, bias, biasOff, tile);
                        }
                    }
                } else {
                    for (int jr = 0; jr < width; jr += nr) {
                        for (int ir = 0; ir < height; ir += mr) {
                            microTile(kc, pa, pb, sliver, ic, ir, height, jr, width, alpha, c, cOff + j0, ldc,
                                    store, bias, biasOff, tile);
                        }
                    }
                }
            }
        }
    }

    /**
     * One register tile of a packed block: rows {@code ic+ir ..} and columns {@code jr ..} of the task's C
     * ({@code cIdx} points at its column j0). Its arithmetic does not depend on the order tiles are visited.
     */
    private void microTile(int kc, double[] pa, double[] pb, int sliver, int ic, int ir, int height, int jr, int width,
                           double alpha, double[] c, int cIdx, int ldc, boolean store, double[] bias, int biasOff,
                           double[] tile) {
        int rows = Math.min(mr, height - ir), cols = Math.min(nr, width - jr);
        int aIdx = (ir / mr) * kc * mr, bIdx = (jr / nr) * sliver;
        int row0 = ic + ir, at = cIdx + row0 * ldc + jr;
        if (rows == mr && cols == nr) {
            kernel.multiplyAdd(kc, pa, aIdx, pb, bIdx, alpha, c, at, ldc, store, bias, biasOff + row0);
        } else { // edge tile: through a full-size buffer, then the valid part
            kernel.multiplyAdd(kc, pa, aIdx, pb, bIdx, alpha, tile, 0, nr, true, null, 0);
            storeEdge(tile, rows, cols, c, at, ldc, store, bias, biasOff + row0);
        }
    }

    /**
     * The block's products with A read in place ({@link MicroKernel#multiplyAddRowsA}), row sliver by row sliver so
     * that each sliver of A stays in L1 while it meets every sliver of the packed B panel. {@code a}, {@code c} and
     * {@code biasOff} point at the block's first row; {@code height} is a multiple of mr.
     */
    private void unpackedA(int kc, double[] a, int aIdx, int lda, int height, double[] pb, int sliver, int width,
                           double alpha, double[] c, int cIdx, int ldc, boolean store, double[] bias, int biasOff,
                           double[] tile) {
        for (int ir = 0; ir < height; ir += mr) {
            int ai = aIdx + ir * lda, ci = cIdx + ir * ldc;
            for (int jr = 0; jr < width; jr += nr) {
                int cols = Math.min(nr, width - jr), bIdx = (jr / nr) * sliver;
                if (cols == nr) {
                    kernel.multiplyAddRowsA(kc, a, ai, lda, pb, bIdx, alpha, c, ci + jr, ldc, store, bias, biasOff + ir);
                    continue;
                }
                kernel.multiplyAddRowsA(kc, a, ai, lda, pb, bIdx, alpha, tile, 0, nr, true, null, 0);
                storeEdge(tile, mr, cols, c, ci + jr, ldc, store, bias, biasOff + ir);
            }
        }
    }

    /**
     * The valid {@code rows x cols} part of an edge tile computed into the full-size buffer {@code tile}: added to C,
     * or stored (plus {@code bias[biasRow + r]} on row r when bias is not null).
     */
    private void storeEdge(double[] tile, int rows, int cols, double[] c, int cIdx, int ldc, boolean store,
                           double[] bias, int biasRow) {
        for (int r = 0; r < rows; r++) {
            int at = cIdx + r * ldc;
            if (!store) {
                for (int j = 0; j < cols; j++) c[at + j] += tile[r * nr + j];
            } else if (bias == null) {
                System.arraycopy(tile, r * nr, c, at, cols);
            } else {
                double br = bias[biasRow + r];
                for (int j = 0; j < cols; j++) c[at + j] = tile[r * nr + j] + br;
            }
        }
    }

    /** {@code C[i, :] += rowBias[biasOff + i]} on an {@code m x n} block. */
    private static void addRowBias(double[] rowBias, int biasOff, double[] c, int cOff, int ldc, int m, int n) {
        for (int i = 0; i < m; i++) {
            double v = rowBias[biasOff + i];
            for (int j = cOff + i * ldc, end = j + n; j < end; j++) c[j] += v;
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

    /**
     * Distance between packed B slivers: one cache line more than a sliver, so that the slivers' rows for the same
     * p do not all fall into one L1 set when kc * nr doubles is a multiple of 4 KiB.
     */
    private int sliverStride(int kc) {
        return kc * nr + nr;
    }

    /**
     * Packs op(B)[pc:pc+kc, j0:j0+width] into nr-wide slivers {@code sliver} doubles apart, row by row, zero-padding
     * the last sliver. Untransposed B is read row by row (contiguous, prefetch-friendly; reading sliver by sliver
     * walks rows {@code ldb} apart, which for power-of-two {@code ldb} thrashes one cache set).
     */
    private void packB(boolean transB, double[] b, int bOff, int ldb, int pc, int kc, int j0, int width, int sliver,
                       double[] dst) {
        int full = width / nr * nr;
        if (!transB) {
            int slivers = full / nr;
            for (int p = 0; p < kc; p++) {
                int src = bOff + (pc + p) * ldb + j0;
                copySliverRows(b, src, dst, p * nr, slivers, sliver);
                if (full < width) {
                    int d = p * nr + slivers * sliver, cols = width - full;
                    System.arraycopy(b, src + full, dst, d, cols);
                    Arrays.fill(dst, d + cols, d + nr, 0.0);
                }
            }
        } else {
            for (int jr = 0, s = 0; jr < width; jr += nr, s += sliver) {
                int cols = Math.min(nr, width - jr);
                for (int j = 0; j < cols; j++) {
                    int src = bOff + (j0 + jr + j) * ldb + pc, d = s + j;
                    for (int p = 0; p < kc; p++) dst[d + p * nr] = b[src + p];
                }
                for (int j = cols; j < nr; j++)
                    for (int p = 0; p < kc; p++) dst[s + j + p * nr] = 0.0;
            }
        }
    }

    /**
     * Copies {@code slivers} consecutive runs of nr doubles from {@code src} into runs {@code sliver} apart at
     * {@code d}: one row of each full sliver. Packing a short-summation panel (e.g. 64 x 128 for a width-64 layer)
     * takes a third of the time of its products, and for the SIMD kernel's nr = 8 an {@code System.arraycopy} call
     * per run costs more than eight moves (measured in one JVM, interleaved: 20 % less packing time).
     */
    private void copySliverRows(double[] b, int src, double[] dst, int d, int slivers, int sliver) {
        if (nr != 8) {
            for (int q = 0; q < slivers; q++, src += nr, d += sliver) System.arraycopy(b, src, dst, d, nr);
            return;
        }
        for (int q = 0; q < slivers; q++, src += 8, d += sliver) {
            dst[d] = b[src];
            dst[d + 1] = b[src + 1];
            dst[d + 2] = b[src + 2];
            dst[d + 3] = b[src + 3];
            dst[d + 4] = b[src + 4];
            dst[d + 5] = b[src + 5];
            dst[d + 6] = b[src + 6];
            dst[d + 7] = b[src + 7];
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
