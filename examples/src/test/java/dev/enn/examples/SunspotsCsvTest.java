package dev.enn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.data.CsvReader;
import dev.enn.data.CsvTable;
import dev.enn.data.Dataset;
import dev.enn.data.NumericTable;
import dev.enn.data.SlidingWindows;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks the bundled sunspot file against the facts recorded in sunspots.README.md. */
class SunspotsCsvTest {
    private static final String RESOURCE = "/dev/enn/examples/sunspots.csv";
    private static final String SHA_256 = "f67889b1d9002cd5227f0e0ef54e35b419cdd85a31279adef6f73fb41e5c0a9b";
    private static final int FIRST_YEAR = 1700;
    private static final int LAST_YEAR = 2008;

    private static byte[] resourceBytes() throws IOException {
        try (InputStream input = SunspotsCsvTest.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(input, "resource " + RESOURCE + " is missing from the classpath");
            return input.readAllBytes();
        }
    }

    private static NumericTable readSunspots() throws IOException {
        CsvTable table = new CsvReader().read(new ByteArrayInputStream(resourceBytes()), RESOURCE);
        return table.numeric("YEAR", "SUNACTIVITY");
    }

    @Test
    void fileMatchesRecordedChecksum() throws IOException, NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(resourceBytes());

        assertEquals(SHA_256, HexFormat.of().formatHex(digest));
        assertEquals(2944, resourceBytes().length);
    }

    @Test
    void headerIsYearAndActivity() throws IOException {
        CsvTable table = new CsvReader().read(new ByteArrayInputStream(resourceBytes()), RESOURCE);

        assertEquals(List.of("YEAR", "SUNACTIVITY"), table.headers());
        assertEquals(309, table.recordCount());
    }

    @Test
    void yearsRunWithoutGaps() throws IOException {
        NumericTable table = readSunspots();
        double[] years = table.column("YEAR");

        assertEquals(LAST_YEAR - FIRST_YEAR + 1, table.rowCount());
        for (int i = 0; i < years.length; i++) {
            assertEquals(FIRST_YEAR + i, years[i], "row " + i);
        }
        assertEquals(2, table.lineNumbers()[0]);
        assertEquals(310, table.lineNumbers()[308]);
        assertEquals(0, table.droppedLineNumbers().length);
    }

    @Test
    void activityValuesMatchFile() throws IOException {
        double[] activity = readSunspots().column("SUNACTIVITY");

        assertEquals(5.0, activity[0]);
        assertEquals(11.0, activity[1]);
        assertEquals(2.9, activity[308]);
        assertEquals(190.2, activity[1957 - FIRST_YEAR]);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double value : activity) {
            assertTrue(Double.isFinite(value));
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        assertEquals(0.0, min);
        assertEquals(190.2, max);
    }

    @Test
    void activityCutsIntoWindows() throws IOException {
        double[] activity = readSunspots().column("SUNACTIVITY");

        Dataset set = SlidingWindows.of(11, 1).build(activity);
        assertEquals(309 - 11, set.size());
        assertArrayEquals(new int[] {11, 1}, set.sampleShape());
        assertEquals(activity[11], set.range(0, 1).targets().item());
    }
}
