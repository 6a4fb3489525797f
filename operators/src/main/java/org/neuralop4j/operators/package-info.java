/**
 * Neural operators: the FNO ({@code fno}), DeepONet ({@code deeponet}), the graph kernel network ({@code gno}), the
 * nonlocal kernel network ({@code nkn}), the low-rank neural operator ({@code lno}) and fractional-Laplacian layers
 * ({@code nonlocal}).
 *
 * <p>{@link org.neuralop4j.operators.OperatorModels} writes and reads checkpoints: safetensors weights with
 * {@code __metadata__ = {"neuralop4j.model": type, "config": JSON}} (as the FNO's model files), so a file alone rebuilds its model.
 */
package org.neuralop4j.operators;
