package org.neuralop4j.validation.bench;

import java.util.ArrayList;
import java.util.List;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.linalg.Gemm;

/**
 * Only the matrix products of one training step of {@code bench fno}, timed through this library's {@link Gemm}:
 * the twin of the bundled {@code fno_gemm_floor.py} ({@link ReferenceScripts#gemmFloor}), which times the same list
 * through OpenBLAS. Set side by side in one sitting, the two say how our products compare with OpenBLAS's on the very
 * shapes of the step, and how much of the step is products at all.
 *
 * <p>The list is the script's, product for product (batch 20, 4 Fourier layers, projection width 128, the truncated
 * DFTs as products axis by axis, the complex mode mixing as one real product of twice the width per mode): each
 * {@code (m x k)(k x n)} product is run {@code count} times on the same operands, untransposed, as the script does.
 * Nothing else of the step runs (no activation, no optimizer), and the real step's operands differ from item to item
 * and some are transposed, so this is a floor for the step's products, not their time inside the step.
 */
public final class StepProducts {
    private StepProducts() {}

    static final int BATCH = 20, LAYERS = 4, PROJECTION = 128;

    /** {@code count} products of an {@code (m x k)} by a {@code (k x n)} matrix. */
    record Product(int m, int k, int n, int count) {
        double flops() {
            return 2.0 * m * k * n * count;
        }
    }

    /** The products of one {@code bench fno} training step with {@code dims} spatial dimensions (1 or 2). */
    static List<Product> of(int dims) {
        if (dims != 1 && dims != 2) throw new IllegalArgumentException("bench fno has 1-D and 2-D steps, not " + dims + "-D");
        int width = dims == 1 ? 64 : 32, n = dims == 1 ? 1024 : 85, modes = dims == 1 ? 16 : 12;
        int points = dims == 1 ? n : n * n, kept = dims == 1 ? modes : modes * 2 * modes, inputs = 1 + dims;
        List<Product> p = new ArrayList<>();
        p.add(new Product(width, inputs, points, BATCH)); // lifting, forward
        p.add(new Product(width, points, inputs, BATCH)); // lifting, weight gradient
        for (int layer = 0; layer < LAYERS; layer++) {
            addDftProducts(p, width, n, modes, dims);
            p.add(new Product(BATCH, 2 * width, 2 * width, kept)); // mode mixing
            p.add(new Product(2 * width, BATCH, 2 * width, kept)); // its weight gradient
            p.add(new Product(BATCH, 2 * width, 2 * width, kept)); // its input gradient
            p.add(new Product(width, width, points, BATCH)); // 1x1 skip
            p.add(new Product(width, points, width, BATCH)); // its weight gradient
            p.add(new Product(width, width, points, BATCH)); // its input gradient
        }
        p.add(new Product(PROJECTION, width, points, BATCH));
        p.add(new Product(PROJECTION, points, width, BATCH));
        p.add(new Product(width, PROJECTION, points, BATCH));
        p.add(new Product(1, PROJECTION, points, BATCH));
        p.add(new Product(1, points, PROJECTION, BATCH));
        p.add(new Product(PROJECTION, 1, points, BATCH));
        return p;
    }

    /** To the modes and back, then both again for the backward pass (the adjoints have the same shapes). */
    private static void addDftProducts(List<Product> p, int width, int n, int modes, int dims) {
        int lines = BATCH * width * (dims == 1 ? 1 : n);
        for (int pass = 0; pass < 2; pass++) {
            p.add(new Product(lines, n, 2 * modes, 1));
            p.add(new Product(lines, 2 * modes, n, 1));
            if (dims == 2) { // the first axis: 2m + 1 cosines and sines for the 2m kept frequencies +-f
                p.add(new Product(2 * modes + 1, n, 2 * modes, BATCH * width));
                p.add(new Product(n, 2 * modes + 1, 2 * modes, BATCH * width));
            }
        }
    }

    /** @return the GFLOP of the products of one step with {@code dims} spatial dimensions */
    public static double gflop(int dims) {
        return flops(of(dims)) / 1e9;
    }

    static double flops(List<Product> products) {
        double f = 0;
        for (Product p : products) f += p.flops();
        return f;
    }

    /**
     * Times the products of one step: {@code warmups} untimed runs of the whole list, then {@code reps} timed ones.
     * @return the wall time of each timed run of the list, in milliseconds, in the order run
     * @throws IllegalArgumentException if {@code dims} is not 1 or 2, {@code reps < 1} or {@code warmups < 0}
     */
    public static double[] timeMs(int dims, int warmups, int reps) {
        return timeMs(of(dims), warmups, reps);
    }

    static double[] timeMs(List<Product> products, int warmups, int reps) {
        if (reps < 1 || warmups < 0) throw new IllegalArgumentException("need reps >= 1 and warmups >= 0, got " + reps + ", " + warmups);
        double[][][] operands = new double[products.size()][][];
        for (int i = 0; i < products.size(); i++) {
            Product p = products.get(i);
            operands[i] = new double[][] {Tensor.randn(2L * i + 1, p.m() * p.k()).data(),
                    Tensor.randn(2L * i + 2, p.k() * p.n()).data(), new double[p.m() * p.n()]};
        }
        double[] ms = new double[reps];
        for (int r = -warmups; r < reps; r++) {
            long t = System.nanoTime();
            for (int i = 0; i < products.size(); i++) run(products.get(i), operands[i][0], operands[i][1], operands[i][2]);
            if (r >= 0) ms[r] = (System.nanoTime() - t) / 1e6;
        }
        return ms;
    }

    /** {@code c = a b}, {@code count} times, as the script's {@code np.matmul(a, b, out=c)}. */
    static void run(Product p, double[] a, double[] b, double[] c) {
        for (int t = 0; t < p.count(); t++)
            Gemm.gemm(false, false, p.m(), p.n(), p.k(), 1.0, a, 0, p.k(), b, 0, p.n(), 0.0, c, 0, p.n());
    }
}
