package dev.enn.model;

import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * A first-in, first-out history of at most {@code capacity} rows of width S: one neuron's recent
 * states in the ENN memory. Adding to a full buffer drops the oldest row first. Rows are copied
 * in and out, so no caller can change a stored row. Not thread-safe.
 */
public final class ShortTermBuffer {
    private final int capacity;
    private final int width;
    /** Ring storage: row slot {@code p} occupies {@code [p·width, (p+1)·width)}. */
    private final double[] rows;
    /** Slot of the oldest row. */
    private int head;
    private int size;

    /**
     * Creates an empty buffer.
     *
     * @param capacity maximum number of rows M; at least 1
     * @param width row width S; at least 1
     * @throws IllegalArgumentException if a size is less than 1, or the storage would exceed
     *     {@code Integer.MAX_VALUE} values
     */
    public ShortTermBuffer(int capacity, int width) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ShortTermBuffer: capacity = " + capacity + " is invalid; it must be at least 1");
        }
        if (width < 1) {
            throw new IllegalArgumentException("ShortTermBuffer: width = " + width + " is invalid; it must be at least 1");
        }
        if ((long) capacity * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ShortTermBuffer: capacity·width = " + (long) capacity * width
                    + " exceeds " + Integer.MAX_VALUE + " values");
        }
        this.capacity = capacity;
        this.width = width;
        this.rows = new double[capacity * width];
    }

    private ShortTermBuffer(ShortTermBuffer other) {
        this.capacity = other.capacity;
        this.width = other.width;
        this.rows = other.rows.clone();
        this.head = other.head;
        this.size = other.size;
    }

    /** Returns the maximum number of rows. */
    public int capacity() {
        return capacity;
    }

    /** Returns the row width S. */
    public int width() {
        return width;
    }

    /** Returns the number of rows held, from 0 to {@link #capacity()}. */
    public int size() {
        return size;
    }

    /**
     * Appends a copy of {@code row} as the newest entry, dropping the oldest one if the buffer is full.
     *
     * @param row values {@code [S]}. Not modified.
     * @throws IllegalArgumentException if the row's length is not {@link #width()}
     */
    public void add(double[] row) {
        if (row.length != width) {
            throw new IllegalArgumentException("ShortTermBuffer.add: row has " + row.length + " values but the buffer"
                    + " holds rows of width " + width);
        }
        add(row, 0);
    }

    /** Appends {@code source[offset, offset + width)} without checks; callers pass a valid range. */
    void add(double[] source, int offset) {
        int slot;
        if (size < capacity) {
            slot = (head + size) % capacity;
            size++;
        } else {
            slot = head;
            head = (head + 1) % capacity;
        }
        System.arraycopy(source, offset, rows, slot * width, width);
    }

    /**
     * Returns a copy of row {@code index}, counted from the oldest (0) to the newest ({@code size − 1}).
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside [0, size)
     */
    public double[] row(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("ShortTermBuffer.row: index " + index + " is outside [0, " + size + ")");
        }
        int start = ((head + index) % capacity) * width;
        return Arrays.copyOfRange(rows, start, start + width);
    }

    /** Returns the rows, oldest first, as a new tensor {@code [size, S]} (shape {@code [0, S]} when empty). */
    public Tensor toTensor() {
        double[] out = new double[size * width];
        copyInto(out, 0);
        return Tensor.wrap(out, size, width);
    }

    /** Copies the rows, oldest first, into {@code target} starting at {@code offset}. */
    void copyInto(double[] target, int offset) {
        for (int i = 0; i < size; i++) {
            int start = ((head + i) % capacity) * width;
            System.arraycopy(rows, start, target, offset + i * width, width);
        }
    }

    /** Removes every row. */
    public void clear() {
        head = 0;
        size = 0;
        Arrays.fill(rows, 0.0);
    }

    /** Returns an independent copy. */
    public ShortTermBuffer copy() {
        return new ShortTermBuffer(this);
    }
}
