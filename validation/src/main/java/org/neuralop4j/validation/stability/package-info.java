/**
 * Stability checks for any {@link org.neuralop4j.core.autodiff.DifferentiableMap}: random-perturbation amplification,
 * worst-case perturbation search by projected gradient ascent with Nesterov momentum (the attack used in
 * Colbrook, Antun &amp; Hansen, "The difficulty of computing stable and accurate neural networks", PNAS 2022,
 * arXiv:2101.08286), and local Lipschitz estimates (search over radii, power iteration on the Jacobian).
 *
 * <p>All quantities are Euclidean norms of the flattened tensors; complex data stored as interleaved real arrays
 * therefore uses the complex 2-norm without any special handling.
 */
package org.neuralop4j.validation.stability;
