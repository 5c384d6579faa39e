package dev.enn.data;

import dev.enn.tensor.Tensor;

/**
 * One mini-batch.
 *
 * @param inputs {@code [B, T, F]} for sequences, {@code [B, F]} for plain vectors
 * @param targets {@code [B, K]} regression targets, or {@code [B]} class indices stored as doubles
 */
public record Batch(Tensor inputs, Tensor targets) {
    /** Returns the number of samples B. */
    public int size() {
        return inputs.dim(0);
    }
}
