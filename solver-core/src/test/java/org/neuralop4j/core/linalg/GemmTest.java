package org.neuralop4j.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.neuralop4j.core.Parallel;

class GemmTest {
    private static final double TOL = 1e-12;

    /** Operands laid out with offsets and padded leading dimensions, plus the naive reference result. */
    private static final class Problem {
        final boolean transA, transB;
        final int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
        final double alpha, beta;
        final double[] a, b, c0;

        Problem(long seed, boolean transA, boolean transB, int m, int n, int k, double alpha, double beta) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            int aRows = transA ? k : m, aCols = transA ? m : k;
            int bRows = transB ? n : k, bCols = transB ? k : n;
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
            aOff = 5;
            lda = aCols + 3;
            bOff = 2;
            ldb = bCols + 1;
            cOff = 7;
            ldc = n + 4;
            a = random(rng, aOff + aRows * lda + 3);
            b = random(rng, bOff + bRows * ldb + 3);
            c0 = random(rng, cOff + m * ldc + 3);
        }

        double[] run(Gemm.Engine e) {
            double[] c = c0.clone();
            e.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return c;
        }

        double[] naive() {
            double[] c = c0.clone();
            GemmTest.naive(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return c;
        }

        @Override
        public String toString() {
            return "m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB
                    + " alpha=" + alpha + " beta=" + beta;
        }
    }

    /** Textbook triple loop, the reference every engine is compared with. */
    static void naive(boolean transA, boolean transB, int m, int n, int k, double alpha,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += x * y;
                }
                int at = cOff + i * ldc + j;
                c[at] = (beta == 0 ? 0 : beta * c[at]) + alpha * s;
            }
    }

    static double[] random(UniformRandomProvider rng, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = 2 * rng.nextDouble() - 1;
        return x;
    }

    static List<Gemm.Engine> engines() {
        List<Gemm.Engine> list = new ArrayList<>();
        list.add(Gemm.engine(Gemm.Backend.PORTABLE));
        if (Gemm.simdAvailable()) list.add(Gemm.engine(Gemm.Backend.SIMD));
        return list;
    }

    /** max|x - y| / max|ref|, and entries outside the C window must be untouched. */
    static void assertClose(String what, double[] expected, double[] actual) {
        double maxDiff = 0, maxRef = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
            if (Double.isNaN(actual[i]) != Double.isNaN(expected[i])) throw new AssertionError(what + ": NaN at " + i);
        }
        assertTrue(maxDiff <= TOL * Math.max(maxRef, Double.MIN_NORMAL),
                what + ": relative difference " + maxDiff / maxRef + " > " + TOL);
    }

    private static void assertPaddingUntouched(Problem p, double[] c) {
        for (int i = 0; i < c.length; i++) {
            int row = (i - p.cOff) / p.ldc, col = (i - p.cOff) % p.ldc;
            boolean inside = i >= p.cOff && row < p.m && col < p.n;
            if (!inside) assertEquals(p.c0[i], c[i], 0.0, p + ": element " + i + " outside C was modified");
        }
    }

    @Test
    void allTransposesOddSizesOffsetsAndPaddedLeadingDimensionsMatchNaive() {
        int[][] sizes = {{1, 1, 1}, {3, 1, 17}, {1, 17, 3}, {17, 3, 63}, {63, 65, 17}, {65, 63, 257},
                {257, 17, 65}, {33, 257, 40}, {130, 600, 300}, {5, 1030, 70}, {1, 1100, 70}, {3, 600, 300},
                // narrow C with full-depth blocks: A read in place (whole row slivers) next to packed remainders
                {130, 32, 600}, {64, 5, 513}, {12, 29, 256}};
        long seed = 11;
        for (int[] s : sizes)
            for (int t = 0; t < 4; t++) {
                Problem p = new Problem(seed++, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1.25, -0.5);
                double[] ref = p.naive();
                for (Gemm.Engine e : engines()) {
                    double[] c = p.run(e);
                    assertClose(e + " " + p, ref, c);
                    assertPaddingUntouched(p, c);
                }
            }
    }

    @Test
    void simdAndPortableAgreeToRoundingOnLargeProduct() {
        Problem p = new Problem(3, false, false, 200, 530, 520, 1.0, 0.0);
        double[] ref = p.naive();
        double[] portable = p.run(Gemm.engine(Gemm.Backend.PORTABLE));
        assertClose("portable vs naive", ref, portable);
        if (Gemm.simdAvailable()) {
            double[] simd = p.run(Gemm.engine(Gemm.Backend.SIMD));
            assertClose("simd vs naive", ref, simd);
            assertClose("simd vs portable", portable, simd);
        }
    }

    @Test
    void alphaAndBetaVariants() {
        double[][] ab = {{1, 0}, {1, 1}, {-2, 0.5}, {0.5, -1}, {3, 2}};
        long seed = 100;
        for (double[] v : ab)
            for (int[] s : new int[][]{{7, 9, 5}, {70, 90, 300}, {2, 700, 40}}) {
                Problem p = new Problem(seed++, false, (seed & 1) == 0, s[0], s[1], s[2], v[0], v[1]);
                double[] ref = p.naive();
                for (Gemm.Engine e : engines()) assertClose(e + " " + p, ref, p.run(e));
            }
    }

    @Test
    void betaZeroOverwritesNanFilledC() {
        for (int[] s : new int[][]{{3, 5, 4}, {65, 130, 257}, {2, 900, 20}})
            for (Gemm.Engine e : engines()) {
                Problem p = new Problem(5, true, false, s[0], s[1], s[2], 0.75, 0.0);
                double[] c = p.c0.clone();
                for (int i = 0; i < p.m; i++) Arrays.fill(c, p.cOff + i * p.ldc, p.cOff + i * p.ldc + p.n, Double.NaN);
                e.gemm(p.transA, p.transB, p.m, p.n, p.k, p.alpha, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb,
                        0.0, c, p.cOff, p.ldc);
                for (double x : c) assertTrue(Double.isFinite(x), e + ": NaN from C leaked with beta = 0");
                assertClose(e + " " + p, p.naive(), c);
            }
    }

    @Test
    void alphaZeroOrEmptySumOnlyScalesC() {
        for (Gemm.Engine e : engines()) {
            double[] a = {Double.NaN, 1, 2, 3}, b = {Double.NaN, 4, 5, 6};
            double[] c = {1, 2, 3, 4};
            e.gemm(false, false, 2, 2, 2, 0.0, a, 0, 2, b, 0, 2, 3.0, c, 0, 2);
            assertArrayEquals(new double[]{3, 6, 9, 12}, c, 0.0, e + ": alpha = 0 must give beta * C");
            double[] c2 = {1, 2, 3, 4};
            e.gemm(false, false, 2, 2, 0, 1.0, new double[0], 0, 1, new double[0], 0, 2, -1.0, c2, 0, 2);
            assertArrayEquals(new double[]{-1, -2, -3, -4}, c2, 0.0, e + ": k = 0 must give beta * C");
            double[] c3 = {Double.NaN, 2};
            e.gemm(false, false, 1, 2, 0, 1.0, new double[0], 0, 1, new double[0], 0, 2, 0.0, c3, 0, 2);
            assertArrayEquals(new double[]{0, 0}, c3, 0.0, e + ": k = 0, beta = 0 must zero C");
        }
    }

    @Test
    void batchedWithStridesMatchesPerItemProducts() {
        int batch = 5, m = 64, n = 300, k = 64;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(21);
        int lda = k + 2, ldb = n + 3, ldc = n + 1;
        int strideA = m * lda + 5, strideB = k * ldb + 1, strideC = m * ldc + 2;
        double[] a = random(rng, 3 + batch * strideA), b = random(rng, 4 + batch * strideB);
        double[] c0 = random(rng, 1 + batch * strideC);
        for (boolean sharedA : new boolean[]{false, true})
            for (Gemm.Engine e : engines()) {
                int sa = sharedA ? 0 : strideA;
                double[] c = c0.clone();
                e.gemmBatched(batch, false, false, m, n, k, 0.5, a, 3, sa, lda, b, 4, strideB, ldb, 2.0, c, 1, strideC, ldc);
                double[] expected = c0.clone();
                for (int t = 0; t < batch; t++)
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++) {
                            double s = 0;
                            for (int p = 0; p < k; p++)
                                s += a[3 + t * sa + i * lda + p] * b[4 + t * strideB + p * ldb + j];
                            int at = 1 + t * strideC + i * ldc + j;
                            expected[at] = 2.0 * expected[at] + 0.5 * s;
                        }
                assertClose(e + " batched sharedA=" + sharedA, expected, c);
            }
    }

    @Test
    void batchedSumWithFewRowsAndTransposedBGivesTheKernelPathsBits() {
        // m < mr with B transposed is summed as row dot products; rows of C are independent, so the same A padded
        // with extra rows to m >= mr (the kernel path) must give the same bits in its first m rows
        int before = Parallel.threads();
        try {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(34);
            for (int[] s : new int[][]{{1, 128, 7225}, {2, 13, 600}, {3, 6, 256}, {1, 5, 301}}) {
                int m = s[0], n = s[1], k = s[2], batch = 11, rows = 8; // m n k > 1000: both packed, not direct
                for (boolean ta : new boolean[]{false, true}) {
                    double[] aFew = random(rng, batch * m * k), aMany = random(rng, batch * rows * k);
                    for (int q = 0; q < batch; q++) // item q of aFew is the first m rows (or columns) of item q of aMany
                        for (int i = 0; i < m; i++)
                            for (int p = 0; p < k; p++)
                                aFew[q * m * k + (ta ? p * m + i : i * k + p)] = aMany[q * rows * k + (ta ? p * rows + i : i * k + p)];
                    double[] b = random(rng, batch * n * k), c0 = random(rng, rows * n);
                    for (Gemm.Engine e : engines()) {
                        double[] many = c0.clone();
                        e.gemmBatchedSum(batch, ta, true, rows, n, k, 0.7, aMany, 0, rows * k, ta ? rows : k, b, 0, n * k, k, -0.5, many, 0, n);
                        for (int threads = 1; threads <= 2; threads++) {
                            Parallel.setThreads(threads);
                            double[] few = Arrays.copyOf(c0, m * n);
                            e.gemmBatchedSum(batch, ta, true, m, n, k, 0.7, aFew, 0, m * k, ta ? m : k, b, 0, n * k, k, -0.5, few, 0, n);
                            assertArrayEquals(Arrays.copyOf(many, m * n), few, 0.0,
                                    e + " " + Arrays.toString(s) + " transA=" + ta + " threads=" + threads);
                        }
                    }
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void batchedSumMatchesNaiveAndIsBitIdenticalOnAnyThreadCount() {
        // a small C with a long summation (a weight gradient, shared out by items) and a large C (shared out by tiles)
        int before = Parallel.threads();
        try {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(33);
            for (int[] s : new int[][]{{64, 64, 1024}, {9, 13, 11}, {37, 70, 300}, {190, 200, 40}}) {
                int m = s[0], n = s[1], k = s[2], batch = 5;
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    int lda = ta ? m : k, ldb = tb ? k : n;
                    double[] a = random(rng, batch * m * k + 3), b = random(rng, batch * k * n + 2), c0 = random(rng, m * n);
                    for (Gemm.Engine e : engines()) {
                        double[] expected = c0.clone();
                        for (int i = 0; i < expected.length; i++) expected[i] *= -0.5;
                        for (int q = 0; q < batch; q++)
                            naive(ta, tb, m, n, k, 0.7, a, 3 + q * m * k, lda, b, 2 + q * k * n, ldb, 1.0, expected, 0, n);
                        double[] first = null;
                        for (int threads = 1; threads <= 3; threads++) {
                            Parallel.setThreads(threads);
                            double[] c = c0.clone();
                            e.gemmBatchedSum(batch, ta, tb, m, n, k, 0.7, a, 3, m * k, lda, b, 2, k * n, ldb, -0.5, c, 0, n);
                            String what = e + " " + Arrays.toString(s) + " transA=" + ta + " transB=" + tb + " threads=" + threads;
                            assertClose(what, expected, c);
                            if (first == null) first = c;
                            else assertArrayEquals(first, c, 0.0, what + ": differs from 1 thread");
                        }
                    }
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
        double[] c = {1, 2};
        Gemm.gemmBatchedSum(0, false, false, 1, 2, 3, 1.0, new double[3], 0, 0, 3, new double[6], 0, 0, 2, 3.0, c, 0, 2);
        assertArrayEquals(new double[]{3, 6}, c, 0.0, "an empty sum only scales C");
        assertMessage("batch", () -> Gemm.gemmBatchedSum(-1, false, false, 1, 1, 1, 1.0, new double[1], 0, 0, 1,
                new double[1], 0, 0, 1, 0.0, new double[1], 0, 1));
    }

    @Test
    void rowBiasIsAddedOnStoreForEveryPathAndCIsNotRead() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(44);
        // unpacked (tiny), fewer rows than a register tile, packed with edge tiles, several summation blocks (k > KC)
        for (int[] s : new int[][]{{3, 5, 4}, {1, 1300, 30}, {2, 70, 300}, {13, 70, 33}, {9, 40, 600}}) {
            int m = s[0], n = s[1], k = s[2], batch = 3, ldc = n + 2;
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                int lda = ta ? m : k, ldb = tb ? k : n;
                double[] a = random(rng, batch * m * k), b = random(rng, batch * k * n), bias = random(rng, m + 1);
                for (Gemm.Engine e : engines()) {
                    double[] c = new double[batch * m * ldc];
                    Arrays.fill(c, Double.NaN);
                    e.gemmBatchedRowBias(batch, ta, tb, m, n, k, 0.5, a, 0, m * k, lda, b, 0, k * n, ldb, bias, 1, c, 0, m * ldc, ldc);
                    for (int q = 0; q < batch; q++) {
                        double[] expected = new double[m * n];
                        naive(ta, tb, m, n, k, 0.5, a, q * m * k, lda, b, q * k * n, ldb, 0.0, expected, 0, n);
                        double[] got = new double[m * n];
                        for (int i = 0; i < m; i++)
                            for (int j = 0; j < n; j++) {
                                expected[i * n + j] += bias[1 + i];
                                got[i * n + j] = c[q * m * ldc + i * ldc + j];
                            }
                        assertClose(e + " row bias " + Arrays.toString(s) + " item " + q, expected, got);
                        for (int i = 0; i < m; i++)
                            for (int j = n; j < ldc; j++)
                                assertTrue(Double.isNaN(c[q * m * ldc + i * ldc + j]), "padding of C was written");
                    }
                }
            }
        }
        assertMessage("rowBias", () -> Gemm.gemmBatchedRowBias(1, false, false, 3, 2, 2, 1.0, new double[6], 0, 0, 2,
                new double[4], 0, 0, 2, new double[2], 0, new double[6], 0, 0, 2));
    }

    /**
     * Narrow products read untransposed A in place (up to {@link GemmDriver#UNPACKED_A_MAX_TILES} register tiles
     * across: 33 and 64 columns are in place on AVX-512, packed on AVX2); transposed A is always packed. Both feed
     * the kernel the same numbers in the same order, so op(A) = A and op(A) = (A^T)^T must give the same bits, with
     * every epilogue (accumulate, store, store with bias), edge columns and partial row blocks.
     */
    @Test
    void readingAInPlaceGivesTheBitsOfPackingIt() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(45);
        for (int[] s : new int[][]{{1280, 32, 1024}, {130, 29, 600}, {260, 33, 600}, {68, 64, 520}, {64, 8, 256}, {9, 3, 700}, {520, 24, 85}, {132, 16, 40}, {36, 7, 300}}) {
            int m = s[0], n = s[1], k = s[2], ldc = n + 1;
            double[] a = random(rng, m * k), at = new double[k * m], b = random(rng, k * n), bias = random(rng, m);
            for (int i = 0; i < m; i++)
                for (int p = 0; p < k; p++) at[p * m + i] = a[i * k + p];
            double[] c0 = random(rng, m * ldc);
            for (Gemm.Engine e : engines())
                for (boolean transB : new boolean[] {false, true}) {
                    double[] bb = b;
                    if (transB) { // the same B stored transposed
                        bb = new double[n * k];
                        for (int p = 0; p < k; p++)
                            for (int j = 0; j < n; j++) bb[j * k + p] = b[p * n + j];
                    }
                    int ldb = transB ? k : n;
                    for (double beta : new double[] {0.0, 1.0, -0.5}) {
                        double[] inPlace = c0.clone(), packed = c0.clone();
                        e.gemm(false, transB, m, n, k, 1.5, a, 0, k, bb, 0, ldb, beta, inPlace, 0, ldc);
                        e.gemm(true, transB, m, n, k, 1.5, at, 0, m, bb, 0, ldb, beta, packed, 0, ldc);
                        assertArrayEquals(packed, inPlace, 0.0, e + " " + Arrays.toString(s) + " transB=" + transB + " beta=" + beta);
                    }
                    double[] inPlace = new double[2 * m * ldc], packed = new double[2 * m * ldc];
                    e.gemmBatchedRowBias(2, false, transB, m, n, k, 0.75, a, 0, 0, k, bb, 0, 0, ldb, bias, 0, inPlace, 0, m * ldc, ldc);
                    e.gemmBatchedRowBias(2, true, transB, m, n, k, 0.75, at, 0, 0, m, bb, 0, 0, ldb, bias, 0, packed, 0, m * ldc, ldc);
                    assertArrayEquals(packed, inPlace, 0.0, e + " row bias " + Arrays.toString(s) + " transB=" + transB);
                }
        }
    }

    /**
     * A packed block is walked A sliver outside when its summation is short ({@link GemmDriver#ROWS_OUTER_MAX_KC})
     * and B sliver outside otherwise. Each register tile's arithmetic is the same either way, so a driver that never
     * swaps, the default one and one that always swaps must give the same bits: every transpose, every epilogue,
     * edge tiles, several summation blocks and panels wider than the rows-outside limit.
     */
    @Test
    void bothWalksOfAPackedBlockGiveTheSameBits() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(46);
        List<MicroKernel> kernels = new ArrayList<>();
        for (Gemm.Engine e : engines()) kernels.add(e.driver().kernel());
        for (MicroKernel kernel : kernels) {
            GemmDriver never = new GemmDriver(kernel, 0), usual = new GemmDriver(kernel),
                    always = new GemmDriver(kernel, GemmDriver.KC);
            // 1x1 layers of FNO-1D and FNO-2D, a weight gradient, odd sizes, a wide panel, several k blocks
            assertDriversAgree(kernel.name(), new GemmDriver[] {never, usual, always}, new int[][]{{64, 1024, 64},
                    {32, 7225, 32}, {64, 64, 1024}, {37, 301, 45}, {130, 520, 60}, {21, 11, 600}}, 2, false, rng);
        }
    }

    /**
     * Every driver must give the first one's bits on each {@code {m, n, k}} of {@code shapes}, for every transpose,
     * with {@code beta} 0 and 0.5 and with a row bias; with {@code sumsAndSharedA}, also in batched sums and with a
     * row bias and one A shared by the items. Operands have padded leading dimensions.
     */
    private static void assertDriversAgree(String name, GemmDriver[] drivers, int[][] shapes, int batch,
                                           boolean sumsAndSharedA, UniformRandomProvider rng) {
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (boolean transA : new boolean[] {false, true})
                for (boolean transB : new boolean[] {false, true}) {
                    int lda = (transA ? m : k) + 1, ldb = (transB ? k : n) + 2, ldc = n + 3;
                    int strideA = (transA ? k : m) * lda, strideB = (transB ? n : k) * ldb, strideC = m * ldc;
                    double[] a = random(rng, batch * strideA), b = random(rng, batch * strideB);
                    double[] c0 = random(rng, batch * strideC), bias = random(rng, m);
                    String what = name + " " + Arrays.toString(s) + " transA=" + transA + " transB=" + transB;
                    for (double beta : new double[] {0.0, 0.5}) {
                        assertSameBits(drivers, what + " beta=" + beta, d -> {
                            double[] c = c0.clone();
                            d.run(batch, transA, transB, m, n, k, 1.25, a, 0, strideA, lda, b, 0, strideB, ldb, beta, c, 0, strideC, ldc);
                            return c;
                        });
                        if (sumsAndSharedA)
                            assertSameBits(drivers, what + " sum beta=" + beta, d -> {
                                double[] c = c0.clone();
                                d.runSum(batch, transA, transB, m, n, k, 0.5, a, 0, strideA, lda, b, 0, strideB, ldb, beta, c, 0, ldc);
                                return c;
                            });
                    }
                    for (int sharedA = 0; sharedA <= (sumsAndSharedA ? 1 : 0); sharedA++) {
                        int itemStrideA = sharedA == 1 ? 0 : strideA;
                        assertSameBits(drivers, what + " row bias" + (sharedA == 1 ? ", shared A" : ""), d -> {
                            double[] c = new double[batch * strideC];
                            d.run(batch, transA, transB, m, n, k, 0.75, a, 0, itemStrideA, lda, b, 0, strideB, ldb,
                                    0.0, bias, 0, c, 0, strideC, ldc);
                            return c;
                        });
                    }
                }
        }
    }

    /**
     * The three-vector kernel must give the two-vector kernel's bits (same arithmetic contract) on every path: packed
     * and in-place A, all transposes, all epilogues, edge tiles, batched sums and a shared A; and the SIMD engine must
     * pick it exactly when it pads C less (24 columns on AVX-512). Built directly, so it is tested on any machine with
     * the vector module, also where the engine does not offer it.
     */
    @Test
    void wideKernelGivesTheBitsOfTheNarrowOneAndIsPickedForNarrowC() {
        if (!Gemm.simdAvailable()) return;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(48);
        MicroKernel narrowKernel = Gemm.engine(Gemm.Backend.SIMD).driver().kernel();
        GemmDriver[] drivers = {new GemmDriver(narrowKernel), new GemmDriver(new SimdWideMicroKernel())};
        // truncated DFTs of FNO-2D (24 columns, in-place A up to 32), odd widths, a 1x1 layer, a wide panel
        assertDriversAgree("narrow vs wide", drivers, new int[][]{{170, 24, 24}, {48, 24, 85}, {130, 24, 600}, {37, 7, 45},
                {21, 53, 300}, {32, 7225, 32}, {9, 1100, 19}}, 3, true, rng);
        Gemm.Engine simd = Gemm.engine(Gemm.Backend.SIMD);
        if (simd.wideDriver() == null) return; // fewer than 8 lanes: the engine uses the narrow kernel throughout
        int narrowCols = simd.driver().kernel().nr, wideCols = simd.wideDriver().kernel().nr;
        assertEquals(wideCols, 3 * narrowCols / 2);
        assertSame(simd.wideDriver(), simd.driverFor(24), "24 columns in one 24-wide tile");
        assertSame(simd.driver(), simd.driverFor(32), "32 columns fill two 16-wide tiles");
        assertSame(simd.driver(), simd.driverFor(85), "85 columns pad to 96 either way");
        assertSame(simd.driver(), simd.driverFor(7), "7 columns: one 16-wide tile pads less than one 24-wide");
        assertSame(simd.wideDriver(), simd.driverFor(20), "20 columns: 24 padded against 32");
    }

    /** Every driver's result must equal the first driver's, bit for bit. */
    private static void assertSameBits(GemmDriver[] drivers, String what,
                                       java.util.function.Function<GemmDriver, double[]> product) {
        double[] first = product.apply(drivers[0]);
        for (int i = 1; i < drivers.length; i++) assertArrayEquals(first, product.apply(drivers[i]), 0.0, what);
    }

    /**
     * A batch whose items share one A (stride 0, e.g. one DFT matrix for every field) packs each block of A once per
     * thread and call. The result must be the bits of the same A stored once per item, for one and two threads, sums
     * included; and a later call that changes A in the same array must not see the earlier packed copy.
     */
    @Test
    void sharedAGivesTheBitsOfARepeatedPerItemAndIsNotReusedAcrossCalls() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(47);
        int before = Parallel.threads();
        try {
            // the FNO-2D complex-axis product, several A row blocks and summation blocks, edge tiles
            for (int[] s : new int[][]{{48, 24, 85}, {300, 40, 530}, {13, 9, 70}}) {
                int m = s[0], n = s[1], k = s[2], batch = 9;
                for (boolean transA : new boolean[] {false, true}) {
                    int lda = transA ? m : k;
                    double[] a = random(rng, m * k), repeated = new double[batch * m * k];
                    for (int t = 0; t < batch; t++) System.arraycopy(a, 0, repeated, t * m * k, m * k);
                    double[] b = random(rng, batch * k * n);
                    String what = Arrays.toString(s) + " transA=" + transA;
                    for (Gemm.Engine e : engines()) {
                        double[] expected = new double[batch * m * n], expectedSum = new double[m * n];
                        Parallel.setThreads(1);
                        e.gemmBatched(batch, transA, false, m, n, k, 1.0, repeated, 0, m * k, lda, b, 0, k * n, n,
                                0.0, expected, 0, m * n, n);
                        e.gemmBatchedSum(batch, transA, false, m, n, k, 1.0, repeated, 0, m * k, lda, b, 0, k * n, n,
                                0.0, expectedSum, 0, n);
                        for (int threads : new int[] {1, 2}) {
                            Parallel.setThreads(threads);
                            double[] c = new double[batch * m * n], sum = new double[m * n];
                            e.gemmBatched(batch, transA, false, m, n, k, 1.0, a, 0, 0, lda, b, 0, k * n, n,
                                    0.0, c, 0, m * n, n);
                            assertArrayEquals(expected, c, 0.0, e + " " + what + " threads=" + threads);
                            e.gemmBatchedSum(batch, transA, false, m, n, k, 1.0, a, 0, 0, lda, b, 0, k * n, n,
                                    0.0, sum, 0, n);
                            assertArrayEquals(expectedSum, sum, 0.0, e + " sum " + what + " threads=" + threads);
                        }
                        // new values in the same array (times -2, exact): a stale packed copy gives the old product
                        for (int i = 0; i < a.length; i++) a[i] *= -2;
                        double[] c = new double[batch * m * n];
                        e.gemmBatched(batch, transA, false, m, n, k, 1.0, a, 0, 0, lda, b, 0, k * n, n,
                                0.0, c, 0, m * n, n);
                        for (int i = 0; i < a.length; i++) a[i] /= -2;
                        for (int i = 0; i < c.length; i++) c[i] /= -2;
                        assertArrayEquals(expected, c, 0.0, e + " changed A " + what);
                    }
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void smallBatchedProductsAllTransposes() {
        // 3*5*4 multiply-adds: the unpacked path; 9*13*11: the packed path with partial tiles
        for (int[] s : new int[][]{{3, 5, 4}, {9, 13, 11}})
            smallBatched(s[0], s[1], s[2]);
    }

    private static void smallBatched(int m, int n, int k) {
        int batch = 7;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(8);
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            int lda = ta ? m : k, ldb = tb ? k : n;
            double[] a = random(rng, batch * m * k), b = random(rng, batch * k * n);
            for (Gemm.Engine e : engines()) {
                double[] c = new double[batch * m * n];
                Arrays.fill(c, Double.NaN);
                e.gemmBatched(batch, ta, tb, m, n, k, 1.0, a, 0, m * k, lda, b, 0, k * n, ldb, 0.0, c, 0, m * n, n);
                for (int q = 0; q < batch; q++) {
                    double[] one = new double[m * n];
                    naive(ta, tb, m, n, k, 1.0, a, q * m * k, lda, b, q * k * n, ldb, 0.0, one, 0, n);
                    assertClose(e + " item " + q, one, Arrays.copyOfRange(c, q * m * n, (q + 1) * m * n));
                }
            }
        }
    }

    @Test
    void bitIdenticalForOneAndTwoThreads() {
        int before = Parallel.threads();
        try {
            for (Gemm.Engine e : engines()) {
                for (int t = 0; t < 4; t++) {
                    Problem p = new Problem(40 + t, (t & 1) != 0, (t & 2) != 0, 301, 707, 515, 0.9, 0.3);
                    Problem few = new Problem(50 + t, (t & 1) != 0, (t & 2) != 0, 2, 3000, 200, 0.9, 0.3);
                    for (Problem q : new Problem[] {p, few}) {
                        Parallel.setThreads(1);
                        double[] one = q.run(e);
                        Parallel.setThreads(2);
                        double[] two = q.run(e);
                        assertArrayEquals(one, two, 0.0, e + " " + q + ": 1 vs 2 threads differ");
                    }
                }
                int batch = 6, m = 64, n = 1024, k = 64;
                UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(9);
                double[] a = random(rng, m * k), b = random(rng, batch * k * n);
                double[][] out = new double[2][];
                for (int threads = 1; threads <= 2; threads++) {
                    Parallel.setThreads(threads);
                    double[] c = new double[batch * m * n];
                    e.gemmBatched(batch, false, false, m, n, k, 1.0, a, 0, 0, k, b, 0, k * n, n, 0.0, c, 0, m * n, n);
                    out[threads - 1] = c;
                }
                assertArrayEquals(out[0], out[1], 0.0, e + ": batched 1 vs 2 threads differ");
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void tilesAreSplitUntilTheThreadsShareThemEvenly() {
        assertFalse(GemmDriver.balanced(5, 2), "five tiles on two threads idle one a sixth of the time");
        assertTrue(GemmDriver.balanced(10, 2));
        assertTrue(GemmDriver.balanced(9, 2), "one idle slot in ten is within an eighth");
        assertFalse(GemmDriver.balanced(4, 3));
        assertTrue(GemmDriver.balanced(8, 3));
        assertTrue(GemmDriver.balanced(5, 1));
        // FNO-1D's transform to the modes, five row tiles before the split: the same bits on 1, 2 and 3 threads
        int before = Parallel.threads();
        try {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(61);
            int m = 1280, n = 33, k = 1024;
            double[] a = random(rng, m * k), b = random(rng, k * n);
            for (Gemm.Engine e : engines()) {
                Parallel.setThreads(1);
                double[] one = new double[m * n];
                e.gemm(false, false, m, n, k, 1.0, a, 0, k, b, 0, n, 0.0, one, 0, n);
                double[] expected = new double[m * n];
                naive(false, false, m, n, k, 1.0, a, 0, k, b, 0, n, 0.0, expected, 0, n);
                assertClose(e + " against the naive product", expected, one);
                for (int threads = 2; threads <= 3; threads++) {
                    Parallel.setThreads(threads);
                    double[] c = new double[m * n];
                    e.gemm(false, false, m, n, k, 1.0, a, 0, k, b, 0, n, 0.0, c, 0, n);
                    assertArrayEquals(one, c, 0.0, e + ": 1 vs " + threads + " threads differ");
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void badArgumentsAreRejectedWithNames() {
        double[] a = new double[12], b = new double[12], c = new double[12];
        Gemm.Engine e = Gemm.engine(Gemm.Backend.PORTABLE);
        assertMessage("negative", () -> e.gemm(false, false, -1, 3, 4, 1, a, 0, 4, b, 0, 3, 0, c, 0, 3));
        assertMessage("leading dimension of A", () -> e.gemm(false, false, 3, 3, 4, 1, a, 0, 3, b, 0, 3, 0, c, 0, 3));
        assertMessage("leading dimension of B", () -> e.gemm(false, true, 3, 3, 4, 1, a, 0, 4, b, 0, 3, 0, c, 0, 3));
        assertMessage("A (3 x 4, offset 1", () -> e.gemm(false, false, 3, 3, 4, 1, a, 1, 4, b, 0, 3, 0, c, 0, 3));
        assertMessage("C (3 x 3, offset 4", () -> e.gemm(false, false, 3, 3, 4, 1, a, 0, 4, b, 0, 3, 0, c, 4, 3));
        assertMessage("offset of B is negative", () -> e.gemm(false, false, 3, 3, 4, 1, a, 0, 4, b, -1, 3, 0, c, 0, 3));
        assertMessage("B must not be null", () -> e.gemm(false, false, 3, 3, 4, 1, a, 0, 4, null, 0, 3, 0, c, 0, 3));
        assertMessage("batch must be >= 0", () -> e.gemmBatched(-1, false, false, 1, 1, 1, 1, a, 0, 1, 1, b, 0, 1, 1, 0, c, 0, 1, 1));
        assertMessage("overlap", () -> e.gemmBatched(2, false, false, 2, 2, 1, 1, a, 0, 2, 1, b, 0, 2, 2, 0, c, 0, 3, 2));
        assertMessage("C (2 x 2, offset 10", () -> e.gemmBatched(3, false, false, 2, 2, 1, 1, a, 0, 2, 1, b, 0, 2, 2, 0, c, 0, 5, 2));
        assertMessage("A (2 x 1, offset 12", () -> e.gemmBatched(3, false, false, 2, 2, 1, 1, a, 0, 6, 1, b, 0, 2, 2, 0, c, 0, 4, 2));
        assertMessage("backend must not be null", () -> Gemm.engine(null));
    }

    private static void assertMessage(String fragment, Runnable call) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(ex.getMessage().contains(fragment), "message '" + ex.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void defaultBackendIsSimdWhenTheVectorModuleIsPresentAndCanBeSwitched() {
        boolean moduleLoaded = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(moduleLoaded, Gemm.simdAvailable());
        Gemm.Backend before = Gemm.backend();
        if (System.getProperty("neuralop4j.gemm") == null)
            assertEquals(moduleLoaded ? Gemm.Backend.SIMD : Gemm.Backend.PORTABLE, before);
        try {
            Gemm.setBackend(Gemm.Backend.PORTABLE);
            assertEquals(Gemm.Backend.PORTABLE, Gemm.backend());
            double[] c = new double[1];
            Gemm.gemm(false, false, 1, 1, 1, 1, new double[]{3}, 0, 1, new double[]{4}, 0, 1, 0, c, 0, 1);
            assertEquals(12.0, c[0], 0.0);
        } finally {
            Gemm.setBackend(before);
        }
    }

    /** Runs in a child JVM started without the vector module: the portable path must work and SIMD stay unloaded. */
    public static void main(String[] args) {
        double[] c = new double[4];
        Gemm.gemm(false, false, 2, 2, 2, 1, new double[]{1, 2, 3, 4}, 0, 2, new double[]{5, 6, 7, 8}, 0, 2, 0, c, 0, 2);
        System.out.println(Gemm.backend() + " " + Gemm.simdAvailable() + " " + Arrays.toString(c));
    }

    @Test
    void portablePathWorksOnJvmWithoutVectorModule() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process proc = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), GemmTest.class.getName())
                .redirectErrorStream(true).start();
        String out;
        try (InputStream in = proc.getInputStream()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            out = buf.toString(StandardCharsets.UTF_8).trim();
        }
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, proc.exitValue(), out);
        assertEquals("PORTABLE false [19.0, 22.0, 43.0, 50.0]", out);
    }
}
