package dev.enn.examples.forecast;

import dev.enn.data.Dataset;
import dev.enn.data.SlidingWindows;
import dev.enn.data.SplitDatasets;
import dev.enn.data.TimeSplit;
import dev.enn.data.ZScore;
import dev.enn.io.DType;
import dev.enn.io.ModelStore;
import dev.enn.io.SafeTensors;
import dev.enn.layer.Layer;
import dev.enn.loss.MseLoss;
import dev.enn.model.EnnModel;
import dev.enn.model.InputFormat;
import dev.enn.model.TaskHead;
import dev.enn.optim.AdamW;
import dev.enn.tensor.Autograd;
import dev.enn.tensor.Tensor;
import dev.enn.train.EpochMetrics;
import dev.enn.train.Trainer;
import dev.enn.train.TrainingHistory;
import dev.enn.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run of the forecast example: split, scale, window, train the ENN, score every forecaster on
 * the test part in the series' own units, and write the table, charts and metrics.
 *
 * <p>Each trained ENN is saved as {@code enn-<variant>.safetensors} in the output folder, with the
 * window, horizon and column in its metadata. After {@link #loadModelsFrom(Path)} the run loads
 * those files instead of training and reports the same test errors.
 */
public final class ForecastRun {
    private static final double TRAIN_FRACTION = 0.7;
    private static final double VALIDATION_FRACTION = 0.15;
    private static final int BATCH_SIZE = 16;
    private static final double LEARNING_RATE = 5e-3;
    private static final int PATIENCE = 40;
    private static final String WINDOW_KEY = "forecast.window";
    private static final String HORIZON_KEY = "forecast.horizon";
    private static final String COLUMN_KEY = "forecast.column";

    private final double[] values;
    private final int window;
    private final int horizon;
    private final int epochs;
    private final long seed;
    private final String mode;
    private final PrintWriter console;
    private String column = "";
    private Path modelDirectory;

    /**
     * Prepares a run.
     *
     * @param values the series, oldest first, in its own units
     * @param mode {@code reference}, {@code recurrent} or {@code both}
     * @param console where progress and the table go
     */
    private double[] timeValues;
    private String timeName = "index in the series";

    public ForecastRun(double[] values, int window, int horizon, int epochs, long seed, String mode, PrintWriter console) {
        this.values = values.clone();
        this.window = window;
        this.horizon = horizon;
        this.epochs = epochs;
        this.seed = seed;
        this.mode = mode;
        this.console = console;
    }

    /** Returns the file name of a variant's saved model, such as {@code enn-reference.safetensors}. */
    public static String modelFileName(String variant) {
        return "enn-" + variant + ".safetensors";
    }

    /**
     * Sets the time of every value of the series (for example its year) and the name of that axis,
     * used in the chart and in {@code predictions.csv}. Without it the row index is used.
     *
     * @throws IllegalArgumentException if the length differs from the series'
     */
    public ForecastRun time(double[] time, String name) {
        if (time.length != values.length) {
            throw new IllegalArgumentException("time column has " + time.length + " values but the series has "
                    + values.length);
        }
        this.timeValues = time.clone();
        this.timeName = name;
        return this;
    }

    /** Sets the name of the forecast column, stored in the saved model files and checked when loading. */
    public ForecastRun column(String column) {
        this.column = column;
        return this;
    }

    /**
     * Makes the run load each ENN variant from {@code directory} (as saved by an earlier run)
     * instead of training it; {@code null} trains again.
     */
    public ForecastRun loadModelsFrom(Path directory) {
        this.modelDirectory = directory;
        return this;
    }

    /** One scored forecaster. */
    public record Score(String model, double rmse, double mae, long parameters, double trainSeconds) {
    }

    /** Runs everything and writes the outputs into {@code out}, creating it if needed. */
    public List<Score> execute(Path out) throws IOException {
        TimeSplit split = TimeSplit.ofLength(values.length, TRAIN_FRACTION, VALIDATION_FRACTION);
        Tensor series = Tensor.of(values, values.length, 1);
        ZScore scaler = ZScore.fit(series, split);
        SplitDatasets data = SlidingWindows.of(window, horizon).buildSplit(scaler.transform(series), split);
        SplitDatasets raw = SlidingWindows.of(window, horizon).buildSplit(series, split);
        console.printf("Split by time: %d training, %d validation, %d test windows (targets in steps [0, %d), [%d, %d),"
                        + " [%d, %d))%n", data.train().size(), data.validation().size(), data.test().size(),
                split.trainEnd(), split.trainEnd(), split.validationEnd(), split.validationEnd(), split.length());

        double[][] trainWindows = windows(raw.train());
        double[][] testWindows = windows(raw.test());
        double[][] trainTargets = targets(raw.train());
        double[][] testTargets = targets(raw.test());

        Files.createDirectories(out);
        Map<String, double[][]> forecasts = new LinkedHashMap<>();
        List<Score> scores = new ArrayList<>();
        Map<String, TrainingHistory> histories = new LinkedHashMap<>();
        for (String variant : variants()) {
            EnnModel model;
            double seconds = 0;
            if (modelDirectory == null) {
                model = buildModel(variant);
                long start = System.nanoTime();
                histories.put(variant, train(model, data, variant));
                seconds = (System.nanoTime() - start) / 1e9;
                saveModel(model, out.resolve(modelFileName(variant)));
            } else {
                model = loadModel(modelDirectory.resolve(modelFileName(variant)), variant);
            }
            double[][] predicted = predict(model, data.test(), scaler);
            String name = "ENN " + variant;
            forecasts.put(name, predicted);
            scores.add(score(name, predicted, testTargets, model.parameterCount(), seconds));
        }

        double[][] persistence = new double[testWindows.length][horizon];
        double[][] mean = new double[testWindows.length][horizon];
        double trainMean = meanOf(trainTargets);
        for (int i = 0; i < testWindows.length; i++) {
            for (int h = 0; h < horizon; h++) {
                persistence[i][h] = testWindows[i][window - 1];
                mean[i][h] = trainMean;
            }
        }
        double[][] autoregression = new double[testWindows.length][horizon];
        for (int h = 0; h < horizon; h++) {
            double[] column = new double[trainTargets.length];
            for (int i = 0; i < column.length; i++) {
                column[i] = trainTargets[i][h];
            }
            double[] p = ClassicalForecasters.LinearAutoregression.fit(trainWindows, column).predict(testWindows);
            for (int i = 0; i < p.length; i++) {
                autoregression[i][h] = p[i];
            }
        }
        forecasts.put("persistence", persistence);
        forecasts.put("training mean", mean);
        forecasts.put("linear AR(" + window + ")", autoregression);
        scores.add(score("persistence", persistence, testTargets, 0, 0));
        scores.add(score("training mean", mean, testTargets, 1, 0));
        scores.add(score("linear AR(" + window + ")", autoregression, testTargets, window + 1, 0));

        printTable(scores, testTargets.length);
        writeCsv(out.resolve("metrics.csv"), scores);
        writeJson(out.resolve("metrics.json"), scores, testTargets.length);
        writePredictions(out.resolve("predictions.csv"), split, testTargets, forecasts);
        boolean trained = !histories.isEmpty();
        if (trained) {
            Map<String, List<Double>> curves = new LinkedHashMap<>();
            for (Map.Entry<String, TrainingHistory> h : histories.entrySet()) {
                curves.put(h.getKey() + " train", toList(h.getValue().trainLosses()));
                curves.put(h.getKey() + " validation", toList(h.getValue().validationLosses()));
            }
            ForecastCharts.lossCurves(out.resolve("loss.png"), curves);
        }
        double[] time = new double[testTargets.length];
        double[] actual = new double[testTargets.length];
        int firstTarget = split.validationEnd();
        for (int i = 0; i < time.length; i++) {
            time[i] = timeAt(firstTarget + i);
            actual[i] = testTargets[i][0];
        }
        Map<String, double[]> firstStep = new LinkedHashMap<>();
        for (Map.Entry<String, double[][]> f : forecasts.entrySet()) {
            double[] v = new double[time.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = f.getValue()[i][0];
            }
            firstStep.put(f.getKey(), v);
        }
        ForecastCharts.forecastAgainstActual(out.resolve("forecast.png"),
                "Test part: actual vs forecast (first predicted step)", timeName, column == null ? "value" : column,
                time, actual, firstStep);
        console.printf("Wrote %s, %s, %s, %s%s%n", out.resolve("metrics.csv"), out.resolve("metrics.json"),
                out.resolve("predictions.csv"), out.resolve("forecast.png"),
                trained ? ", " + out.resolve("loss.png") + " and the models " + out.resolve("enn-*.safetensors") : "");
        return scores;
    }

    /** Saves a trained model with the settings a later {@code --load} run must repeat. */
    private void saveModel(EnnModel model, Path file) throws IOException {
        Map<String, String> settings = Map.of(WINDOW_KEY, Integer.toString(window), HORIZON_KEY, Integer.toString(horizon),
                COLUMN_KEY, column);
        ModelStore.save(file, model, ModelStore.ENN_KIND, model.config().toMap(), settings, DType.F64);
    }

    /**
     * Loads a saved model and checks that it was trained with this run's window, horizon and column.
     *
     * @throws IllegalArgumentException if the file is missing or its settings differ, naming the option to change
     */
    private EnnModel loadModel(Path file, String variant) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no saved model for the ENN " + variant + " variant: " + file
                    + " not found. Train first without --load, with --out set to that folder and the same --mode");
        }
        Map<String, String> metadata = SafeTensors.read(file).metadata();
        requireSetting(file, metadata, WINDOW_KEY, Integer.toString(window), "--window");
        requireSetting(file, metadata, HORIZON_KEY, Integer.toString(horizon), "--horizon");
        requireSetting(file, metadata, COLUMN_KEY, column, "--column");
        EnnModel model = EnnModel.load(file);
        console.printf("Loaded ENN %s (%d parameters) from %s%n", variant, model.parameterCount(), file);
        return model;
    }

    private static void requireSetting(Path file, Map<String, String> metadata, String key, String expected, String option) {
        String saved = metadata.get(key);
        if (!expected.equals(saved)) {
            throw new IllegalArgumentException(file + " was trained with " + option + " " + saved + " but this run uses "
                    + expected + "; pass " + option + " " + saved + " to reuse it");
        }
    }

    private List<String> variants() {
        return switch (mode) {
            case "reference" -> List.of("reference");
            case "recurrent", "both" -> EnnVariants.available(mode);
            default -> throw new IllegalArgumentException("--mode must be reference, recurrent or both, got '" + mode + "'");
        };
    }

    private EnnModel buildModel(String variant) {
        EnnModel.Builder builder = EnnModel.builder()
                .inputFeatures(1)
                .numNeurons(12)
                .numStates(4)
                .inputFormat(InputFormat.SEQUENCE)
                .head(TaskHead.linear(horizon))
                .seed(seed);
        return EnnVariants.configure(builder, variant).build();
    }

    private TrainingHistory train(Layer model, SplitDatasets data, String variant) {
        long[] start = {System.nanoTime()};
        TrainingListener progress = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochMetrics m) {
                int epoch = m.epoch() + 1;
                if (epoch == 1 || epoch % 25 == 0) {
                    console.printf(Locale.ROOT, "  ENN %-9s epoch %4d  train MSE %.5f  validation MSE %.5f  %.1f s%n",
                            variant, epoch, m.trainLoss(), m.validationLoss(), (System.nanoTime() - start[0]) / 1e9);
                }
            }
        };
        Trainer trainer = Trainer.builder(model, new MseLoss(), new AdamW(model.namedParameters(), LEARNING_RATE))
                .epochs(epochs)
                .batchSize(BATCH_SIZE)
                .seed(seed)
                .clipNorm(1.0)
                .validation(data.validation())
                .earlyStopping(PATIENCE, 0.0)
                .restoreBestWeights(true)
                .listener(progress)
                .build();
        console.printf("Training ENN %s (%d parameters) for up to %d epochs%n", variant, model.parameterCount(), epochs);
        TrainingHistory history = trainer.fit(data.train());
        if (history.stoppedEarly()) {
            console.printf("  stopped early after epoch %d: no better validation MSE for %d epochs%n",
                    history.epochs().size(), PATIENCE);
        }
        console.printf(Locale.ROOT, "  best epoch %d, validation MSE %.5f (standardised units), weights of that epoch kept%n",
                history.bestEpoch() + 1, history.bestLoss());
        return history;
    }

    private double[][] predict(Layer model, Dataset test, ZScore scaler) {
        model.setTraining(false);
        Tensor output;
        try (Autograd.Scope scope = Autograd.noGrad()) {
            output = model.forward(test.all().inputs());
        }
        double mean = scaler.mean()[0];
        double std = scaler.std()[0];
        double[] o = output.dataView();
        double[][] result = new double[test.size()][horizon];
        for (int i = 0; i < result.length; i++) {
            for (int h = 0; h < horizon; h++) {
                result[i][h] = o[i * horizon + h] * std + mean;
            }
        }
        return result;
    }

    private static Score score(String name, double[][] predicted, double[][] actual, long parameters, double seconds) {
        double[] p = flatten(predicted);
        double[] a = flatten(actual);
        return new Score(name, ClassicalForecasters.rmse(p, a), ClassicalForecasters.mae(p, a), parameters, seconds);
    }

    private void printTable(List<Score> scores, int testWindows) {
        console.printf("%nTest errors over %d windows, in the series' own units (lower is better):%n", testWindows);
        console.printf("  %-22s %10s %10s %11s %9s%n", "model", "RMSE", "MAE", "parameters", "train s");
        for (Score s : scores) {
            console.printf(Locale.ROOT, "  %-22s %10.3f %10.3f %11d %9.1f%n", s.model(), s.rmse(), s.mae(), s.parameters(),
                    s.trainSeconds());
        }
    }

    private static void writeCsv(Path file, List<Score> scores) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("model,rmse,mae,parameters,train_seconds\n");
            for (Score s : scores) {
                w.write(String.format(Locale.ROOT, "\"%s\",%.6f,%.6f,%d,%.3f%n", s.model(), s.rmse(), s.mae(),
                        s.parameters(), s.trainSeconds()));
            }
        }
    }

    private void writeJson(Path file, List<Score> scores, int testWindows) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"window\": ").append(window).append(",\n  \"horizon\": ").append(horizon)
                .append(",\n  \"seed\": ").append(seed).append(",\n  \"test_windows\": ").append(testWindows)
                .append(",\n  \"scores\": [\n");
        for (int i = 0; i < scores.size(); i++) {
            Score s = scores.get(i);
            sb.append(String.format(Locale.ROOT,
                    "    {\"model\": \"%s\", \"rmse\": %.6f, \"mae\": %.6f, \"parameters\": %d, \"train_seconds\": %.3f}%s%n",
                    s.model(), s.rmse(), s.mae(), s.parameters(), s.trainSeconds(), i + 1 < scores.size() ? "," : ""));
        }
        sb.append("  ]\n}\n");
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private void writePredictions(Path file, TimeSplit split, double[][] actual, Map<String, double[][]> forecasts)
            throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("index,\"" + timeName + "\",step,actual");
            for (String name : forecasts.keySet()) {
                w.write(",\"" + name + "\"");
            }
            w.write("\n");
            for (int i = 0; i < actual.length; i++) {
                for (int h = 0; h < horizon; h++) {
                    int index = split.validationEnd() + i;
                    w.write(index + "," + formatTime(timeAt(index)) + "," + (h + 1) + "," + actual[i][h]);
                    for (double[][] f : forecasts.values()) {
                        w.write(String.format(Locale.ROOT, ",%.6f", f[i][h]));
                    }
                    w.write("\n");
                }
            }
        }
    }

    private double timeAt(int index) {
        return timeValues == null ? index : timeValues[index];
    }

    private static String formatTime(double t) {
        return t == Math.rint(t) && Math.abs(t) < 1e15 ? Long.toString((long) t) : Double.toString(t);
    }

    private double[][] windows(Dataset d) {
        double[] x = d.all().inputs().dataView();
        double[][] out = new double[d.size()][window];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(x, i * window, out[i], 0, window);
        }
        return out;
    }

    private double[][] targets(Dataset d) {
        double[] y = d.all().targets().dataView();
        double[][] out = new double[d.size()][horizon];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(y, i * horizon, out[i], 0, horizon);
        }
        return out;
    }

    private static double meanOf(double[][] rows) {
        double s = 0;
        int n = 0;
        for (double[] r : rows) {
            for (double v : r) {
                s += v;
                n++;
            }
        }
        return s / n;
    }

    private static double[] flatten(double[][] rows) {
        int n = rows.length == 0 ? 0 : rows[0].length;
        double[] out = new double[rows.length * n];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * n, n);
        }
        return out;
    }

    private static List<Double> toList(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            if (!Double.isNaN(v)) {
                list.add(v);
            }
        }
        return list;
    }
}
