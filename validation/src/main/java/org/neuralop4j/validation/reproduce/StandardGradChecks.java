package org.neuralop4j.validation.reproduce;

import org.neuralop4j.core.Tensor;
import org.neuralop4j.validation.bounds.GradCheckRegistry;
import org.neuralop4j.validation.stability.FftConvolutionMap;
import org.neuralop4j.validation.stability.MatrixMap;
import org.neuralop4j.validation.stability.TanhDenseMap;
import org.neuralop4j.validation.stability.TikhonovProblem;

/**
 * The project's list of gradient checks run by {@code neuralop4j reproduce}. Every differentiable op and model
 * registers here by name (spectral convolution, FNO/DeepONet layers, unrolled solvers as they land), with seeded
 * inputs and a tolerance; 1e-6 suits float64 central differences with {@code h = 1e-5}.
 */
public final class StandardGradChecks {
    private StandardGradChecks() {}

    /** @return a fresh registry with every standard check */
    public static GradCheckRegistry registry() {
        GradCheckRegistry r = new GradCheckRegistry();
        TikhonovProblem tik = TikhonovProblem.create(12, TikhonovProblem.geometricSpectrum(8, 2), 1e-2, 31);
        r.registerMap("matrix-map (Tikhonov reconstruction 12->8)", tik.reconstruction(), () -> Tensor.randn(32, 12), 1e-6);
        Tensor w = Tensor.randn(33, 6, 5);
        r.registerMap("tanh-dense (tanh(Wy), 5->6)", new TanhDenseMap(w), () -> Tensor.randn(34, 5), 1e-6);
        r.registerMap("fft-circular-convolution-1d (2x16)", new FftConvolutionMap(Tensor.randn(35, 16)), () -> Tensor.randn(36, 2, 16), 1e-6);
        r.registerMap("fft-circular-convolution-2d (2x6x5)", new FftConvolutionMap(Tensor.randn(37, 6, 5)), () -> Tensor.randn(38, 2, 6, 5), 1e-6);
        // a two-op graph: gradients must flow through Var.backward across ops, not only through one vjp
        TanhDenseMap lift = new TanhDenseMap(Tensor.randn(39, 16, 12).scaleInPlace(0.3));
        FftConvolutionMap conv = new FftConvolutionMap(Tensor.randn(40, 16));
        MatrixMap read = new MatrixMap(Tensor.randn(41, 3, 16));
        r.register("composite read . conv . tanh-dense (12->3)",
                v -> GradCheckRegistry.asOp(read, GradCheckRegistry.asOp(conv, GradCheckRegistry.asOp(lift, v[0]))),
                () -> new Tensor[] {Tensor.randn(42, 12)}, 1e-6);
        return r;
    }
}
