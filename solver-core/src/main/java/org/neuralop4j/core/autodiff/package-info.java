/**
 * Reverse-mode automatic differentiation over {@link org.neuralop4j.core.Tensor}s.
 *
 * <p>A {@link org.neuralop4j.core.autodiff.Var} holds a value and, after
 * {@link org.neuralop4j.core.autodiff.Var#backward()}, a gradient. Ops are static methods grouped by kind:
 * {@link org.neuralop4j.core.autodiff.Ops} (broadcasting arithmetic, elementwise functions, activations,
 * reductions), {@link org.neuralop4j.core.autodiff.LinearOps} (matmul, dense layer, channel mixing of fields),
 * {@link org.neuralop4j.core.autodiff.ChannelMlp} (a two-layer channel MLP as one node: an FNO's projection),
 * {@link org.neuralop4j.core.autodiff.ShapeOps} (reshape, permute, concat, slice, gather, pad, crop) and
 * {@link org.neuralop4j.core.autodiff.Losses} (MSE, relative Lp, relative H1). Every op has a hand-written
 * vector-Jacobian product that is checked against central finite differences by
 * {@link org.neuralop4j.core.autodiff.GradCheck} in the tests. Inside
 * {@link org.neuralop4j.core.autodiff.GradMode#noGrad()} no graph is recorded.
 *
 * <p>Ops never modify their inputs. Parallel kernels cut work by size only, so results are bit-identical for any
 * thread count.
 */
package org.neuralop4j.core.autodiff;
