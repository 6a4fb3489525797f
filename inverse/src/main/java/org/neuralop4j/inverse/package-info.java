/**
 * Inverse problems: reconstruct a signal or image from few noisy linear measurements with networks that are
 * constructed, not trained, and are provably accurate and stable.
 *
 * <p><b>Complex data convention.</b> Every vector in this package is complex and stored <em>interleaved</em> in a
 * flat {@code double[]}: entry {@code k} is {@code (v[2k], v[2k+1]) = (re, im)}. A "size" is always a count of
 * complex entries, so an array of size {@code n} has length {@code 2n}. Real signals simply have zero imaginary
 * parts. Inner products are {@code <x, y> = sum_k x_k conj(y_k)}; the real inner product of the interleaved
 * arrays is its real part, which is why the complex adjoint {@code A^H} is also the transpose of {@code A} seen as a
 * real-linear map {@code R^{2n} -> R^{2m}} (what vector-Jacobian products need).
 *
 * <p>Pieces: {@link org.neuralop4j.inverse.LinearOperator} and measurement operators (subsampled unitary Fourier
 * and Walsh-Hadamard transforms, Gaussian matrices) with {@link org.neuralop4j.inverse.SamplingMask}s; orthonormal
 * periodic wavelets ({@link org.neuralop4j.inverse.WaveletTransform}) and the discrete gradient; proximal maps
 * ({@link org.neuralop4j.inverse.Prox}); solvers: Chambolle-Pock for the weighted square-root LASSO
 * ({@link org.neuralop4j.inverse.SqrtLassoPrimalDual}), FIRENET ({@link org.neuralop4j.inverse.Firenet};
 * Colbrook, Antun and Hansen, PNAS 2022, arXiv:2101.08286), WARPd ({@link org.neuralop4j.inverse.Warpd}; Colbrook,
 * SIAM J. Imaging Sci. 2022, arXiv:2110.12437), ISTA/FISTA ({@link org.neuralop4j.inverse.Ista}).
 */
package org.neuralop4j.inverse;
