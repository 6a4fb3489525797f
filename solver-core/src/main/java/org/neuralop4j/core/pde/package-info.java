/**
 * Classical PDE solvers that make training data and serve as ground truth.
 *
 * <ul>
 *   <li>{@link org.neuralop4j.core.pde.GaussianRandomField}: {@code N(0, sigma^2 (-Laplacian + tau^2)^(-alpha))}
 *       on periodic grids (FFT) and on vertex grids with zero-Neumann (cosine) or Dirichlet (sine) bases.</li>
 *   <li>{@link org.neuralop4j.core.pde.BurgersSolver}: 1-D viscous Burgers, pseudo-spectral ETDRK4 (4th order).</li>
 *   <li>{@link org.neuralop4j.core.pde.DarcySolver}: 2-D Darcy flow, 5-point finite differences (2nd order),
 *       multigrid-preconditioned conjugate gradients.</li>
 *   <li>{@link org.neuralop4j.core.pde.NavierStokes2d}: 2-D vorticity on the torus, pseudo-spectral,
 *       RK3/Crank–Nicolson (2nd order), 2/3 dealiasing.</li>
 *   <li>{@link org.neuralop4j.core.pde.AntiderivativeData}: DeepONet's antiderivative operator with exact labels.</li>
 *   <li>{@link org.neuralop4j.core.pde.SpectralPoisson}: {@code (-Laplacian)^s u = f} on periodic grids.</li>
 * </ul>
 *
 * <p>Grid conventions: periodic problems use {@code x_j = j/n}, {@code j = 0..n-1}; Darcy and the Neumann/Dirichlet
 * fields use the vertex grid {@code x_j = j/(n-1)} including both boundary nodes. 2-D arrays are row-major with
 * the first index along x. Randomness comes only from the generators passed in; data sets derive them per sample
 * with {@link org.neuralop4j.core.pde.SampleStreams}. Data-set generation and files: {@code core.pde.data}.
 */
package org.neuralop4j.core.pde;
