package dev.enn.loss;

import dev.enn.tensor.Tensor;

/**
 * A training objective: maps a model's prediction and the target to a scalar that gradients flow
 * back from.
 */
@FunctionalInterface
public interface Loss {
    /**
     * Computes the loss. The result records gradients with respect to {@code prediction} when
     * {@code prediction} requires one and gradients are enabled on the current thread.
     *
     * @param prediction model output, in the shape each implementation documents. Not modified.
     * @param target expected values or class indices. Not modified.
     * @return a rank-0 tensor
     * @throws IllegalArgumentException if the shapes or values do not fit this loss
     */
    Tensor compute(Tensor prediction, Tensor target);
}
