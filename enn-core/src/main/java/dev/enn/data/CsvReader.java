package dev.enn.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads UTF-8 CSV text (RFC 4180) into a {@link CsvTable}, with no third-party library. Immutable;
 * the {@code with…} methods return configured copies.
 *
 * <p><b>Syntax.</b> Fields are separated by the delimiter (default {@code ','}) and records end with
 * LF or CRLF. A field enclosed in double quotes may contain the delimiter, line breaks (kept
 * verbatim, CRLF included) and quotes written twice ({@code ""}). A UTF-8 byte order mark is
 * removed only at the very start of the input; anywhere else U+FEFF stays part of the text. Lines
 * that are empty or contain only spaces and tabs are skipped and never become records.
 *
 * <p><b>Checks.</b> By default the first record is the header. Every record must have as many
 * fields as the header (or, without a header, as the first record); otherwise a
 * {@link CsvFormatException} names the record's start line and both counts. Line numbers are
 * 1-based physical lines of the input, counting the header, blank lines and line breaks inside
 * quoted fields, and refer to the line where a record starts.
 *
 * <p><b>Numbers.</b> {@link CsvTable#numeric(String...)} converts the selected columns. A cell is a
 * decimal number such as {@code 1}, {@code -2.5}, {@code .5} or {@code 1e-3}, with spaces and tabs
 * around it allowed. Text such as {@code NaN}, {@code Infinity} or {@code 0x1p3} is not a number
 * and is rejected, unless it is declared a missing-value marker. Missing cells follow the
 * {@link MissingValuePolicy}, {@link MissingValuePolicy#STRICT} by default, and are never read as 0.
 *
 * <p>The whole input is read into memory as bytes, then as decoded text and parsed fields, so
 * memory use is several times the file size.
 *
 * <pre>{@code
 * NumericTable table = new CsvReader().readNumeric(Path.of("sunspots.csv"), "SUNACTIVITY");
 * Tensor series = table.values();   // [309, 1]
 * }</pre>
 */
public final class CsvReader {
    private final boolean header;
    private final char delimiter;
    private final MissingValuePolicy missingValues;
    private final Set<String> missingMarkers;

    /** Creates a reader with a header row, comma delimiter, no missing-value markers and the STRICT policy. */
    public CsvReader() {
        this(true, ',', MissingValuePolicy.STRICT, Set.of());
    }

    private CsvReader(boolean header, char delimiter, MissingValuePolicy missingValues, Set<String> missingMarkers) {
        this.header = header;
        this.delimiter = delimiter;
        this.missingValues = missingValues;
        this.missingMarkers = missingMarkers;
    }

    /** Returns a copy that reads the first record as the header ({@code true}, the default) or as data. */
    public CsvReader withHeader(boolean firstRecordIsHeader) {
        return new CsvReader(firstRecordIsHeader, delimiter, missingValues, missingMarkers);
    }

    /**
     * Returns a copy that separates fields with {@code delimiter}, e.g. {@code ';'} or {@code '\t'}.
     *
     * @throws IllegalArgumentException for a double quote, CR or LF
     */
    public CsvReader withDelimiter(char delimiter) {
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("CsvReader: delimiter " + CsvTable.display(String.valueOf(delimiter))
                    + " is not allowed because it is part of the CSV syntax; use a character such as ',', ';' or '\\t'");
        }
        return new CsvReader(header, delimiter, missingValues, missingMarkers);
    }

    /** Returns a copy that applies {@code policy} to missing cells of selected columns. */
    public CsvReader withMissingValues(MissingValuePolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("CsvReader: missing-value policy is null; use STRICT, DROP_ROW or NAN");
        }
        return new CsvReader(header, delimiter, policy, missingMarkers);
    }

    /**
     * Returns a copy that also treats cells whose trimmed text equals one of {@code markers}
     * (case-sensitive), such as {@code "NA"} or {@code "NaN"}, as missing. Empty cells are always
     * missing. Replaces any earlier markers.
     *
     * @throws IllegalArgumentException for a null or blank marker
     */
    public CsvReader withMissingMarkers(String... markers) {
        Set<String> set = new LinkedHashSet<>();
        for (String marker : markers) {
            if (marker == null || marker.isBlank()) {
                throw new IllegalArgumentException("CsvReader: missing-value marker " + (marker == null ? "null" : CsvTable.display(marker))
                        + " is blank; empty cells are always missing, so give only non-blank text such as \"NA\"");
            }
            set.add(marker.strip());
        }
        return new CsvReader(header, delimiter, missingValues, Set.copyOf(set));
    }

    /**
     * Reads a UTF-8 CSV file.
     *
     * @throws IllegalArgumentException if the file does not exist or is a directory (the message
     *     names the absolute path), or is not valid UTF-8
     * @throws CsvFormatException if the text is malformed, a record has the wrong field count, or
     *     the file has no header row
     * @throws UncheckedIOException for other read failures
     */
    public CsvTable read(Path file) {
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException("CSV file " + absolute + " is a directory; give the path of a file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(absolute);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("CSV file not found: " + absolute
                    + " (relative paths resolve against the working directory " + Path.of("").toAbsolutePath() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("CSV file " + absolute + " could not be read: " + e.getMessage(), e);
        }
        return parse(decode(bytes, file.toString()), file.toString());
    }

    /**
     * Reads UTF-8 CSV from a stream, e.g. a classpath resource, to its end. Does not close it.
     *
     * @param source name of the input used in messages, e.g. the resource path
     * @throws IllegalArgumentException if the stream is null or not valid UTF-8
     * @throws CsvFormatException as {@link #read(Path)} does
     * @throws UncheckedIOException if reading fails
     */
    public CsvTable read(InputStream input, String source) {
        if (input == null) {
            throw new IllegalArgumentException("CsvReader: input stream for " + source + " is null; "
                    + "a classpath resource that does not exist gives null, so check the resource path");
        }
        try {
            return parse(decode(input.readAllBytes(), source), source);
        } catch (IOException e) {
            throw new UncheckedIOException(source + " could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * Parses CSV text. A leading U+FEFF (a decoded byte order mark) is removed.
     *
     * @param source name of the input used in messages
     * @throws CsvFormatException as {@link #read(Path)} does
     */
    public CsvTable parse(String text, String source) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<CsvParser.Record> records = CsvParser.parse(body, delimiter, source);
        if (records.isEmpty()) {
            throw new CsvFormatException(source + ": no records found; the input is empty or contains only blank lines"
                    + (header ? ", but a header row is expected" : ""), source, 0, null, null);
        }

        List<String> names;
        int firstData;
        int expectedFields = records.get(0).fields().size();
        if (header) {
            names = records.get(0).fields();
            firstData = 1;
        } else {
            names = new ArrayList<>();
            for (int c = 0; c < expectedFields; c++) {
                names.add("column " + c);
            }
            firstData = 0;
        }

        List<List<String>> data = new ArrayList<>(records.size() - firstData);
        int[] lines = new int[records.size() - firstData];
        for (int r = firstData; r < records.size(); r++) {
            CsvParser.Record record = records.get(r);
            requireFieldCount(record, expectedFields, source);
            data.add(record.fields());
            lines[r - firstData] = record.lineNumber();
        }
        return new CsvTable(source, names, header, data, lines, missingValues, missingMarkers);
    }

    /**
     * Reads a file and converts the named columns (every column when none is named).
     *
     * @throws IllegalArgumentException as {@link #read(Path)} and {@link CsvTable#numeric(String...)} do
     */
    public NumericTable readNumeric(Path file, String... columns) {
        return read(file).numeric(columns);
    }

    private void requireFieldCount(CsvParser.Record record, int expected, String source) {
        int actual = record.fields().size();
        if (actual != expected) {
            String reference = header ? "the header has " : "the first record has ";
            throw new CsvFormatException(source + " line " + record.lineNumber() + ": record has " + fields(actual)
                    + ", expected " + expected + " because " + reference + fields(expected)
                    + "; check for a missing or extra delimiter, or a delimiter inside an unquoted field",
                    source, record.lineNumber(), null, null);
        }
    }

    private static String fields(int count) {
        return count + (count == 1 ? " field" : " fields");
    }

    private static String decode(byte[] bytes, String source) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(source + " is not valid UTF-8 text (" + e.getMessage()
                    + "); save the file as UTF-8", e);
        }
    }

    @Override
    public String toString() {
        return "CsvReader[header=" + header + ", delimiter=" + CsvTable.display(String.valueOf(delimiter))
                + ", missingValues=" + missingValues + ", missingMarkers=" + missingMarkers + "]";
    }
}
