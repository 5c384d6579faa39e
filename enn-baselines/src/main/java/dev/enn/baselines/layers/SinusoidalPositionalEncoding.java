package dev.enn.baselines.layers;

import dev.enn.layer.AbstractLayer;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Shapes;
import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * Adds fixed sinusoidal position encodings to a batch-first sequence:
 * {@code [B, T, D] → [B, T, D]}, {@code y[b, t, :] = x[b, t, :] + PE[t, :]} with
 * {@code PE[p, 2i] = sin(p·ω_i)}, {@code PE[p, 2i + 1] = cos(p·ω_i)} and
 * {@code ω_i = exp(−2i·ln(10000)/D)} = 10000^(−2i/D).
 *
 * <p>Any width D works: for odd D the last column is a sine with no cosine partner. The first
 * {@code tableLength} rows are computed once; rows for later positions are computed from the same
 * formula on each call, so a sequence of any length gets its true encodings (never wrapped,
 * never truncated). No parameters and no buffers.
 */
public final class SinusoidalPositionalEncoding extends AbstractLayer {
    /** Rows precomputed by default, as in the original Transformer baseline. */
    public static final int DEFAULT_TABLE_LENGTH = 5000;

    private final int width;
    private final int tableLength;
    private final double[] table;

    /** Creates the layer with a table of 5000 rows. */
    public SinusoidalPositionalEncoding(int width) {
        this(width, DEFAULT_TABLE_LENGTH);
    }

    /**
     * Creates the layer.
     *
     * @param width feature width D
     * @param tableLength rows to precompute; later rows are computed per call
     * @throws IllegalArgumentException if {@code width} is not positive or {@code tableLength} is negative
     */
    public SinusoidalPositionalEncoding(int width, int tableLength) {
        Shapes.requirePositive("SinusoidalPositionalEncoding width", width);
        if (tableLength < 0) {
            throw new IllegalArgumentException("SinusoidalPositionalEncoding tableLength must be >= 0, got " + tableLength);
        }
        this.width = width;
        this.tableLength = tableLength;
        this.table = new double[tableLength * width];
        fillRows(table, 0, tableLength, width);
    }

    /** Returns {@code PE[position, column]} for width {@code width}, computed from the formula. */
    public static double value(int position, int column, int width) {
        int pair = column / 2;
        double frequency = Math.exp(-(2.0 * pair) * Math.log(10000.0) / width);
        double angle = position * frequency;
        return column % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
    }

    private static void fillRows(double[] target, int firstPosition, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < width; c++) {
                target[r * width + c] = value(firstPosition + r, c, width);
            }
        }
    }

    /** Returns the rows for positions 0 to {@code length − 1} as a new {@code [length, D]} tensor. */
    public Tensor encodings(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("SinusoidalPositionalEncoding: length must be >= 0, got " + length);
        }
        double[] rows = new double[length * width];
        int fromTable = Math.min(length, tableLength);
        System.arraycopy(table, 0, rows, 0, fromTable * width);
        double[] rest = new double[(length - fromTable) * width];
        fillRows(rest, fromTable, length - fromTable, width);
        System.arraycopy(rest, 0, rows, fromTable * width, rest.length);
        return Tensor.wrap(rows, length, width);
    }

    /**
     * Adds the encodings of positions 0 to T − 1.
     *
     * @param input {@code [B, T, D]}
     * @throws ShapeMismatchException if the input is not rank 3 with D features on the last axis
     */
    @Override
    public Tensor forward(Tensor input) {
        int[] shape = input.shape();
        if (shape.length != 3 || shape[2] != width) {
            throw new ShapeMismatchException("SinusoidalPositionalEncoding: input has shape " + Arrays.toString(shape)
                    + " but the layer expects [B, T, " + width + "] (batch-first)", null, shape);
        }
        return input.add(encodings(shape[1]));
    }

    /** Returns the feature width D. */
    public int width() {
        return width;
    }

    /** Returns the number of precomputed rows. */
    public int tableLength() {
        return tableLength;
    }
}
