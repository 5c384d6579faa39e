package dev.enn.tensor;

/**
 * Result of {@link Tensor#topK}: the selected values (differentiable) and their positions along
 * the reduced axis, in the same layout.
 *
 * @param values {@code [..., K, ...]} with K in place of the reduced axis
 * @param indices positions of the values along the axis, row-major in the layout of {@code values}
 */
public record TopK(Tensor values, int[] indices) {
}
