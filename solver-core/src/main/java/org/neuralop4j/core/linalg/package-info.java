/**
 * Dense linear-algebra kernels on row-major {@code double[]} storage.
 *
 * <p>{@link org.neuralop4j.core.linalg.Gemm} is the one matrix-multiply facade of the library:
 * {@code C = alpha * op(A) * op(B) + beta * C} with BLAS-style offsets and leading dimensions, single and batched,
 * cache-blocked and packed after Goto and van de Geijn (ACM TOMS 34(3), 2008, doi:10.1145/1356052.1356053), with a
 * JDK Vector API micro-kernel when {@code jdk.incubator.vector} is present and a portable one otherwise. Results are
 * bit-identical for any thread count of {@link org.neuralop4j.core.Parallel}.
 */
package org.neuralop4j.core.linalg;
