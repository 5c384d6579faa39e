package dev.enn.data;

import dev.enn.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Numeric columns selected from a CSV file: {@code n} rows by {@code k} columns, row-major, in file
 * order. Under {@link MissingValuePolicy#NAN} missing cells are NaN; under the other policies
 * every value is finite. Immutable.
 */
public final class NumericTable {
    private final String source;
    private final List<String> columnNames;
    private final double[] values;
    private final int[] lineNumbers;
    private final int[] droppedLineNumbers;

    NumericTable(String source, List<String> columnNames, double[] values, int[] lineNumbers, int[] droppedLineNumbers) {
        this.source = source;
        this.columnNames = List.copyOf(columnNames);
        this.values = values;
        this.lineNumbers = lineNumbers;
        this.droppedLineNumbers = droppedLineNumbers;
    }

    /** Returns the file path or other name given when reading. */
    public String source() {
        return source;
    }

    /** Returns the selected column names, in selection order. */
    public List<String> columnNames() {
        return columnNames;
    }

    /** Returns the number of rows n. */
    public int rowCount() {
        return lineNumbers.length;
    }

    /** Returns the number of selected columns k. */
    public int columnCount() {
        return columnNames.size();
    }

    /** Returns a copy of the values as a tensor {@code [n, k]}: a series {@code [L, F]} with L = n and F = k. */
    public Tensor values() {
        return Tensor.of(values, rowCount(), columnCount());
    }

    /** Returns a copy of one column, {@code [n]} values. */
    public double[] column(int index) {
        if (index < 0 || index >= columnCount()) {
            throw new IndexOutOfBoundsException("NumericTable: column index " + index + " outside [0, " + columnCount()
                    + "); the selected columns are " + columnNames);
        }
        double[] column = new double[rowCount()];
        for (int r = 0; r < column.length; r++) {
            column[r] = values[r * columnCount() + index];
        }
        return column;
    }

    /**
     * Returns a copy of the selected column with this name.
     *
     * @throws IllegalArgumentException if no selected column has this name
     */
    public double[] column(String name) {
        int index = columnNames.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("NumericTable: column \"" + name + "\" was not selected; selected columns: "
                    + columnNames);
        }
        return column(index);
    }

    /** Returns the 1-based physical line on which each kept row's record starts. */
    public int[] lineNumbers() {
        return lineNumbers.clone();
    }

    /** Returns the start lines of the records dropped under {@link MissingValuePolicy#DROP_ROW}; empty otherwise. */
    public int[] droppedLineNumbers() {
        return droppedLineNumbers.clone();
    }

    @Override
    public String toString() {
        return "NumericTable[" + source + ", " + rowCount() + " rows, columns " + columnNames + ", dropped lines "
                + Arrays.toString(droppedLineNumbers) + "]";
    }
}
