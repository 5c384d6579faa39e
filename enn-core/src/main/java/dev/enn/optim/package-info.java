/**
 * Optimizers, learning-rate schedules and gradient clipping.
 *
 * <p>{@link dev.enn.optim.Sgd}, {@link dev.enn.optim.Adam} and {@link dev.enn.optim.AdamW} follow
 * the update rules and defaults of PyTorch 2.x ({@code torch.optim.SGD}, {@code Adam},
 * {@code AdamW}). Each keeps per-parameter state (a step count and moment buffers) under the
 * parameter's name, which {@link dev.enn.optim.Optimizer#state()} and
 * {@link dev.enn.optim.Optimizer#loadState(java.util.Map)} expose for checkpoints. A parameter
 * whose gradient is {@code null} is skipped by a step, as PyTorch skips a gradient of
 * {@code None}.
 *
 * <p>{@link dev.enn.optim.GradientClipping} rescales gradients to a maximum global L2 norm, and
 * {@link dev.enn.optim.LearningRateSchedule} implementations map a step or epoch count to a
 * learning rate.
 */
package dev.enn.optim;
