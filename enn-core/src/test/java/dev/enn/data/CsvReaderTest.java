package dev.enn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final CsvReader reader = new CsvReader();

    @TempDir
    Path folder;

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = folder.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = new byte[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private CsvTable parse(String text) {
        return reader.parse(text, "input.csv");
    }

    /** Byte order mark at the start of the file: the first header must be "time", not "\uFEFFtime". */
    @Nested
    class ByteOrderMark {
        private final byte[] body = "time,value\n0,1.5\n1,2.5\n".getBytes(StandardCharsets.UTF_8);

        @Test
        void leadingBomIsStrippedFromFile() throws IOException {
            CsvTable table = reader.read(write("bom.csv", concat(BOM, body)));

            assertEquals(List.of("time", "value"), table.headers());
            assertEquals(4, table.headers().get(0).length());
            assertArrayEquals(new double[] {1.5, 2.5}, table.numeric("value").column("value"));
            assertArrayEquals(new double[] {0, 1}, table.numeric("time").column("time"));
        }

        @Test
        void leadingBomIsStrippedFromStream() {
            CsvTable table = reader.read(new ByteArrayInputStream(concat(BOM, body)), "stream.csv");

            assertEquals(List.of("time", "value"), table.headers());
            assertArrayEquals(new double[] {1.5, 2.5}, table.numeric("value").column("value"));
        }

        @Test
        void fileWithoutBomGivesSameResult() throws IOException {
            CsvTable withBom = reader.read(write("bom.csv", concat(BOM, body)));
            CsvTable without = reader.read(write("plain.csv", body));

            assertEquals(withBom.headers(), without.headers());
            assertEquals(withBom.recordCount(), without.recordCount());
            assertArrayEquals(withBom.numeric().values().toArray(), without.numeric().values().toArray());
        }

        @Test
        void bomInsideDataIsKept() {
            CsvTable table = parse("time,value\n\uFEFF0,1.5\n");

            assertEquals("\uFEFF0", table.record(0).get(0));
            CsvFormatException e = assertThrows(CsvFormatException.class, () -> table.numeric("time"));
            assertEquals(2, e.lineNumber());
            assertEquals("\uFEFF0", e.cell());
            assertTrue(e.getMessage().contains("\\uFEFF0"), e.getMessage());
        }

        @Test
        void onlyFirstOfTwoBomsIsStripped() throws IOException {
            CsvTable table = reader.read(write("twice.csv", concat(BOM, concat(BOM, body))));

            assertEquals("\uFEFFtime", table.headers().get(0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.columnIndex("time"));
            assertTrue(e.getMessage().contains("\"\\uFEFFtime\""), e.getMessage());
        }
    }

    /** Blank lines, empty fields, quoted delimiters and quoted line breaks. */
    @Nested
    class Structure {
        @Test
        void blankLineIsNotRecord() {
            CsvTable table = parse("time,value\n0,1.5\n\n1,2.5\n");

            assertEquals(2, table.recordCount());
            assertArrayEquals(new double[] {1.5, 2.5}, table.numeric("value").column("value"));
            assertEquals(2, table.lineNumber(0));
            assertEquals(4, table.lineNumber(1));
        }

        @Test
        void whitespaceOnlyLineIsBlank() {
            CsvTable table = parse("time,value\n0,1.5\n  \t \r\n1,2.5\n");

            assertEquals(2, table.recordCount());
            assertEquals(4, table.lineNumber(1));
        }

        @Test
        void emptyFieldRejectedByDefault() {
            CsvTable table = parse("time,value\n0,1.5\n1,\n2,2.5\n");

            CsvFormatException e = assertThrows(CsvFormatException.class, () -> table.numeric("time", "value"));
            assertEquals(3, e.lineNumber());
            assertEquals("value", e.column());
            assertEquals("", e.cell());
            assertTrue(e.getMessage().contains("input.csv line 3"), e.getMessage());
            assertTrue(e.getMessage().contains("column \"value\""), e.getMessage());
            assertTrue(e.getMessage().contains("empty cell"), e.getMessage());
        }

        @Test
        void emptyFieldDroppedUnderDropRow() {
            CsvTable table = reader.withMissingValues(MissingValuePolicy.DROP_ROW)
                    .parse("time,value\n0,1.5\n1,\n2,2.5\n", "input.csv");

            NumericTable numeric = table.numeric("time", "value");
            assertArrayEquals(new double[] {0, 2}, numeric.column("time"));
            assertArrayEquals(new double[] {1.5, 2.5}, numeric.column("value"));
            assertArrayEquals(new int[] {2, 4}, numeric.lineNumbers());
            assertArrayEquals(new int[] {3}, numeric.droppedLineNumbers());
        }

        @Test
        void emptyFieldBecomesNanUnderNanPolicy() {
            CsvTable table = reader.withMissingValues(MissingValuePolicy.NAN)
                    .parse("time,value\n0,1.5\n1,\n2,2.5\n", "input.csv");

            double[] values = table.numeric("value").column("value");
            assertEquals(3, values.length);
            assertEquals(1.5, values[0]);
            assertTrue(Double.isNaN(values[1]), "missing cell must be NaN, never 0.0: " + values[1]);
            assertEquals(2.5, values[2]);
        }

        @Test
        void nanFromMissingCellRejectedDownstream() {
            NumericTable numeric = reader.withMissingValues(MissingValuePolicy.NAN)
                    .parse("time,value\n0,1.5\n1,\n2,2.5\n", "input.csv").numeric("value");

            IllegalArgumentException fit = assertThrows(IllegalArgumentException.class,
                    () -> ZScore.fit(numeric.values()));
            assertTrue(fit.getMessage().contains("[1, 0]"), fit.getMessage());
            IllegalArgumentException windows = assertThrows(IllegalArgumentException.class,
                    () -> SlidingWindows.of(1, 1).build(numeric.values()));
            assertTrue(windows.getMessage().contains("[1, 0]"), windows.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> new Dataset(numeric.values().reshape(3, 1, 1), numeric.values()));
        }

        @Test
        void quotedDelimiterStaysInField() {
            CsvTable table = parse("time,value,note\n0,\"1.5\",\"calm, dry\"\n");

            assertEquals(1, table.recordCount());
            assertEquals(3, table.record(0).size());
            assertEquals("calm, dry", table.record(0).get(2));
            assertArrayEquals(new double[] {1.5}, table.numeric("value").column(0));
        }

        @Test
        void recordWithTooFewFieldsRejected() {
            CsvFormatException e = assertThrows(CsvFormatException.class, () -> parse("time,value\n0,1.5\n1\n"));

            assertEquals(3, e.lineNumber());
            assertNull(e.column());
            assertTrue(e.getMessage().contains("line 3"), e.getMessage());
            assertTrue(e.getMessage().contains("record has 1 field,"), e.getMessage());
            assertTrue(e.getMessage().contains("expected 2"), e.getMessage());
        }

        @Test
        void recordWithTooManyFieldsRejected() {
            CsvFormatException e = assertThrows(CsvFormatException.class, () -> parse("time,value\n0,1.5,9\n"));

            assertEquals(2, e.lineNumber());
            assertTrue(e.getMessage().contains("record has 3 fields, expected 2"), e.getMessage());
        }

        @Test
        void quotedNewlineStaysInField() {
            CsvTable table = parse("time,value,note\n0,1.5,\"line1\nline2\"\n1,2.5,x\n");

            assertEquals(2, table.recordCount());
            assertEquals("line1\nline2", table.record(0).get(2));
            assertEquals("x", table.record(1).get(2));
            assertEquals(2, table.lineNumber(0));
            assertEquals(4, table.lineNumber(1));
            assertArrayEquals(new double[] {1.5, 2.5}, table.numeric("value").column(0));
        }

        @Test
        void quotedNewlineWithCrlfStaysInField() {
            CsvTable table = parse("time,value,note\r\n0,1.5,\"line1\r\nline2\"\r\n1,2.5,x\r\n");

            assertEquals(2, table.recordCount());
            assertEquals("line1\r\nline2", table.record(0).get(2));
            assertEquals("x", table.record(1).get(2));
            assertEquals(4, table.lineNumber(1));
            assertArrayEquals(new double[] {1.5, 2.5}, table.numeric("value").column(0));
        }

        @Test
        void errorAfterQuotedNewlineNamesRecordLine() {
            CsvFormatException e = assertThrows(CsvFormatException.class,
                    () -> parse("a,b\n1,\"x\ny\"\n\n2\n").numeric("a"));

            assertEquals(5, e.lineNumber());
        }
    }

    @Nested
    class Quoting {
        @Test
        void doubledQuoteIsOneQuote() {
            CsvTable table = parse("a,b\n1,\"say \"\"hi\"\"\"\n");

            assertEquals("say \"hi\"", table.record(0).get(1));
        }

        @Test
        void emptyQuotedFieldIsEmpty() {
            CsvTable table = parse("a,b\n1,\"\"\n");

            assertEquals("", table.record(0).get(1));
        }

        @Test
        void quotedHeaderNamesAreUnquoted() {
            CsvTable table = parse("\"YEAR\",\"SUNACTIVITY\"\n1700,5\n");

            assertEquals(List.of("YEAR", "SUNACTIVITY"), table.headers());
        }

        @Test
        void quoteInsideUnquotedFieldRejected() {
            CsvFormatException e = assertThrows(CsvFormatException.class, () -> parse("a,b\n1,5\" screen\n"));

            assertEquals(2, e.lineNumber());
            assertTrue(e.getMessage().contains("double quote inside the unquoted field"), e.getMessage());
        }

        @Test
        void spaceBeforeOpeningQuoteRejected() {
            CsvFormatException e = assertThrows(CsvFormatException.class, () -> parse("a,b\n1, \"x, y\"\n"));

            assertTrue(e.getMessage().contains("remove any space before an opening quote"), e.getMessage());
        }

        @Test
        void textAfterClosingQuoteRejected() {
            CsvFormatException e = assertThrows(CsvFormatException.class, () -> parse("a,b\n1,\"x\"y\n"));

            assertEquals(2, e.lineNumber());
            assertTrue(e.getMessage().contains("'y' after the closing quote"), e.getMessage());
        }

        @Test
        void unclosedQuoteRejected() {
            CsvFormatException e = assertThrows(CsvFormatException.class, () -> parse("a,b\n1,2\n3,\"open\n4,5\n"));

            assertEquals(3, e.lineNumber());
            assertTrue(e.getMessage().contains("not closed before the end of the input"), e.getMessage());
            assertTrue(e.getMessage().contains("(at line 5)"), e.getMessage());
        }
    }

    @Nested
    class LineEnds {
        @Test
        void crlfMatchesLf() {
            CsvTable lf = parse("time,value\n0,1.5\n1,2.5\n");
            CsvTable crlf = parse("time,value\r\n0,1.5\r\n\r\n1,2.5\r\n");

            assertEquals(lf.headers(), crlf.headers());
            assertArrayEquals(lf.numeric().values().toArray(), crlf.numeric().values().toArray());
            assertEquals(4, crlf.lineNumber(1));
        }

        @Test
        void lastRecordWithoutNewlineIsRead() {
            CsvTable table = parse("time,value\n0,1.5\n1,2.5");

            assertEquals(2, table.recordCount());
            assertEquals(List.of("1", "2.5"), table.record(1));
        }

        @Test
        void bareCarriageReturnRejected() {
            CsvFormatException e = assertThrows(CsvFormatException.class, () -> parse("time,value\r0,1.5\r"));

            assertEquals(1, e.lineNumber());
            assertTrue(e.getMessage().contains("carriage return"), e.getMessage());
        }

        @Test
        void trailingDelimiterMakesEmptyLastField() {
            CsvTable table = reader.withHeader(false).parse("1,2,\n3,4,\n", "input.csv");

            assertEquals(3, table.columnCount());
            assertEquals("", table.record(0).get(2));
        }
    }

    @Nested
    class Cells {
        @Test
        void nonNumericCellRejectedWithLocation() throws IOException {
            Path file = write("bad.csv", "time,value\n0,1.5\n1,abc\n");
            CsvTable table = reader.read(file);

            CsvFormatException e = assertThrows(CsvFormatException.class, () -> table.numeric("value"));
            assertEquals(3, e.lineNumber());
            assertEquals("value", e.column());
            assertEquals("abc", e.cell());
            assertEquals(file.toString(), e.source());
            assertTrue(e.getMessage().contains(file.toString() + " line 3"), e.getMessage());
            assertTrue(e.getMessage().contains("column \"value\" (index 1)"), e.getMessage());
            assertTrue(e.getMessage().contains("\"abc\" is not a decimal number"), e.getMessage());
        }

        @Test
        void nonNumericCellRejectedUnderEveryPolicy() {
            for (MissingValuePolicy policy : MissingValuePolicy.values()) {
                CsvTable table = reader.withMissingValues(policy).parse("a\n1\nx\n", "input.csv");
                assertThrows(CsvFormatException.class, () -> table.numeric("a"), policy.name());
            }
        }

        @Test
        void numberFormatsAccepted() {
            CsvTable table = parse("a\n1\n-2.5\n+3\n.5\n4.\n1e-3\n-2E+2\n 7 \n\t8\t\n");

            assertArrayEquals(new double[] {1, -2.5, 3, 0.5, 4, 1e-3, -200, 7, 8}, table.numeric("a").column(0));
        }

        @Test
        void nonDecimalSpellingsRejected() {
            for (String cell : new String[] {"NaN", "Infinity", "-Infinity", "0x1p3", "1d", "1f", "1,5", "e3", "1e", "--1"}) {
                CsvTable table = parse("a\n\"" + cell + "\"\n");
                CsvFormatException e = assertThrows(CsvFormatException.class, () -> table.numeric("a"), cell);
                assertEquals(cell, e.cell());
            }
        }

        @Test
        void overflowingNumberRejected() {
            CsvFormatException e = assertThrows(CsvFormatException.class, () -> parse("a\n1e999\n").numeric("a"));

            assertTrue(e.getMessage().contains("outside the range of a double"), e.getMessage());
        }

        @Test
        void whitespaceOnlyCellIsMissing() {
            CsvFormatException e = assertThrows(CsvFormatException.class, () -> parse("a,b\n1,  \n").numeric("b"));

            assertTrue(e.getMessage().contains("empty cell"), e.getMessage());
        }

        @Test
        void missingMarkerRejectedWhenStrict() {
            CsvTable table = reader.withMissingMarkers("NA").parse("a\n1\nNA\n", "input.csv");

            CsvFormatException e = assertThrows(CsvFormatException.class, () -> table.numeric("a"));
            assertEquals(3, e.lineNumber());
            assertTrue(e.getMessage().contains("missing-value marker \"NA\""), e.getMessage());
        }

        @Test
        void missingMarkerDroppedUnderDropRow() {
            CsvTable table = reader.withMissingMarkers("NA", "NaN").withMissingValues(MissingValuePolicy.DROP_ROW)
                    .parse("a,b\n1,10\nNA,20\n3, NaN \n4,40\n", "input.csv");

            NumericTable numeric = table.numeric("a", "b");
            assertArrayEquals(new double[] {1, 10, 4, 40}, numeric.values().toArray());
            assertArrayEquals(new int[] {3, 4}, numeric.droppedLineNumbers());
        }

        @Test
        void unselectedColumnsAreNotParsed() {
            CsvTable table = parse("a,note,b\n1,,2\n3,text,4\n");

            assertArrayEquals(new double[] {1, 2, 3, 4}, table.numeric("a", "b").values().toArray());
        }

        @Test
        void allRowsDroppedRejected() {
            CsvTable table = reader.withMissingValues(MissingValuePolicy.DROP_ROW).parse("a\n\"\"\n\" \"\n", "input.csv");

            CsvFormatException e = assertThrows(CsvFormatException.class, () -> table.numeric("a"));
            assertTrue(e.getMessage().contains("dropped all 2"), e.getMessage());
        }

        @Test
        void headerOnlyHasNoNumericRows() {
            CsvTable table = parse("a,b\n");

            assertEquals(0, table.recordCount());
            CsvFormatException e = assertThrows(CsvFormatException.class, () -> table.numeric("a"));
            assertTrue(e.getMessage().contains("contains no data records"), e.getMessage());
        }
    }

    @Nested
    class Columns {
        private final CsvTable table = parse("time,value,other\n0,1.5,7\n1,2.5,8\n");

        @Test
        void selectionByNameKeepsGivenOrder() {
            NumericTable numeric = table.numeric("value", "time");

            assertEquals(List.of("value", "time"), numeric.columnNames());
            assertArrayEquals(new int[] {2, 2}, numeric.values().shape());
            assertArrayEquals(new double[] {1.5, 0, 2.5, 1}, numeric.values().toArray());
        }

        @Test
        void selectionByIndexMatchesName() {
            assertArrayEquals(table.numeric("value", "time").values().toArray(),
                    table.numericByIndex(1, 0).values().toArray());
        }

        @Test
        void noSelectionMeansEveryColumn() {
            assertEquals(List.of("time", "value", "other"), table.numeric().columnNames());
            assertEquals(3, table.numericByIndex().columnCount());
        }

        @Test
        void unknownColumnListsAvailableOnes() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.numeric("valu"));

            assertTrue(e.getMessage().contains("column \"valu\" not found"), e.getMessage());
            assertTrue(e.getMessage().contains("[\"time\", \"value\", \"other\"]"), e.getMessage());
        }

        @Test
        void indexOutOfRangeListsAvailableOnes() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.numericByIndex(3));

            assertTrue(e.getMessage().contains("column index 3 is out of range"), e.getMessage());
            assertTrue(e.getMessage().contains("\"other\""), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> table.numericByIndex(-1));
        }

        @Test
        void duplicateNameMustBeSelectedByIndex() {
            CsvTable twice = parse("x,x\n1,2\n");

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> twice.numeric("x"));
            assertTrue(e.getMessage().contains("indices 0 and 1"), e.getMessage());
            assertArrayEquals(new double[] {2}, twice.numericByIndex(1).column(0));
        }

        @Test
        void headersAreNotTrimmed() {
            CsvTable spaced = parse("time, value\n0,1\n");

            assertEquals(" value", spaced.headers().get(1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spaced.numeric("value"));
            assertTrue(e.getMessage().contains("\" value\""), e.getMessage());
        }

        @Test
        void headerlessFileUsesIndices() {
            CsvTable headerless = reader.withHeader(false).parse("0,1.5\n1,2.5\n", "input.csv");

            assertFalse(headerless.hasHeader());
            assertEquals(2, headerless.recordCount());
            assertEquals(1, headerless.lineNumber(0));
            assertEquals(List.of("column 0", "column 1"), headerless.headers());
            assertArrayEquals(new double[] {1.5, 2.5}, headerless.numericByIndex(1).column(0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> headerless.numeric("time"));
            assertTrue(e.getMessage().contains("without a header row"), e.getMessage());
        }

        @Test
        void headerlessCellErrorNamesColumnIndex() {
            CsvTable headerless = reader.withHeader(false).parse("0,1.5\n1,\n", "input.csv");

            CsvFormatException e = assertThrows(CsvFormatException.class, () -> headerless.numericByIndex(1));
            assertTrue(e.getMessage().contains("input.csv line 2, column 1: empty cell"), e.getMessage());
        }

        @Test
        void headerlessFieldCountFollowsFirstRecord() {
            CsvFormatException e = assertThrows(CsvFormatException.class,
                    () -> reader.withHeader(false).parse("1,2\n3\n", "input.csv"));

            assertTrue(e.getMessage().contains("the first record has 2 fields"), e.getMessage());
        }
    }

    @Nested
    class Inputs {
        @Test
        void missingFileNamesAbsolutePath() {
            Path missing = folder.resolve("nope.csv");

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reader.read(missing));
            assertTrue(e.getMessage().contains("CSV file not found: " + missing.toAbsolutePath()), e.getMessage());
        }

        @Test
        void directoryRejected() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reader.read(folder));

            assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        }

        @Test
        void nullStreamRejected() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> reader.read(null, "/dev/enn/missing.csv"));

            assertTrue(e.getMessage().contains("/dev/enn/missing.csv"), e.getMessage());
        }

        @Test
        void invalidUtf8Rejected() throws IOException {
            Path file = write("latin1.csv", new byte[] {'a', '\n', (byte) 0xE9, '\n'});

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reader.read(file));
            assertTrue(e.getMessage().contains("is not valid UTF-8"), e.getMessage());
        }

        @Test
        void emptyInputRejected() {
            CsvFormatException e = assertThrows(CsvFormatException.class, () -> parse("\n\n"));

            assertTrue(e.getMessage().contains("no records found"), e.getMessage());
            assertThrows(CsvFormatException.class, () -> parse(""));
        }

        @Test
        void readNumericReadsFile() throws IOException {
            Path file = write("ok.csv", "time,value\n0,1.5\n1,2.5\n");

            assertArrayEquals(new double[] {1.5, 2.5}, reader.readNumeric(file, "value").column(0));
        }

        @Test
        void unreadableStreamReported() {
            java.io.InputStream failing = new java.io.InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("disk gone");
                }
            };

            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> reader.read(failing, "s.csv"));
            assertTrue(e.getMessage().contains("s.csv could not be read: disk gone"), e.getMessage());
        }
    }

    @Nested
    class Options {
        @Test
        void semicolonDelimiter() {
            CsvTable table = reader.withDelimiter(';').parse("a;b\n1,5;2\n\"x;y\";3\n", "input.csv");

            assertEquals(List.of("1,5", "2"), table.record(0));
            assertEquals("x;y", table.record(1).get(0));
        }

        @Test
        void tabDelimiterKeepsEmptyFields() {
            CsvTable table = reader.withDelimiter('\t').parse("a\tb\n1\t2\n\t\n", "input.csv");

            assertEquals(2, table.recordCount());
            assertEquals(List.of("", ""), table.record(1));
        }

        @Test
        void syntaxCharactersRejectedAsDelimiter() {
            assertThrows(IllegalArgumentException.class, () -> reader.withDelimiter('"'));
            assertThrows(IllegalArgumentException.class, () -> reader.withDelimiter('\n'));
            assertThrows(IllegalArgumentException.class, () -> reader.withDelimiter('\r'));
        }

        @Test
        void blankMarkerRejected() {
            assertThrows(IllegalArgumentException.class, () -> reader.withMissingMarkers(" "));
            assertThrows(IllegalArgumentException.class, () -> reader.withMissingMarkers((String) null));
        }

        @Test
        void nullPolicyRejected() {
            assertThrows(IllegalArgumentException.class, () -> reader.withMissingValues(null));
        }

        @Test
        void readerIsImmutable() {
            CsvReader dropping = reader.withMissingValues(MissingValuePolicy.DROP_ROW);

            assertThrows(CsvFormatException.class, () -> reader.parse("a\n\"\"\n1\n", "in").numeric("a"));
            assertEquals(1, dropping.parse("a\n\"\"\n1\n", "in").numeric("a").rowCount());
        }
    }
}
