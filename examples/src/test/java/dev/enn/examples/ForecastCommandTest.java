package dev.enn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Each way a user can get the command line wrong ends with one clear line and exit status 2. */
class ForecastCommandTest {
    private static final int USAGE_ERROR = 2;

    @TempDir
    Path dir;

    private record Run(int status, String err) {
    }

    private Run run(String... args) {
        CommandLine commandLine = Forecast.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        int status = commandLine.execute(args);
        return new Run(status, err.toString());
    }

    private Path csv(String text) throws IOException {
        Path file = dir.resolve("series.csv");
        Files.writeString(file, text);
        return file;
    }

    private static String rows(int count) {
        StringBuilder sb = new StringBuilder("t,load\n");
        for (int i = 0; i < count; i++) {
            sb.append(i).append(',').append(Math.sin(i / 3.0)).append('\n');
        }
        return sb.toString();
    }

    private String out() {
        return dir.resolve("out").toString();
    }

    @Test
    void missingFileNamesPath() {
        Run r = run("--csv", dir.resolve("absent.csv").toString(), "--column", "load", "--out", out());
        assertEquals(USAGE_ERROR, r.status());
        assertTrue(r.err().contains("CSV file not found"), r.err());
        assertTrue(r.err().contains("absent.csv"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace expected: " + r.err());
    }

    @Test
    void unknownColumnListsAvailableColumns() throws IOException {
        Run r = run("--csv", csv(rows(100)).toString(), "--column", "Load", "--out", out());
        assertEquals(USAGE_ERROR, r.status());
        assertTrue(r.err().contains("\"Load\" not found"), r.err());
        assertTrue(r.err().contains("load"), r.err());
    }

    @Test
    void ownFileWithoutColumnAsksForOne() throws IOException {
        Run r = run("--csv", csv(rows(100)).toString(), "--out", out());
        assertEquals(USAGE_ERROR, r.status());
        assertTrue(r.err().contains("pass --column NAME"), r.err());
        assertTrue(r.err().contains("[t, load]"), r.err());
    }

    @Test
    void nonNumericCellNamesLine() throws IOException {
        String text = rows(100).replace("\n50,", "\n50,abc+");
        Run r = run("--csv", csv(text).toString(), "--column", "load", "--out", out());
        assertEquals(USAGE_ERROR, r.status());
        assertTrue(r.err().contains("line 52"), r.err());
        assertTrue(r.err().contains("load"), r.err());
    }

    @Test
    void emptyCellSuggestsMissingDrop() throws IOException {
        String text = rows(100).replaceFirst("\n50,[^\n]*", "\n50,");
        Run r = run("--csv", csv(text).toString(), "--column", "load", "--out", out());
        assertEquals(USAGE_ERROR, r.status());
        assertTrue(r.err().contains("line 52"), r.err());
        assertTrue(r.err().contains("--missing drop"), r.err());
    }

    @Test
    void seriesShorterThanWindowsIsRejected() throws IOException {
        Run r = run("--csv", csv(rows(19)).toString(), "--column", "load", "--window", "24", "--out", out());
        assertEquals(USAGE_ERROR, r.status());
        assertTrue(r.err().contains("has 19 values"), r.err());
        assertTrue(r.err().contains("--window 24"), r.err());
    }

    @Test
    void zeroWindowIsRejected() {
        Run r = run("--window", "0", "--out", out());
        assertEquals(USAGE_ERROR, r.status());
        assertTrue(r.err().contains("must be at least 1"), r.err());
    }

    @Test
    void unknownModeIsRejectedBeforeReading() {
        Run r = run("--mode", "foo", "--csv", dir.resolve("absent.csv").toString(), "--out", out());
        assertEquals(USAGE_ERROR, r.status());
        assertTrue(r.err().contains("--mode must be reference, recurrent or both, got 'foo'"), r.err());
    }

    @Test
    void unwritableOutputFolderFailsBeforeTraining() throws IOException {
        Path file = dir.resolve("not-a-folder");
        Files.writeString(file, "x");
        Run r = run("--out", file.resolve("sub").toString());
        assertEquals(USAGE_ERROR, r.status());
        assertTrue(r.err().contains("cannot create the output folder"), r.err());
    }
}
