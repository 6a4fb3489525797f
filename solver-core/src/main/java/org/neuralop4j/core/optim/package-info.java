/**
 * First-order optimizers with PyTorch's update rules and defaults ({@link org.neuralop4j.core.optim.SGD},
 * {@link org.neuralop4j.core.optim.Adam}, {@link org.neuralop4j.core.optim.AdamW}), learning-rate schedules
 * ({@link org.neuralop4j.core.optim.LrSchedule}) and global-norm gradient clipping
 * ({@link org.neuralop4j.core.optim.GradClip}). Optimizer state saves to and restores from named tensors, so
 * training resumes exactly from a checkpoint.
 */
package org.neuralop4j.core.optim;
