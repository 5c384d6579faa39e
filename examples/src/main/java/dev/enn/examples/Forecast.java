package dev.enn.examples;

import dev.enn.data.CsvReader;
import dev.enn.data.CsvTable;
import dev.enn.data.SlidingWindows;
import dev.enn.data.SplitDatasets;
import dev.enn.data.TimeSplit;
import dev.enn.data.ZScore;
import dev.enn.examples.forecast.ForecastRun;
import dev.enn.io.ModelFileException;
import dev.enn.tensor.Tensor;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains an ENN to forecast a univariate series and compares it with classical forecasters.
 *
 * <p>Without arguments it uses the bundled yearly sunspot numbers 1700–2008. With {@code --csv}
 * and {@code --column} it reads the user's own file. The series is split by time into training,
 * validation and test parts; each model predicts the value after a window of past values, and
 * the test errors are reported in the series' own units.
 *
 * <p>Every trained ENN is saved into the output folder as {@code enn-<variant>.safetensors}. A
 * second run with {@code --load DIR} loads those files instead of training and prints the same
 * test errors:
 *
 * <pre>
 * forecast --out runs/sunspots
 * forecast --load runs/sunspots --out runs/sunspots-reloaded
 * </pre>
 */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = {"Train an ENN on a series and compare its test error with persistence, the mean and a linear"
                + " autoregression. The trained ENNs are saved in the output folder as enn-<variant>.safetensors.",
                "Reuse them without training: forecast --load DIR, with the same --csv, --column, --window, --horizon"
                        + " and --mode as the run that saved them."})
public final class Forecast implements Callable<Integer> {
    static final String BUNDLED_RESOURCE = "/dev/enn/examples/sunspots.csv";
    static final String BUNDLED_COLUMN = "SUNACTIVITY";

    @Option(names = "--csv", paramLabel = "FILE", description = "CSV file with a header row (default: the bundled"
            + " yearly sunspot numbers 1700-2008).")
    Path csv;

    @Option(names = "--column", paramLabel = "NAME", description = "Column of the CSV file to forecast (default:"
            + " ${DEFAULT-VALUE} for the bundled data).", defaultValue = BUNDLED_COLUMN)
    String column;

    @Option(names = "--window", paramLabel = "W", defaultValue = "12",
            description = "Past values per input window, in time steps (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--horizon", paramLabel = "H", defaultValue = "1",
            description = "Future values predicted per window; errors are averaged over them (default: ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "300",
            description = "Maximum training epochs; early stopping may end sooner (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the weights and the shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "enn-output/forecast",
            description = "Folder for the charts, metrics and saved models (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--load", paramLabel = "DIR",
            description = "Load the ENNs saved by an earlier run in DIR (enn-<variant>.safetensors) and predict the test"
                    + " part without training; --epochs and --seed are then unused (default: train).")
    Path load;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "both",
            description = "ENN dynamics to train: reference, recurrent or both (default: ${DEFAULT-VALUE}).")
    String mode;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine commandLine = new CommandLine(new Forecast());
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            // A bad option value or model file is the user's to fix, so print the message without a stack trace.
            if (exception instanceof IllegalArgumentException || exception instanceof ModelFileException) {
                command.getErr().println("forecast: " + exception.getMessage());
                return 2;
            }
            throw exception;
        });
        int status = commandLine.execute(args);
        System.exit(status);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter console = new PrintWriter(System.out, true);
        if (window < 1 || horizon < 1 || epochs < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--window, --horizon and --epochs must be at least 1, got " + window + ", " + horizon + ", " + epochs);
        }
        String source;
        CsvTable table;
        CsvReader reader = new CsvReader();
        if (csv == null) {
            source = "bundled yearly sunspot numbers 1700-2008";
            try (InputStream in = Forecast.class.getResourceAsStream(BUNDLED_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("bundled resource " + BUNDLED_RESOURCE + " is missing from the class path");
                }
                table = reader.read(in, BUNDLED_RESOURCE);
            }
        } else {
            if (!Files.isRegularFile(csv)) {
                throw new IllegalArgumentException("CSV file not found: " + csv.toAbsolutePath()
                        + "; pass an existing file with --csv");
            }
            source = csv.toString();
            table = reader.read(csv);
        }
        double[] values = table.numeric(column).column(0);
        int minimum = window + horizon;
        if (values.length < minimum * 3) {
            throw new IllegalArgumentException("series '" + column + "' in " + source + " has " + values.length
                    + " values; with --window " + window + " and --horizon " + horizon + " it needs at least "
                    + minimum * 3 + " so that training, validation and test parts each hold a window");
        }
        console.printf("Series: %s, column %s, %d values; window %d, horizon %d%n", source, column, values.length,
                window, horizon);
        ForecastRun run = new ForecastRun(values, window, horizon, epochs, seed, mode, console).column(column)
                .loadModelsFrom(load);
        run.execute(out);
        return 0;
    }

    /** Splits, scales and windows a series the way the example does; public for tests. */
    public static SplitDatasets prepare(double[] values, int window, int horizon, TimeSplit split, ZScore scaler) {
        Tensor series = Tensor.of(values, values.length, 1);
        Tensor scaled = scaler.transform(series);
        return SlidingWindows.of(window, horizon).buildSplit(scaled, split);
    }
}
