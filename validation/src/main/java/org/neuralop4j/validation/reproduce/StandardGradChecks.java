package org.neuralop4j.validation.reproduce;

import org.neuralop4j.core.Tensor;
import org.neuralop4j.core.autodiff.LinearOps;
import org.neuralop4j.core.autodiff.Losses;
import org.neuralop4j.core.autodiff.Ops;
import org.neuralop4j.core.nn.Activation;
import org.neuralop4j.core.nn.MLP;
import org.neuralop4j.inverse.SamplingMask;
import org.neuralop4j.inverse.SubsampledFourier;
import org.neuralop4j.operators.fno.FnoConfig;
import org.neuralop4j.operators.nonlocal.FractionalLaplacian;
import org.neuralop4j.validation.bounds.GradCheckRegistry;
import org.neuralop4j.validation.stability.FftConvolutionMap;
import org.neuralop4j.validation.stability.MatrixMap;
import org.neuralop4j.validation.stability.TanhDenseMap;
import org.neuralop4j.validation.stability.TikhonovProblem;
import org.neuralop4j.validation.studies.UNet2d;
import org.neuralop4j.validation.studies.ZeroFilledPostProcessor;

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

        // core autodiff ops and models (each also has its own unit test; here they are re-checked in every report)
        r.register("LinearOps.linear (x W^T + b)", v -> LinearOps.linear(v[0], v[1], v[2]),
                () -> new Tensor[] {Tensor.randn(50, 3, 4), Tensor.randn(51, 5, 4), Tensor.randn(52, 5)}, 1e-6);
        r.register("LinearOps.channelLinear (1x1 convolution)", v -> LinearOps.channelLinear(v[0], v[1], v[2]),
                () -> new Tensor[] {Tensor.randn(53, 2, 3, 6), Tensor.randn(54, 4, 3), Tensor.randn(55, 4)}, 1e-6);
        r.register("LinearOps.matmul (batched)", v -> LinearOps.matmul(v[0], v[1]),
                () -> new Tensor[] {Tensor.randn(56, 2, 3, 4), Tensor.randn(57, 2, 4, 5)}, 1e-6);
        r.register("Ops gelu . silu . tanh", v -> Ops.gelu(Ops.silu(Ops.tanh(v[0]))), () -> new Tensor[] {Tensor.randn(58, 2, 7)}, 1e-6);
        r.register("Losses.relativeL2", v -> Losses.relativeL2(v[0], v[1]),
                () -> new Tensor[] {Tensor.randn(59, 2, 1, 8), Tensor.randn(60, 2, 1, 8)}, 1e-6);
        r.register("Losses.relativeH1 (2-D)", v -> Losses.relativeH1(v[0], v[1]),
                () -> new Tensor[] {Tensor.randn(61, 2, 1, 6, 5), Tensor.randn(62, 2, 1, 6, 5)}, 1e-6);
        MLP mlp = new MLP(new int[] {4, 8, 8, 3}, Activation.GELU, false, 63);
        r.register("nn.MLP 4-8-8-3 GELU (input gradient)", v -> mlp.forward(v[0]), () -> new Tensor[] {Tensor.randn(64, 5, 4)}, 1e-6);
        // operators: fractional Laplacian layer, gradient in the field, the order s and the channel weights
        r.register("FractionalLaplacian (-Delta)^s layer (x, s, w)",
                v -> FractionalLaplacian.apply(v[0], v[1], v[2], 1.0, FractionalLaplacian.Direction.FORWARD),
                () -> new Tensor[] {Tensor.randn(65, 2, 2, 8), Tensor.scalar(0.7), Tensor.randn(66, 2)}, 1e-6);
        // trained reconstructions of the trained-vs-FIRENET study: the zero-filled adjoint layer, the U-Net's 3x3
        // convolution (input, weight, bias) and both whole post-processors, adjoint layer included
        SubsampledFourier fourier = new SubsampledFourier(SamplingMask.variableDensity(new int[] {8, 8}, SamplingMask.Spectrum.FOURIER, 0.45, 7));
        int m2 = 2 * fourier.rangeSize();
        r.register("zero-filled adjoint layer [Re, Im] A^H y (8x8 Fourier)", v -> ZeroFilledPostProcessor.adjointLayer(fourier, 8, v[0]),
                () -> new Tensor[] {Tensor.randn(67, 2, m2)}, 1e-6);
        r.register("U-Net 3x3 convolution (x, weight, bias)", v -> UNet2d.conv3x3(v[0], v[1], v[2]),
                () -> new Tensor[] {Tensor.randn(68, 2, 2, 5, 4), Tensor.randn(69, 3, 18), Tensor.randn(70, 3)}, 1e-6);
        FnoConfig small = FnoConfig.builder().inChannels(2).width(4).modes(3, 3).layers(2).projectionWidth(6).build();
        r.registerMap("zero-filled + FNO post-processor (8x8)", ZeroFilledPostProcessor.fno(fourier, 8, small, 71).asDifferentiableMap(),
                () -> Tensor.randn(72, 1, m2), 1e-6);
        r.registerMap("zero-filled + U-Net post-processor (8x8)", ZeroFilledPostProcessor.uNet(fourier, 8, 3, 2, 73).asDifferentiableMap(),
                () -> Tensor.randn(74, 1, m2), 1e-6);
        return r;
    }
}
