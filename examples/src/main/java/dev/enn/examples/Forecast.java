package dev.enn.examples;

import dev.enn.data.CsvFormatException;
import dev.enn.data.CsvReader;
import dev.enn.data.CsvTable;
import dev.enn.data.MissingValuePolicy;
import dev.enn.data.NumericTable;
import dev.enn.data.SlidingWindows;
import dev.enn.data.SplitDatasets;
import dev.enn.data.TimeSplit;
import dev.enn.data.ZScore;
import dev.enn.examples.forecast.ForecastRun;
import dev.enn.io.ModelFileException;
import dev.enn.tensor.Tensor;
import java.io.IOException;
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
 * validation and test parts. Each model predicts the value after a window of past values, and the
 * test errors are reported in the series' own units.
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
    static final String BUNDLED_TIME_COLUMN = "YEAR";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--csv", paramLabel = "FILE", description = "CSV file with a header row (default: the bundled"
            + " yearly sunspot numbers 1700-2008).")
    Path csv;

    @Option(names = "--column", paramLabel = "NAME", description = "Column of the CSV file to forecast; required with"
            + " --csv (default for the bundled data: " + BUNDLED_COLUMN + ").")
    String column;

    @Option(names = "--time-column", paramLabel = "NAME", description = "Numeric column with the time of each row,"
            + " such as a year, used to label the chart and predictions.csv (default for the bundled data: "
            + BUNDLED_TIME_COLUMN + "; otherwise the row index).")
    String timeColumn;

    @Option(names = "--missing", paramLabel = "POLICY", defaultValue = "strict",
            description = "What to do with an empty cell in the used columns: strict (stop with the line number) or"
                    + " drop (skip that row) (default: ${DEFAULT-VALUE}).")
    String missing;

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
        System.exit(commandLine().execute(args));
    }

    /** Returns the command line with an error handler that prints a user's mistake as one line, exit status 2. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Forecast());
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            // A bad option value or model file is the user's to fix, so print the message without a stack trace.
            if (exception instanceof CsvFormatException) {
                command.getErr().println("forecast: " + exception.getMessage()
                        + " (in this example, --missing drop skips rows with empty cells)");
                return 2;
            }
            if (exception instanceof IllegalArgumentException || exception instanceof ModelFileException) {
                command.getErr().println("forecast: " + exception.getMessage());
                return 2;
            }
            throw exception;
        });
        return commandLine;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter console = new PrintWriter(System.out, true);
        if (window < 1 || horizon < 1 || epochs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--window, --horizon and --epochs must be at least 1, got " + window + ", " + horizon + ", " + epochs);
        }
        if (!mode.equals("reference") && !mode.equals("recurrent") && !mode.equals("both")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--mode must be reference, recurrent or both, got '" + mode + "'");
        }
        MissingValuePolicy missingPolicy = switch (missing) {
            case "strict" -> MissingValuePolicy.STRICT;
            case "drop" -> MissingValuePolicy.DROP_ROW;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--missing must be strict or drop, got '" + missing + "'");
        };
        prepareOutputFolder();

        String source;
        CsvTable table;
        CsvReader reader = new CsvReader().withMissingValues(missingPolicy);
        if (csv == null) {
            source = "bundled yearly sunspot numbers 1700-2008";
            try (InputStream in = Forecast.class.getResourceAsStream(BUNDLED_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("bundled resource " + BUNDLED_RESOURCE + " is missing from the class path");
                }
                table = reader.read(in, BUNDLED_RESOURCE);
            }
            column = column == null ? BUNDLED_COLUMN : column;
            timeColumn = timeColumn == null ? BUNDLED_TIME_COLUMN : timeColumn;
        } else {
            if (!Files.isRegularFile(csv)) {
                throw new IllegalArgumentException("CSV file not found: " + csv.toAbsolutePath()
                        + "; pass an existing file with --csv");
            }
            source = csv.toString();
            table = reader.read(csv);
            if (column == null) {
                throw new IllegalArgumentException("no column chosen for " + csv + "; pass --column NAME with one of "
                        + table.headers());
            }
        }
        NumericTable numeric = timeColumn == null ? table.numeric(column) : table.numeric(column, timeColumn);
        double[] values = numeric.column(0);
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
        if (timeColumn != null) {
            run.time(numeric.column(1), timeColumn);
        }
        run.execute(out);
        return 0;
    }

    /** Creates the output folder before any training, so that a bad --out fails at once. */
    private void prepareOutputFolder() {
        try {
            Files.createDirectories(out);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("cannot create the output folder " + out.toAbsolutePath() + " (" + e
                    + "); pass a writable folder with --out", e);
        }
        if (!Files.isWritable(out)) {
            throw new IllegalArgumentException("the output folder " + out.toAbsolutePath()
                    + " is not writable; pass a writable folder with --out");
        }
    }

    /** Splits, scales and windows a series the way the example does; public for tests. */
    public static SplitDatasets prepare(double[] values, int window, int horizon, TimeSplit split, ZScore scaler) {
        Tensor series = Tensor.of(values, values.length, 1);
        Tensor scaled = scaler.transform(series);
        return SlidingWindows.of(window, horizon).buildSplit(scaled, split);
    }
}
