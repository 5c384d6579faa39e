package dev.enn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.data.CsvReader;
import dev.enn.examples.forecast.ForecastRun;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's first command in-process (seed 42, window 12, horizon 1) and checks the
 * ranking that README.md and docs/forecast.md report: the recurrent ENN beats the reference-mode
 * ENN, naive persistence and the linear autoregression on test RMSE.
 */
class ForecastSunspotsTest {
    @TempDir
    Path out;

    @Test
    void recurrentEnnBeatsReferenceAndPersistence() throws Exception {
        double[] values;
        try (InputStream in = Forecast.class.getResourceAsStream(Forecast.BUNDLED_RESOURCE)) {
            values = new CsvReader().read(in, Forecast.BUNDLED_RESOURCE).numeric(Forecast.BUNDLED_COLUMN).column(0);
        }
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        List<ForecastRun.Score> scores = new ForecastRun(values, 12, 1, 300, 42, "both", quiet)
                .column(Forecast.BUNDLED_COLUMN).execute(out);
        Map<String, Double> rmse = scores.stream()
                .collect(Collectors.toMap(ForecastRun.Score::model, ForecastRun.Score::rmse));

        double recurrent = rmse.get("ENN recurrent");
        assertTrue(recurrent < rmse.get("ENN reference"), "recurrent " + recurrent + " vs reference " + rmse);
        assertTrue(recurrent < rmse.get("persistence"), "recurrent " + recurrent + " vs persistence " + rmse);
        assertTrue(recurrent < rmse.get("linear AR(12)"), "recurrent " + recurrent + " vs AR " + rmse);
        assertEquals(29.095, rmse.get("persistence"), 5e-4, "persistence depends only on the data");
    }
}
