package dev.enn.bench;

import dev.enn.data.Dataset;
import dev.enn.layer.Layer;
import dev.enn.tensor.Autograd;
import dev.enn.tensor.MatrixKernels;
import dev.enn.tensor.ProductPrecision;
import dev.enn.tensor.Rng;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command-line benchmark of the ENN variants against the baselines. Trains every model on every
 * task of a suite, several runs with distinct seeds, and writes {@code results.csv},
 * {@code summary.csv}, {@code report.md} and PNG charts into the output folder. Progress goes to
 * standard output, one line per run.
 */
@Command(name = "enn-bench", mixinStandardHelpOptions = true,
        description = "Trains the ENN variants and the baselines on the benchmark tasks and writes CSV, markdown "
                + "and PNG results.")
public final class BenchmarkRunner implements Callable<Integer> {
    /** Set of tasks and model sizes to run. */
    public enum Suite {
        /** The original README table's setting (1000 samples × 20 steps × 3 features) on five tasks. */
        readme,
        /** The original comprehensive grid over samples, steps and features. */
        grid,
        /** The two real data sets only. */
        real
    }

    private static final List<Integer> GRID_SAMPLES = List.of(500, 1000, 2000, 4000);
    private static final List<Integer> GRID_STEPS = List.of(10, 25, 50, 100);
    private static final List<Integer> GRID_FEATURES = List.of(1, 3, 5, 8);
    private static final List<Integer> QUICK_SAMPLES = List.of(500, 1000);
    private static final List<Integer> QUICK_STEPS = List.of(10, 25);
    private static final List<Integer> QUICK_FEATURES = List.of(3, 5);

    @Option(names = "--suite", description = "Suite to run: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Suite suite = Suite.readme;

    @Option(names = "--quick", description = "Grid suite: samples 500/1000, T 10/25, F 3/5. All suites: 50 epochs "
            + "and 2 runs (readme and real: 5 epochs, 1 run) unless --epochs or --runs is given.")
    boolean quick;

    @Option(names = "--epochs", description = "Training epochs per run. Default: 20 (readme, real), 114 (grid).")
    Integer epochs;

    @Option(names = "--runs", description = "Runs per model and task, seeds seed, seed + 1, ... Default: 3.")
    Integer runs;

    @Option(names = "--out", description = "Output folder, created with its parents. Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("bench-results");

    @Option(names = "--seed", description = "Seed of the data and of run 0. Default: ${DEFAULT-VALUE}.")
    long seed = 42;

    @Option(names = "--data-dir", description = "Folder of the fetched sensor data "
            + "(enn-bench/fetch-sensor-data.sh). Default: ${DEFAULT-VALUE}.")
    Path dataDir = Path.of("enn-bench", "data");

    @Option(names = "--models", split = ",", description = "Comma-separated model names to run. Default: all.")
    List<String> models;

    @Option(names = "--tasks", split = ",", description = "Comma-separated tasks: regression, classification, "
            + "delay, sunspots, sensor. Default: all five (readme), regression and classification (grid), "
            + "sunspots and sensor (real).")
    List<String> tasks;

    @Option(names = "--samples", description = "Samples of each synthetic task before the test split, replacing "
            + "the suite's sizes. Training gets 70%%, validation 30%%, and a further 30%% is drawn for the test split.")
    Integer samples;

    @Option(names = "--products", converter = PrecisionConverter.class, description = "Arithmetic of matrix "
            + "products: float64 or float32. Default: the system property enn.products, else float64.")
    ProductPrecision products = ProductPrecision.defaultPrecision();

    @Option(names = "--latency-repeats", description = "Timed forward passes per latency figure, after as many "
            + "warm-up passes. Default: ${DEFAULT-VALUE}.")
    int latencyRepeats = 30;

    private final PrintStream console;
    private String commandLine = "";

    /** Creates a runner that prints its progress to standard output. */
    public BenchmarkRunner() {
        this(System.out);
    }

    BenchmarkRunner(PrintStream console) {
        this.console = console;
    }

    /** Runs the benchmark with command-line arguments; exits with 0 on success. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(System.out, args));
    }

    /** Runs the benchmark and returns the exit code, without exiting; used by the tests. */
    static int execute(PrintStream console, String... args) {
        BenchmarkRunner runner = new BenchmarkRunner(console);
        runner.commandLine = "enn-bench " + String.join(" ", args);
        return new CommandLine(runner).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public Integer call() {
        int epochCount = epochs != null ? epochs : defaultEpochs();
        int runCount = runs != null ? runs : defaultRuns();
        if (epochCount < 1 || runCount < 1 || latencyRepeats < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--epochs, --runs and --latency-repeats "
                    + "must be at least 1, got " + epochCount + ", " + runCount + " and " + latencyRepeats);
        }
        List<String> modelNames = models != null ? models : ModelZoo.allNames();
        List<String> skipped = new ArrayList<>();
        List<TaskSetup> setups = taskSetups(skipped);
        createFolder(out);

        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long start = System.nanoTime();
        ModelBenchmark benchmark = new ModelBenchmark(epochCount, latencyRepeats);
        List<RunResult> results = new ArrayList<>();
        int total = setups.size() * modelNames.size() * runCount;
        int done = 0;
        console.printf(Locale.ROOT, "enn-bench: suite %s, %d task configurations × %d models × %d runs, %d epochs%n",
                suite, setups.size(), modelNames.size(), runCount, epochCount);
        for (TaskSetup setup : setups) {
            for (String model : modelNames) {
                for (int run = 0; run < runCount; run++) {
                    done++;
                    long runSeed = seed + run;
                    String label = String.format(Locale.ROOT, "[%d/%d] %s %s run %d/%d", done, total,
                            setup.task().name(), model, run + 1, runCount);
                    Optional<RunResult> result = runOne(benchmark, setup, model, run, runSeed, label, skipped);
                    result.ifPresent(results::add);
                }
            }
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        double loadAtEnd = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        List<ModelSummary> summaries = ModelSummary.of(results);
        ReportWriter.writeResults(out, results);
        ReportWriter.writeSummary(out, summaries);
        List<String> charts = summaries.isEmpty() ? List.of() : Charts.drawAll(out, summaries, suite == Suite.grid);
        ReportWriter.writeReport(out, header(epochCount, runCount, wallSeconds, loadAtStart, loadAtEnd), summaries,
                skipped, charts);
        console.printf(Locale.ROOT, "enn-bench: %d runs in %.1f s, %d skipped; results in %s%n", results.size(),
                wallSeconds, skipped.size(), out.toAbsolutePath());
        return 0;
    }

    private Optional<RunResult> runOne(ModelBenchmark benchmark, TaskSetup setup, String model, int run, long runSeed,
            String label, List<String> skipped) {
        try (Autograd.Scope precision = products.use()) {
            Layer layer = ModelZoo.create(model, setup.task(), setup.sizes(), runSeed);
            RunResult result = benchmark.run(setup.task(), model, layer, run, runSeed);
            String metric = result.metric();
            console.printf(Locale.ROOT, "%s: validation %s %.4g, test %s %.4g, %.2f s%n", label, metric,
                    result.validationScore(), metric, result.testScore(), result.trainSeconds());
            return Optional.of(result);
        } catch (RuntimeException e) {
            String reason = label + " failed: " + e;
            console.println(reason);
            skipped.add(reason);
            return Optional.empty();
        }
    }

    private int defaultRuns() {
        if (quick) {
            return suite == Suite.grid ? 2 : 1;
        }
        return 3;
    }

    private int defaultEpochs() {
        if (quick) {
            return suite == Suite.grid ? 50 : 5;
        }
        return suite == Suite.grid ? 114 : 20;
    }

    /** Reads {@code --products} as {@link ProductPrecision#parse} does. */
    static final class PrecisionConverter implements CommandLine.ITypeConverter<ProductPrecision> {
        @Override
        public ProductPrecision convert(String value) {
            try {
                return ProductPrecision.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("--products must be float64 or float32, got '" + value + "'");
            }
        }
    }

    /** One task with the model sizes to use on it. */
    record TaskSetup(BenchTask task, ModelZoo.Sizes sizes) {
    }

    private List<TaskSetup> taskSetups(List<String> skipped) {
        List<String> taskNames = tasks != null ? tasks : switch (suite) {
            case readme -> List.of("regression", "classification", "delay", "sunspots", "sensor");
            case grid -> List.of("regression", "classification");
            case real -> List.of("sunspots", "sensor");
        };
        List<TaskSetup> setups = new ArrayList<>();
        for (String name : taskNames) {
            switch (name) {
                case "regression", "classification", "delay" -> {
                    if (suite == Suite.grid) {
                        List<Integer> sizes = quick ? QUICK_SAMPLES : GRID_SAMPLES;
                        for (int n : samples != null ? List.of(samples) : sizes) {
                            for (int steps : quick ? QUICK_STEPS : GRID_STEPS) {
                                for (int features : quick ? QUICK_FEATURES : GRID_FEATURES) {
                                    setups.add(new TaskSetup(synthetic(name, n, steps, features, 0.7, 0.1, 0.2),
                                            ModelZoo.Sizes.grid(features)));
                                }
                            }
                        }
                    } else {
                        int n = samples != null ? samples : 1000;
                        setups.add(new TaskSetup(synthetic(name, n, 20, 3, 0.7, 0.3, 0.3), ModelZoo.Sizes.readme()));
                    }
                }
                case "sunspots" -> setups.add(new TaskSetup(RealData.sunspots(), ModelZoo.Sizes.readme()));
                case "sensor" -> {
                    Optional<BenchTask> sensor = RealData.sensor(dataDir);
                    if (sensor.isPresent()) {
                        setups.add(new TaskSetup(sensor.get(), ModelZoo.Sizes.readme()));
                    } else {
                        String reason = "sensor: " + dataDir.resolve(RealData.SENSOR_FILE) + " not found; run "
                                + "enn-bench/fetch-sensor-data.sh to fetch it";
                        console.println("enn-bench: skipping task " + reason);
                        skipped.add(reason);
                    }
                }
                default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown task '" + name
                        + "'; expected regression, classification, delay, sunspots or sensor");
            }
        }
        return setups;
    }

    /**
     * Generates a synthetic task: the first {@code trainShare·n} samples train, the next
     * {@code validationShare·n} validate, and the next {@code testShare·n} test. In the grid the
     * shares sum to 1. The readme suite draws its 300 test samples in addition to the 1000.
     */
    private BenchTask synthetic(String name, int n, int steps, int features, double trainShare,
            double validationShare, double testShare) {
        int trainCount = (int) Math.floor(trainShare * n + 1e-9);
        int validationCount = (int) Math.floor(validationShare * n + 1e-9);
        int testCount = (int) Math.floor(testShare * n + 1e-9);
        int total = trainCount + validationCount + testCount;
        if (trainCount < 1 || validationCount < 1 || testCount < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--samples " + n
                    + " leaves an empty split; use at least 10 samples");
        }
        Rng rng = new Rng(seed).fork("data").fork(name + "/" + n + "/" + steps + "/" + features);
        Dataset all = switch (name) {
            case "regression" -> SyntheticData.regression(rng, total, steps, features, SyntheticData.REGRESSION_NOISE);
            case "classification" -> SyntheticData.classification(rng, total, steps, features);
            default -> SyntheticData.delay(rng, total, steps, features, SyntheticData.DEFAULT_DELAY);
        };
        int outputs = name.equals("classification") ? 2 : name.equals("delay") ? features : 1;
        return new BenchTask(name, name.equals("classification"), outputs, n, steps, features,
                all.subset(0, trainCount), all.subset(trainCount, trainCount + validationCount),
                all.subset(trainCount + validationCount, total));
    }

    private List<String> header(int epochCount, int runCount, double wallSeconds, double loadAtStart,
            double loadAtEnd) {
        Runtime runtime = Runtime.getRuntime();
        return List.of(
                "# enn-bench report",
                "",
                "- Command: `" + commandLine + "`",
                "- Date: " + Instant.now(),
                "- Machine: " + runtime.availableProcessors() + " processors, " + cpuModel() + ", "
                        + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                        + ", max heap " + runtime.maxMemory() / (1024 * 1024) + " MiB",
                "- Matrix products: " + products.label() + ", " + (MatrixKernels.vectorized()
                        ? "Vector API kernels (jdk.incubator.vector)"
                        : "scalar kernels (the JVM lacks --add-modules jdk.incubator.vector, or the CPU AVX2 and FMA)"),
                String.format(Locale.ROOT, "- Load average (1 min): %.2f at the start, %.2f at the end", loadAtStart,
                        loadAtEnd),
                String.format(Locale.ROOT, "- Suite %s, %d epochs, %d runs (seeds %d to %d), wall time %.1f s", suite,
                        epochCount, runCount, seed, seed + runCount - 1, wallSeconds),
                "- Training: AdamW lr 1e-3, weight decay 0.01, clip 1.0, batch 32, no schedule, no early stopping. "
                        + "Scores are taken after the last epoch: MSE (lower is better) or accuracy (higher is "
                        + "better), mean ± sample standard deviation over the runs.",
                "- Latency: median of " + latencyRepeats + " timed forward passes in evaluation mode without "
                        + "gradients, after " + latencyRepeats + " warm-up passes, one thread.",
                "- Peak heap: sum over the heap memory pools of the peak used bytes between the start and end of "
                        + "training (MemoryPoolMXBean, reset before each run), garbage not yet collected included.");
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException | UncheckedIOException e) {
            return "unknown CPU";
        }
    }

    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to create the output folder " + folder, e);
        }
    }
}
