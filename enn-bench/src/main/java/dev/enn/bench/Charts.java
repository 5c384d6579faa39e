package dev.enn.bench;

import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Draws the PNG charts of a benchmark run with XChart. MSE is shown on logarithmic scales because
 * the models' errors differ by orders of magnitude, and accuracy on linear ones.
 */
public final class Charts {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 560;

    private Charts() {
    }

    /**
     * Draws, for each task configuration, the scores with error bars, parameters against test
     * score and the mean validation loss curves. For the grid it adds the test score against
     * samples, steps and features.
     *
     * @return the file names written, relative to {@code dir}
     */
    public static List<String> drawAll(Path dir, List<ModelSummary> summaries, boolean grid) {
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, List<ModelSummary>> entry : byConfiguration(summaries).entrySet()) {
            String stem = entry.getKey();
            files.add(save(dir, "scores_" + stem, scores(stem, entry.getValue())));
            files.add(save(dir, "parameters_" + stem, parametersAgainstScore(stem, entry.getValue())));
            files.add(save(dir, "loss_curves_" + stem, lossCurves(stem, entry.getValue())));
        }
        if (grid) {
            Map<String, List<ModelSummary>> byTask = new LinkedHashMap<>();
            for (ModelSummary s : summaries) {
                byTask.computeIfAbsent(s.first().task(), key -> new ArrayList<>()).add(s);
            }
            for (Map.Entry<String, List<ModelSummary>> entry : byTask.entrySet()) {
                String task = entry.getKey();
                files.add(save(dir, "score_vs_samples_" + task,
                        scoreAgainst(task, "samples", entry.getValue(), r -> r.samples())));
                files.add(save(dir, "score_vs_steps_" + task,
                        scoreAgainst(task, "time steps T", entry.getValue(), r -> r.steps())));
                files.add(save(dir, "score_vs_features_" + task,
                        scoreAgainst(task, "features F", entry.getValue(), r -> r.features())));
            }
        }
        return files;
    }

    private static Map<String, List<ModelSummary>> byConfiguration(List<ModelSummary> summaries) {
        Map<String, List<ModelSummary>> groups = new LinkedHashMap<>();
        for (ModelSummary s : summaries) {
            RunResult r = s.first();
            String stem = r.task() + "_n" + r.samples() + "_t" + r.steps() + "_f" + r.features();
            groups.computeIfAbsent(stem, key -> new ArrayList<>()).add(s);
        }
        return groups;
    }

    /**
     * Draws validation and test scores per model as bars. MSE is drawn as −log10(MSE), higher is
     * better, with error bars of ±std/(mean·ln 10), the first-order spread of log10. XChart 4.0.3
     * misplaces error bars on a logarithmic category axis and scatter markers below zero, so
     * neither is used.
     */
    private static CategoryChart scores(String title, List<ModelSummary> summaries) {
        String metric = summaries.get(0).first().metric();
        boolean logarithmic = !metric.equals("accuracy");
        String axis = logarithmic ? "-log10(" + metric + "), higher is better" : metric;
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title + ": " + axis
                + ", mean ± std over runs").xAxisTitle("model").yAxisTitle(axis).build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        List<String> models = new ArrayList<>();
        List<Double> validation = new ArrayList<>();
        List<Double> validationError = new ArrayList<>();
        List<Double> test = new ArrayList<>();
        List<Double> testError = new ArrayList<>();
        for (ModelSummary s : summaries) {
            models.add(s.first().model());
            validation.add(logarithmic ? -Math.log10(s.validationMean()) : s.validationMean());
            validationError.add(logarithmic ? logSpread(s.validationMean(), s.validationStd()) : s.validationStd());
            test.add(logarithmic ? -Math.log10(s.testMean()) : s.testMean());
            testError.add(logarithmic ? logSpread(s.testMean(), s.testStd()) : s.testStd());
        }
        chart.addSeries("validation", models, validation, validationError);
        chart.addSeries("test", models, test, testError);
        return chart;
    }

    private static double logSpread(double mean, double std) {
        return mean > 0 ? std / (mean * Math.log(10)) : 0;
    }

    private static XYChart parametersAgainstScore(String title, List<ModelSummary> summaries) {
        String metric = summaries.get(0).first().metric();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title + ": parameters against test "
                + metric).xAxisTitle("parameters").yAxisTitle("test " + metric).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(!metric.equals("accuracy"));
        chart.getStyler().setMarkerSize(10);
        for (ModelSummary s : summaries) {
            chart.addSeries(s.first().model(), new double[] {s.first().parameters()}, new double[] {s.testMean()});
        }
        return chart;
    }

    private static XYChart lossCurves(String title, List<ModelSummary> summaries) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title
                + ": validation loss per epoch (mean over runs)").xAxisTitle("epoch").yAxisTitle("validation loss")
                .build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(3);
        for (ModelSummary s : summaries) {
            double[] curve = s.meanValidationLosses();
            double[] epochs = new double[curve.length];
            for (int e = 0; e < curve.length; e++) {
                epochs[e] = e + 1;
            }
            if (curve.length > 0) {
                chart.addSeries(s.first().model(), epochs, curve);
            }
        }
        return chart;
    }

    private static XYChart scoreAgainst(String task, String axis, List<ModelSummary> summaries,
            ToIntFunction<RunResult> value) {
        String metric = summaries.get(0).first().metric();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(task + ": test " + metric + " against "
                + axis + " (mean over the other grid axes)").xAxisTitle(axis).yAxisTitle("test " + metric).build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        chart.getStyler().setYAxisLogarithmic(!metric.equals("accuracy"));
        Map<String, TreeMap<Integer, double[]>> perModel = new LinkedHashMap<>();
        for (ModelSummary s : summaries) {
            double[] sumAndCount = perModel.computeIfAbsent(s.first().model(), key -> new TreeMap<>())
                    .computeIfAbsent(value.applyAsInt(s.first()), key -> new double[2]);
            sumAndCount[0] += s.testMean();
            sumAndCount[1]++;
        }
        for (Map.Entry<String, TreeMap<Integer, double[]>> entry : perModel.entrySet()) {
            double[] xs = entry.getValue().keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] ys = entry.getValue().values().stream().mapToDouble(sum -> sum[0] / sum[1]).toArray();
            chart.addSeries(entry.getKey(), xs, ys);
        }
        return chart;
    }

    private static String save(Path dir, String stem, Chart<?, ?> chart) {
        String name = stem + ".png";
        try {
            BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write chart " + name, e);
        }
        return name;
    }
}
