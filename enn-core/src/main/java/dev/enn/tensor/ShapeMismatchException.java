package dev.enn.tensor;

import java.util.Arrays;

/**
 * Thrown when a tensor's shape does not fit an operation or a model. The message names the
 * operation, the expected and the actual shape, and a hint where a common mistake is known.
 */
public class ShapeMismatchException extends IllegalArgumentException {
    private final int[] expected;
    private final int[] actual;

    /**
     * Creates the exception.
     *
     * @param message full message, including both shapes and a hint
     * @param expected expected shape, or {@code null} when no single shape is expected
     * @param actual shape that was given
     */
    public ShapeMismatchException(String message, int[] expected, int[] actual) {
        super(message);
        this.expected = expected == null ? null : expected.clone();
        this.actual = actual == null ? null : actual.clone();
    }

    /** Returns the expected shape, or {@code null} when the check had no single expected shape. */
    public int[] expected() {
        return expected == null ? null : expected.clone();
    }

    /** Returns the shape that was given. */
    public int[] actual() {
        return actual == null ? null : actual.clone();
    }

    static String format(int[] shape) {
        return Arrays.toString(shape);
    }
}
