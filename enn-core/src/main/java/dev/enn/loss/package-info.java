/**
 * Loss functions: each maps a prediction and a target to a differentiable scalar.
 *
 * <p>{@link dev.enn.loss.MseLoss} compares predictions and targets of equal shape.
 * {@link dev.enn.loss.CrossEntropyLoss} takes logits {@code [B, C]} and class indices {@code [B]}
 * stored as doubles. Both average over the batch, as PyTorch's default {@code reduction='mean'}
 * does, and reject inputs that PyTorch would broadcast or read out of range.
 */
package dev.enn.loss;
