package dev.enn.attention;

import dev.enn.tensor.Tensor;

/**
 * Output of an attention layer together with the attention weights that produced it.
 *
 * <p>The weights are the ones that multiplied the values, so in training mode they include
 * dropout (dropped entries are 0, kept ones are scaled by 1/(1−p)); in evaluation mode every
 * row that has a visible key sums to 1. Both tensors are part of the autograd graph when the
 * inputs or parameters require gradients.
 *
 * @param output the layer's output; shape documented by the layer
 * @param weights attention weights, {@code [B, A, Lq, Lk]} for the multi-head layers
 *     (A heads, Lq queries, Lk keys) and {@code [B, L]} for pooling
 */
public record AttentionResult(Tensor output, Tensor weights) {
}
