package dev.enn.io;

import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * One tensor as read from a model file: the element type it was stored with, its shape and its
 * values converted to {@code double} in row-major order.
 *
 * @param dtype element type in the file
 * @param shape dimensions, outermost first; empty for a scalar
 * @param values row-major values; length is the product of {@code shape}
 */
public record StoredTensor(DType dtype, int[] shape, double[] values) {
    /**
     * Returns a leaf tensor that uses {@link #values()} as storage without copying, so changes
     * to one are visible in the other.
     */
    public Tensor toTensor() {
        return Tensor.wrap(values, shape);
    }

    /** Compares dtype, shape and values as {@link Arrays#equals(double[], double[])} does: NaN equals NaN, 0.0 differs from −0.0. */
    @Override
    public boolean equals(Object other) {
        return other instanceof StoredTensor s && dtype == s.dtype && Arrays.equals(shape, s.shape)
                && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "StoredTensor[" + dtype + " " + Arrays.toString(shape) + ", " + values.length + " values]";
    }
}
