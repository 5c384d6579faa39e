package dev.enn.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed CSV file: an optional header row and records of raw text fields, every record with the
 * same field count. Select numeric columns with {@link #numeric(String...)} or
 * {@link #numericByIndex(int...)}; the conversion follows the missing-value policy of the
 * {@link CsvReader} that read the table. Immutable.
 */
public final class CsvTable {
    /** Decimal numbers: optional sign, digits with an optional point, optional exponent. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");

    private final String source;
    private final List<String> headers;
    private final boolean hasHeader;
    private final List<List<String>> records;
    private final int[] lineNumbers;
    private final MissingValuePolicy policy;
    private final Set<String> missingMarkers;

    CsvTable(String source, List<String> headers, boolean hasHeader, List<List<String>> records, int[] lineNumbers,
            MissingValuePolicy policy, Set<String> missingMarkers) {
        this.source = source;
        this.headers = List.copyOf(headers);
        this.hasHeader = hasHeader;
        this.records = unmodifiable(records);
        this.lineNumbers = lineNumbers;
        this.policy = policy;
        this.missingMarkers = missingMarkers;
    }

    /** Returns the file path or other name given when reading, as used in messages. */
    public String source() {
        return source;
    }

    /** Returns whether the first record was read as a header row. */
    public boolean hasHeader() {
        return hasHeader;
    }

    /**
     * Returns the column names: the header row as written (not trimmed), or {@code "column 0"},
     * {@code "column 1"}, … for a file read without a header.
     */
    public List<String> headers() {
        return headers;
    }

    /** Returns the number of fields in every record. */
    public int columnCount() {
        return headers.size();
    }

    /** Returns the number of records, not counting the header row or skipped blank lines. */
    public int recordCount() {
        return records.size();
    }

    /** Returns the raw fields of record {@code index} (0-based, header excluded). */
    public List<String> record(int index) {
        return records.get(index);
    }

    /** Returns the 1-based physical line on which record {@code index} starts. */
    public int lineNumber(int index) {
        return lineNumbers[index];
    }

    /**
     * Returns the 0-based index of the column with this exact header (case-sensitive, not trimmed).
     *
     * @throws IllegalArgumentException if the table has no header, no column has this name (the
     *     message lists the available columns), or the name appears more than once
     */
    public int columnIndex(String name) {
        if (!hasHeader) {
            throw new IllegalArgumentException(source + ": cannot select column \"" + name + "\" by name because the file "
                    + "was read without a header row; select columns by index (0.." + (columnCount() - 1) + ")");
        }
        int first = headers.indexOf(name);
        if (first < 0) {
            throw new IllegalArgumentException(source + ": column \"" + name + "\" not found; available columns: "
                    + quoted(headers));
        }
        int last = headers.lastIndexOf(name);
        if (last != first) {
            throw new IllegalArgumentException(source + ": column name \"" + name + "\" appears more than once (indices "
                    + first + " and " + last + "); select the column by index instead");
        }
        return first;
    }

    /**
     * Converts the named columns to numbers, in the given order. With no name, converts every
     * column.
     *
     * @return a table of shape {@code [n, k]}, n being the records kept by the missing-value policy
     * @throws IllegalArgumentException if a column is not found (the message lists the available
     *     ones)
     * @throws CsvFormatException if a cell is not a finite decimal number, or a cell is missing
     *     under {@link MissingValuePolicy#STRICT}, or no record is left
     */
    public NumericTable numeric(String... names) {
        if (names.length == 0) {
            return numericByIndex(allColumns());
        }
        int[] indices = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            indices[i] = columnIndex(names[i]);
        }
        return convert(indices);
    }

    /**
     * Converts the columns at the given 0-based indices to numbers, in the given order. With no
     * index, converts every column.
     *
     * @throws IllegalArgumentException if an index is out of range (the message lists the
     *     available columns)
     * @throws CsvFormatException as {@link #numeric(String...)} does
     */
    public NumericTable numericByIndex(int... indices) {
        if (indices.length == 0) {
            return convert(allColumns());
        }
        for (int index : indices) {
            if (index < 0 || index >= columnCount()) {
                throw new IllegalArgumentException(source + ": column index " + index + " is out of range; the file has "
                        + columnCount() + " columns (indices 0.." + (columnCount() - 1) + "): " + quoted(headers));
            }
        }
        return convert(indices.clone());
    }

    private NumericTable convert(int[] columns) {
        int width = columns.length;
        double[] values = new double[records.size() * width];
        int[] keptLines = new int[records.size()];
        List<Integer> droppedLines = new ArrayList<>();
        int kept = 0;

        for (int r = 0; r < records.size(); r++) {
            List<String> fields = records.get(r);
            boolean drop = false;
            for (int j = 0; j < width; j++) {
                double value = parseCell(fields.get(columns[j]), r, columns[j]);
                drop |= Double.isNaN(value) && policy == MissingValuePolicy.DROP_ROW;
                values[kept * width + j] = value;
            }
            if (drop) {
                droppedLines.add(lineNumbers[r]);
            } else {
                keptLines[kept++] = lineNumbers[r];
            }
        }

        if (kept == 0) {
            String reason = records.isEmpty() ? "contains no data records"
                    : "has no record left: the missing-value policy DROP_ROW dropped all " + records.size();
            throw new CsvFormatException(source + ": " + reason, source, 0, null, null);
        }
        List<String> names = new ArrayList<>(width);
        for (int c : columns) {
            names.add(headers.get(c));
        }
        return new NumericTable(source, names, Arrays.copyOf(values, kept * width), Arrays.copyOf(keptLines, kept),
                droppedLines.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Parses one cell. Returns NaN for a missing cell under the DROP_ROW and NAN policies, so the
     * caller can tell a missing cell apart: a present cell never parses to NaN.
     */
    private double parseCell(String cell, int record, int column) {
        String trimmed = trimBlanks(cell);
        if (trimmed.isEmpty() || missingMarkers.contains(trimmed)) {
            if (policy != MissingValuePolicy.STRICT) {
                return Double.NaN;
            }
            String what = trimmed.isEmpty() ? "empty cell" : "missing-value marker " + display(cell);
            throw cellError(record, column, cell, what + " under the STRICT missing-value policy; "
                    + "fill it in, or read with MissingValuePolicy.DROP_ROW or NAN");
        }
        if (!NUMBER.matcher(trimmed).matches()) {
            throw cellError(record, column, cell, display(cell) + " is not a decimal number"
                    + (missingMarkers.isEmpty() ? "; if it marks a missing value, declare it with withMissingMarkers" : ""));
        }
        double value = Double.parseDouble(trimmed);
        if (Double.isInfinite(value)) {
            throw cellError(record, column, cell, display(cell) + " is outside the range of a double");
        }
        return value;
    }

    private CsvFormatException cellError(int record, int column, String cell, String problem) {
        int line = lineNumbers[record];
        String name = headers.get(column);
        String columnText = hasHeader ? "column \"" + name + "\" (index " + column + ")" : name;
        return new CsvFormatException(source + " line " + line + ", " + columnText + ": " + problem,
                source, line, name, cell);
    }

    /** Strips spaces and tabs only; other whitespace, such as a stray U+FEFF, stays visible. */
    private static String trimBlanks(String cell) {
        int begin = 0;
        int end = cell.length();
        while (begin < end && (cell.charAt(begin) == ' ' || cell.charAt(begin) == '\t')) {
            begin++;
        }
        while (end > begin && (cell.charAt(end - 1) == ' ' || cell.charAt(end - 1) == '\t')) {
            end--;
        }
        return cell.substring(begin, end);
    }

    /** Quotes a cell for a message, escaping control and invisible format characters as backslash-u. */
    static String display(String cell) {
        StringBuilder shown = new StringBuilder("\"");
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            int type = Character.getType(c);
            if (c == '\n') {
                shown.append("\\n");
            } else if (c == '\r') {
                shown.append("\\r");
            } else if (type == Character.CONTROL || type == Character.FORMAT) {
                shown.append(String.format("\\u%04X", (int) c));
            } else {
                shown.append(c);
            }
        }
        return shown.append('"').toString();
    }

    private static String quoted(List<String> names) {
        List<String> shown = new ArrayList<>(names.size());
        for (String name : names) {
            shown.add(display(name));
        }
        return "[" + String.join(", ", shown) + "]";
    }

    private int[] allColumns() {
        int[] all = new int[columnCount()];
        for (int c = 0; c < all.length; c++) {
            all[c] = c;
        }
        return all;
    }

    @Override
    public String toString() {
        return "CsvTable[" + source + ", " + recordCount() + " records, columns " + quoted(headers) + "]";
    }

    private static List<List<String>> unmodifiable(List<List<String>> records) {
        List<List<String>> copy = new ArrayList<>(records.size());
        for (List<String> fields : records) {
            copy.add(List.copyOf(fields));
        }
        return Collections.unmodifiableList(copy);
    }
}
