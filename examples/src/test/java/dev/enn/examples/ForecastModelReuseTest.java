package dev.enn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.examples.forecast.ForecastRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains the forecast example briefly, then reloads its saved ENN and checks that the test errors repeat. */
class ForecastModelReuseTest {
    private static final int WINDOW = 6;
    private static final int HORIZON = 2;
    private static final int EPOCHS = 3;

    @TempDir
    Path dir;

    private static double[] series() {
        double[] values = new double[90];
        for (int i = 0; i < values.length; i++) {
            values[i] = 10 + 5 * Math.sin(i * 0.4) + 0.1 * i;
        }
        return values;
    }

    private static ForecastRun run(int window, String column) {
        return new ForecastRun(series(), window, HORIZON, EPOCHS, 7, "reference", new PrintWriter(new StringWriter(), true))
                .column(column);
    }

    @Test
    void loadedModelRepeatsTestErrors() throws IOException {
        Path trainedOut = dir.resolve("trained");
        List<ForecastRun.Score> trained = run(WINDOW, "value").execute(trainedOut);

        List<ForecastRun.Score> loaded = run(WINDOW, "value").loadModelsFrom(trainedOut).execute(dir.resolve("loaded"));

        assertTrue(Files.isRegularFile(trainedOut.resolve(ForecastRun.modelFileName("reference"))));
        assertEquals(trained.size(), loaded.size());
        for (int i = 0; i < trained.size(); i++) {
            assertEquals(trained.get(i).model(), loaded.get(i).model());
            assertEquals(trained.get(i).rmse(), loaded.get(i).rmse(), trained.get(i).model() + " RMSE");
            assertEquals(trained.get(i).mae(), loaded.get(i).mae(), trained.get(i).model() + " MAE");
        }
        assertEquals(0.0, loaded.get(0).trainSeconds());
    }

    @Test
    void loadRejectsOtherWindow() throws IOException {
        Path trainedOut = dir.resolve("trained");
        run(WINDOW, "value").execute(trainedOut);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(WINDOW + 1, "value").loadModelsFrom(trainedOut).execute(dir.resolve("loaded")));

        assertTrue(e.getMessage().contains("trained with --window 6 but this run uses 7; pass --window 6"), e.getMessage());
    }

    @Test
    void loadRejectsMissingModel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(WINDOW, "value").loadModelsFrom(dir).execute(dir.resolve("loaded")));

        assertTrue(e.getMessage().contains("no saved model for the ENN reference variant"), e.getMessage());
    }
}
