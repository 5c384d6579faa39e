package dev.enn.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records of raw string fields, following RFC 4180: fields separated by one
 * delimiter character, records ended by LF or CRLF, fields optionally enclosed in double quotes,
 * and a double quote inside a quoted field written twice. A quoted field may contain delimiters,
 * CR and LF, all kept verbatim. Lines that are empty or contain only spaces and tabs between records
 * are skipped. Field counts are checked by {@link CsvTable}, not here.
 *
 * <p>Rejected as malformed: a quote inside an unquoted field, text after a closing quote, a
 * quoted field still open at the end of the input, and a CR that is not followed by LF outside
 * quotes.
 */
final class CsvParser {
    /** One record: its fields and the 1-based physical line on which it starts. */
    record Record(List<String> fields, int lineNumber) {
    }

    private final String text;
    private final char delimiter;
    private final String source;
    private int position;
    private int line = 1;
    private int recordLine;

    private CsvParser(String text, char delimiter, String source) {
        this.text = text;
        this.delimiter = delimiter;
        this.source = source;
    }

    /**
     * Parses the whole text. A byte order mark must already be removed.
     *
     * @throws CsvFormatException on malformed quoting or line ends, naming the record's start line
     */
    static List<Record> parse(String text, char delimiter, String source) {
        return new CsvParser(text, delimiter, source).parseAll();
    }

    private List<Record> parseAll() {
        List<Record> records = new ArrayList<>();
        while (position < text.length()) {
            if (skipBlankLine()) {
                continue;
            }
            records.add(parseRecord());
        }
        return records;
    }

    /** Skips the rest of the current line if it contains only spaces and tabs (other than the delimiter). */
    private boolean skipBlankLine() {
        int i = position;
        while (i < text.length() && isBlank(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            position = i;
            return true;
        }
        if (text.charAt(i) == '\n') {
            position = i + 1;
            line++;
            return true;
        }
        if (text.charAt(i) == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            position = i + 2;
            line++;
            return true;
        }
        return false;
    }

    private boolean isBlank(char c) {
        return (c == ' ' || c == '\t') && c != delimiter;
    }

    private Record parseRecord() {
        recordLine = line;
        List<String> fields = new ArrayList<>();
        while (true) {
            fields.add(parseField());
            if (position >= text.length()) {
                break;
            }
            char c = text.charAt(position);
            if (c == delimiter) {
                position++;
                continue;
            }
            // parseField stops only at the delimiter, LF or a CR that starts CRLF.
            position += c == '\r' ? 2 : 1;
            line++;
            break;
        }
        return new Record(fields, recordLine);
    }

    private String parseField() {
        if (position < text.length() && text.charAt(position) == '"') {
            return parseQuotedField();
        }
        int begin = position;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == delimiter || c == '\n' || (c == '\r' && nextIs('\n'))) {
                break;
            }
            if (c == '\r') {
                throw error("carriage return (CR) without a following line feed outside quotes; "
                        + "convert the file to LF or CRLF line ends");
            }
            if (c == '"') {
                throw error("double quote inside the unquoted field \"" + text.substring(begin, position + 1)
                        + "\"; enclose the whole field in quotes and double the inner quote (\"\"), "
                        + "and remove any space before an opening quote");
            }
            position++;
        }
        return text.substring(begin, position);
    }

    private String parseQuotedField() {
        position++;
        StringBuilder field = new StringBuilder();
        while (true) {
            if (position >= text.length()) {
                throw error("quoted field is not closed before the end of the input; "
                        + "check for a missing closing quote or an undoubled quote inside the field");
            }
            char c = text.charAt(position);
            if (c == '"') {
                if (nextIs('"')) {
                    field.append('"');
                    position += 2;
                    continue;
                }
                position++;
                break;
            }
            if (c == '\n') {
                line++;
            }
            field.append(c);
            position++;
        }

        if (position < text.length()) {
            char c = text.charAt(position);
            boolean endOfField = c == delimiter || c == '\n' || (c == '\r' && nextIs('\n'));
            if (!endOfField) {
                throw error("unexpected character '" + c + "' after the closing quote of field \"" + field
                        + "\"; a quoted field must be followed by the delimiter or the end of the line");
            }
        }
        return field.toString();
    }

    private boolean nextIs(char expected) {
        return position + 1 < text.length() && text.charAt(position + 1) == expected;
    }

    private CsvFormatException error(String problem) {
        String where = line == recordLine ? "" : " (at line " + line + ")";
        return new CsvFormatException(source + " line " + recordLine + ": " + problem + where,
                source, recordLine, null, null);
    }
}
