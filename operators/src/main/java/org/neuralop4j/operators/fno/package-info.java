/**
 * The Fourier Neural Operator (Li, Kovachki, Azizzadenesheli, Liu, Bhattacharya, Stuart, Anandkumar,
 * "Fourier Neural Operator for Parametric Partial Differential Equations", ICLR 2021, arXiv:2010.08895).
 *
 * <p>{@link org.neuralop4j.operators.fno.SpectralConvolution} is the fused spectral convolution op (1-3 spatial
 * axes, hand-written adjoint, FFT or truncated-DFT-as-GEMM transforms) and states the mode and weight layout
 * convention shared with the original PyTorch code.
 */
package org.neuralop4j.operators.fno;
