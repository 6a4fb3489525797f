/**
 * File formats: NumPy {@code .npy}/{@code .npz} for arrays and data sets ({@link org.neuralop4j.core.io.Npy},
 * {@link org.neuralop4j.core.io.Npz}, {@link org.neuralop4j.core.io.NpyArray}), safetensors for model weights with
 * string metadata ({@link org.neuralop4j.core.io.Safetensors}), and all-or-nothing writes
 * ({@link org.neuralop4j.core.io.AtomicFiles}).
 *
 * <p>Every writer goes through {@code AtomicFiles}, so a crash or a failed write never leaves a partial file and
 * never harms the previous version. Every reader rejects a truncated, corrupt or wrongly typed file with a
 * {@link org.neuralop4j.core.FormatException} that names the file and the problem; none of them evaluates code from
 * the file (no pickle). Files written here load in NumPy ({@code numpy.load(..., allow_pickle=False)}) and, for
 * safetensors, follow the published layout that Python's {@code safetensors} package reads.
 */
package org.neuralop4j.core.io;
