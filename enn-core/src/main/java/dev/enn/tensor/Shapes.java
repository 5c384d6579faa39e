package dev.enn.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by the ops: sizes, axes, strides and broadcasting. */
public final class Shapes {
    private Shapes() {
    }

    /** Returns the number of elements of a tensor of this shape (1 for rank 0). */
    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has a negative dimension; every dimension must be >= 0");
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has more than " + Integer.MAX_VALUE + " elements");
            }
        }
        return (int) n;
    }

    /** Returns the row-major strides of a shape, in elements. */
    public static int[] strides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /**
     * Resolves a possibly negative axis ({@code -1} is the last) against a rank.
     *
     * @throws IllegalArgumentException if the axis is outside [-rank, rank)
     */
    public static int axis(int axis, int rank, String op) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank "
                    + rank + "; valid axes are " + (-rank) + " to " + (rank - 1));
        }
        return a;
    }

    /** Returns the product of the dimensions before {@code axis}. */
    static int outer(int[] shape, int axis) {
        int n = 1;
        for (int i = 0; i < axis; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** Returns the product of the dimensions after {@code axis}. */
    static int inner(int[] shape, int axis) {
        int n = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }

    /**
     * Returns the broadcast shape of two shapes under NumPy rules (align on the right; a
     * dimension of 1 stretches).
     *
     * @throws ShapeMismatchException if a dimension pair is neither equal nor contains a 1
     */
    public static int[] broadcast(int[] a, int[] b, String op) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new ShapeMismatchException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " cannot be broadcast (dimension " + i + " is " + da + " vs " + db
                        + "); dimensions must be equal or 1, aligned from the right", a, b);
            }
            out[i] = Math.max(da, db);
            if (da == 0 || db == 0) {
                out[i] = 0;
            }
        }
        return out;
    }

    /**
     * For every element of {@code outShape} in row-major order, returns the linear index of the
     * element of a tensor of shape {@code inShape} that broadcasts onto it.
     */
    static int[] broadcastIndex(int[] inShape, int[] outShape) {
        int size = size(outShape);
        int[] index = new int[size];
        int rank = outShape.length;
        int[] inStrides = new int[rank];
        int[] fullIn = strides(inShape);
        int shift = rank - inShape.length;
        for (int i = 0; i < inShape.length; i++) {
            inStrides[i + shift] = inShape[i] == 1 ? 0 : fullIn[i];
        }
        int[] counter = new int[rank];
        int offset = 0;
        for (int i = 0; i < size; i++) {
            index[i] = offset;
            for (int d = rank - 1; d >= 0; d--) {
                counter[d]++;
                offset += inStrides[d];
                if (counter[d] < outShape[d]) {
                    break;
                }
                offset -= inStrides[d] * counter[d];
                counter[d] = 0;
            }
        }
        return index;
    }

    /** Returns whether two shapes are equal. */
    public static boolean equal(int[] a, int[] b) {
        return Arrays.equals(a, b);
    }

    /** Formats a shape as {@code [2, 3]}. */
    public static String format(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Checks that every dimension is positive, naming the parameter in the message. */
    public static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
