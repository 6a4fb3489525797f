/**
 * Neural-network building blocks in PyTorch's conventions: {@link org.neuralop4j.core.nn.Module} (named parameters
 * and submodules, hierarchical names such as {@code layers.0.weight}, strict state dicts),
 * {@link org.neuralop4j.core.nn.Parameter}, {@link org.neuralop4j.core.nn.Linear} (weight {@code (out, in)}),
 * {@link org.neuralop4j.core.nn.ChannelLinear} (1x1 convolution of fields), {@link org.neuralop4j.core.nn.MLP},
 * {@link org.neuralop4j.core.nn.Activation}, seeded initialisers {@link org.neuralop4j.core.nn.Init}, and the
 * single-input {@link org.neuralop4j.core.nn.Model} interface that the trainer fits, and
 * {@link org.neuralop4j.core.nn.ActivationHook} for observing or rewriting internal activations at inference.
 */
package org.neuralop4j.core.nn;
