package org.neuralop4j.validation.studies;

import java.util.List;
import org.neuralop4j.core.Checks;
import org.neuralop4j.core.ShapeMismatchException;
import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.DifferentiableMap;
import org.neuralop4j.core.autodiff.GradMode;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.autodiff.ShapeOps;
import org.neuralop4j.core.autodiff.Var;
import org.neuralop4j.core.nn.Model;
import org.neuralop4j.core.nn.Module;
import org.neuralop4j.core.nn.Parameter;
import org.neuralop4j.core.optim.LrSchedule;
import org.neuralop4j.core.train.SampledMseTraining;
import org.neuralop4j.inverse.LinearOperator;
import org.neuralop4j.operators.fno.Fno;
import org.neuralop4j.operators.fno.FnoConfig;

/**
 * A deep learned post-processor of the zero-filled (adjoint) reconstruction, the kind of trained reconstruction
 * network that Antun et al. (PNAS 2020, arXiv:1902.05300) and Colbrook, Antun &amp; Hansen (PNAS 2022,
 * arXiv:2101.08286) find to be unstable:
 * <pre>
 *   x0 = A^H y                                  (complex n x n image; A: m complex Fourier samples, A A^H = I)
 *   Phi(y) = Re(x0) + N([Re x0, Im x0])          (residual learning: the image network N predicts the correction)
 * </pre>
 * with {@code N} a 2-D Fourier Neural Operator ({@link #fno}; Li et al., arXiv:2010.08895) or a U-Net
 * ({@link #uNet}, {@link UNet2d}), any module mapping {@code (batch, 2, n, n)} to {@code (batch, 1, n, n)}.
 * The adjoint layer {@code L: y -> [Re x0, Im x0]} is real-linear from the interleaved complex {@code y (2m)} to
 * two real channels; its transpose is {@code L^T (u, v) = A (u + i v)} (interleaved), because
 * {@code <L y, (u, v)> = Re <A^H y, u + i v> = Re <y, A (u + i v)>}. It is one autodiff op with that hand-written
 * adjoint ({@link #adjointLayer}), so the whole map has an exact vector-Jacobian product.
 *
 * <p>Shapes: {@code y (batch, 2m)} interleaved complex measurements, output {@code (batch, n*n)} real pixels
 * (row-major). Training ({@link #train}) is Adam on the mean squared pixel error over seeded mini-batches with a
 * cosine learning-rate decay; it updates the network's parameters in place. The measurement operator holds work
 * buffers, so one instance must not be used from several threads at once.
 */
public final class ZeroFilledPostProcessor {
    private final LinearOperator a;
    private final int size, pixels, m2;
    private final Module module;
    private final Model network;

    /**
     * @param a       measurement operator on {@code size x size} complex images (interleaved), e.g. subsampled Fourier
     * @param size    image side {@code n}
     * @param network image network {@code (batch, 2, n, n) -> (batch, 1, n, n)}; its parameters are the trainable ones
     */
    public <N extends Module & Model> ZeroFilledPostProcessor(LinearOperator a, int size, N network) {
        Checks.positive("size", size);
        if (a.domainSize() != size * size)
            throw new IllegalArgumentException("a acts on " + a.domainSize() + " pixels, but size " + size + " means " + size * size);
        this.a = a;
        this.size = size;
        this.pixels = size * size;
        this.m2 = 2 * a.rangeSize();
        this.module = network;
        this.network = network;
    }

    /**
     * An FNO post-processor.
     * @param config FNO with {@code in_channels = 2}, {@code out_channels = 1} and two spatial axes
     * @param seed   initialisation seed
     */
    public static ZeroFilledPostProcessor fno(LinearOperator a, int size, FnoConfig config, long seed) {
        if (config.inChannels() != 2 || config.outChannels() != 1 || config.dimensions() != 2)
            throw new IllegalArgumentException("config must have in_channels 2 (Re, Im of A^H y), out_channels 1 and 2 spatial "
                    + "axes, got " + config);
        return new ZeroFilledPostProcessor(a, size, new Fno(config, seed));
    }

    /**
     * A U-Net post-processor ({@link UNet2d} with 2 input channels and 1 output channel).
     * @param base   channels of the finest level
     * @param levels number of poolings; {@code size} must be divisible by {@code 2^levels}
     */
    public static ZeroFilledPostProcessor uNet(LinearOperator a, int size, int base, int levels, long seed) {
        if (levels < 0 || size % (1 << levels) != 0)
            throw new IllegalArgumentException("size " + size + " must be divisible by 2^levels, levels = " + levels);
        return new ZeroFilledPostProcessor(a, size, new UNet2d(2, 1, base, levels, seed));
    }

    /** @return the image network */
    public Module network() { return module; }

    /** @return the trainable parameters */
    public List<Parameter> parameters() { return module.parameters(); }

    /**
     * The adjoint layer as one autodiff op: {@code y (batch, 2m) -> [Re A^H y, Im A^H y] (batch, 2, n, n)}; its
     * backward pass maps a gradient {@code (u, v)} to {@code A (u + i v)} per sample. Linear, so exact.
     */
    public static Var adjointLayer(LinearOperator a, int size, Var y) {
        if (a.domainSize() != size * size)
            throw new IllegalArgumentException("a acts on " + a.domainSize() + " pixels, but size " + size + " means " + size * size);
        Tensor yv = y.value();
        int m2 = 2 * a.rangeSize(), pixels = size * size;
        if (yv.rank() != 2 || yv.dim(1) != m2) throw new ShapeMismatchException("y", "(batch, " + m2 + ")", yv.shape());
        int batch = yv.dim(0);
        Tensor out = Tensor.zeros(batch, 2, size, size);
        double[] yd = yv.data(), od = out.data(), sample = new double[m2], image = new double[2 * pixels];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(yd, b * m2, sample, 0, m2);
            a.adjoint(sample, image);
            int re = b * 2 * pixels, im = re + pixels;
            for (int p = 0; p < pixels; p++) {
                od[re + p] = image[2 * p];
                od[im + p] = image[2 * p + 1];
            }
        }
        return Var.op(out, g -> {
            Tensor gy = Tensor.zeros(batch, m2);
            double[] gd = g.data(), gyd = gy.data(), img = new double[2 * pixels], meas = new double[m2];
            for (int b = 0; b < batch; b++) {
                int re = b * 2 * pixels, im = re + pixels;
                for (int p = 0; p < pixels; p++) {
                    img[2 * p] = gd[re + p];
                    img[2 * p + 1] = gd[im + p];
                }
                a.apply(img, meas);
                System.arraycopy(meas, 0, gyd, b * m2, m2);
            }
            y.accumulateOwned(gy);
        }, y);
    }

    /**
     * The network as a graph.
     * @param y {@code (batch, 2m)} interleaved complex measurements
     * @return {@code (batch, n*n)} reconstructed pixels
     */
    public Var forward(Var y) {
        Var x0 = adjointLayer(a, size, y);
        int batch = y.value().dim(0);
        Var correction = network.forward(x0);
        return ShapeOps.reshape(Ops.add(ShapeOps.slice(x0, 1, 0, 1), correction), batch, pixels);
    }

    /**
     * @return {@code y -> Phi(y)} on {@code (batch, 2m)} tensors, with the autodiff vector-Jacobian product; the
     *     parameters' accumulated gradients are left as they were
     */
    public DifferentiableMap asDifferentiableMap() {
        DifferentiableMap inner = DifferentiableMap.of(this::forward);
        return new DifferentiableMap() {
            @Override
            public Tensor apply(Tensor y) { return inner.apply(y); }

            @Override
            public Tensor vjp(Tensor y, Tensor cotangent) {
                // an input sensitivity leaves the parameters' accumulated gradients as they were
                List<Parameter> ps = parameters();
                Tensor[] saved = new Tensor[ps.size()];
                for (int i = 0; i < saved.length; i++) {
                    saved[i] = ps.get(i).grad();
                    ps.get(i).zeroGrad(); // the backward pass below would otherwise add into the saved tensors in place
                }
                Tensor g = inner.vjp(y, cotangent);
                for (int i = 0; i < saved.length; i++) {
                    ps.get(i).zeroGrad();
                    if (saved[i] != null) ps.get(i).var().accumulateOwned(saved[i]);
                }
                return g;
            }
        };
    }

    /** Reconstructs one measurement vector ({@code 2m} values) as {@code n*n} pixels, without a graph. */
    @SuppressWarnings("try") // the scope only switches graph recording off
    public double[] apply(double[] y) {
        if (y.length != m2) throw new ShapeMismatchException("y", "(" + m2 + ")", new int[] {y.length});
        try (GradMode.Scope g = GradMode.noGrad()) {
            return forward(Var.constant(Tensor.of(y, 1, m2))).value().data();
        }
    }

    /**
     * Adam on {@code mean (Phi(y) - x)^2} over seeded random mini-batches (with replacement), learning rate
     * {@code learningRate} decayed by a cosine to zero over {@code steps}.
     * @param images       {@code (count, n*n)} true images
     * @param measurements {@code (count, 2m)} their measurements (noiseless or noisy)
     * @return the training loss of each step
     */
    public double[] train(Tensor images, Tensor measurements, int steps, int batch, double learningRate, long seed) {
        return train(images, measurements, steps, batch, learningRate, seed, done -> { });
    }

    /**
     * {@link #train(Tensor, Tensor, int, int, double, long)} that calls {@code afterStep} with the number of steps
     * done after each step (to measure the network while it trains; the callback must not change the parameters).
     */
    public double[] train(Tensor images, Tensor measurements, int steps, int batch, double learningRate, long seed,
                          java.util.function.IntConsumer afterStep) {
        Checks.shape("measurements", measurements, images.dim(0), m2);
        Checks.shape("images", images, measurements.dim(0), pixels);
        Checks.positive("steps", steps);
        return SampledMseTraining.train(parameters(), this::forward, measurements, images, steps, batch, learningRate,
                LrSchedule.cosine(steps, 0), seed, afterStep);
    }

    /** Mean squared pixel error over a data set, {@code batch} samples at a time (no graph). */
    @SuppressWarnings("try") // the scope only switches graph recording off
    public double meanSquaredError(Tensor images, Tensor measurements, int batch) {
        Checks.shape("measurements", measurements, images.dim(0), m2);
        double sum = 0;
        int count = images.dim(0);
        try (GradMode.Scope g = GradMode.noGrad()) {
            for (int from = 0; from < count; from += batch) {
                int to = Math.min(count, from + batch);
                Tensor diff = forward(Var.constant(measurements.slice(from, to))).value().sub(images.slice(from, to));
                sum += diff.dot(diff);
            }
        }
        return sum / ((double) count * pixels);
    }
}
