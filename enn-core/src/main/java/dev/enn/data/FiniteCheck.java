package dev.enn.data;

import dev.enn.tensor.Tensor;
import java.util.Arrays;

/** Rejects NaN and infinite values, naming the first offending element by its index. */
final class FiniteCheck {
    private FiniteCheck() {
    }

    /**
     * Throws if any element of {@code values} is NaN or infinite.
     *
     * @param operation prefix of the message, e.g. {@code "ZScore.fit"}
     * @param values checked tensor. Not modified.
     * @param hint last sentence of the message: what the caller can do about it
     * @throws IllegalArgumentException naming the value, its index and the tensor's shape
     */
    static void requireFinite(String operation, Tensor values, String hint) {
        double[] data = values.dataView();
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new IllegalArgumentException(operation + ": value " + data[i] + " at index "
                        + Arrays.toString(unravel(i, values.shape())) + " of shape "
                        + Arrays.toString(values.shape()) + " is not finite; " + hint);
            }
        }
    }

    /** Converts a row-major flat offset into one index per axis. */
    static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        int rest = flat;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            index[axis] = rest % shape[axis];
            rest /= shape[axis];
        }
        return index;
    }
}
