package dev.enn.data;

/**
 * Thrown when CSV text is malformed or a selected cell is not a usable number. The message names
 * the source, the 1-based physical line where the record starts and, for cell errors, the column
 * and the cell text.
 */
public class CsvFormatException extends IllegalArgumentException {
    private final String source;
    private final int lineNumber;
    private final String column;
    private final String cell;

    /**
     * Creates the exception.
     *
     * @param message full message, including source, line and a hint
     * @param source file path or other name of the input
     * @param lineNumber 1-based physical line where the offending record starts
     * @param column column name, or {@code null} for errors that concern the whole record
     * @param cell raw cell text, or {@code null} for errors that concern the whole record
     */
    public CsvFormatException(String message, String source, int lineNumber, String column, String cell) {
        super(message);
        this.source = source;
        this.lineNumber = lineNumber;
        this.column = column;
        this.cell = cell;
    }

    /** Returns the file path or other name of the input. */
    public String source() {
        return source;
    }

    /** Returns the 1-based physical line where the offending record starts. */
    public int lineNumber() {
        return lineNumber;
    }

    /** Returns the column name, or {@code null} when the error concerns the whole record. */
    public String column() {
        return column;
    }

    /** Returns the raw cell text, or {@code null} when the error concerns the whole record. */
    public String cell() {
        return cell;
    }
}
