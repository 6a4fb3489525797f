/**
 * Benchmarks behind {@code neuralop4j bench ...}. Each measures its reference implementations in the same run
 * (these machines are shared and noisy, so only same-run ratios are meaningful) and checks that every
 * implementation computed the same result before reporting its speed.
 */
package org.neuralop4j.validation.bench;
