package dev.enn.examples.forecast;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes the forecast example's PNG charts with XChart. */
final class ForecastCharts {
    /** Distinct colours: actual, then each forecaster in the order the run adds them. */
    private static final Color[] FORECAST_COLORS = {
        Color.BLACK, new Color(0xE69F00), new Color(0x7B3FBF), new Color(0x009E73), Color.GRAY,
        new Color(0xD55E00), new Color(0x0072B2), new Color(0xCC79A7)};

    private ForecastCharts() {
    }

    /** Plots loss curves per epoch, one series per entry (for example "reference train"), on a log scale. */
    static void lossCurves(Path file, Map<String, List<Double>> curves) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500)
                .title("ENN training").xAxisTitle("epoch").yAxisTitle("MSE, standardised units (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0.###");
        chart.getStyler().setMarkerSize(0);
        for (Map.Entry<String, List<Double>> curve : curves.entrySet()) {
            if (!curve.getValue().isEmpty()) {
                addSeries(chart, curve.getKey(), curve.getValue());
            }
        }
        BitmapEncoder.saveBitmap(chart, withoutExtension(file), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Plots the actual test values against each model's forecast, with generic axis titles. */
    static void forecastAgainstActual(Path file, String title, double[] time, double[] actual,
                                      Map<String, double[]> forecasts) throws IOException {
        forecastAgainstActual(file, title, "time", "value", time, actual, forecasts);
    }

    /** Plots the actual test values against each model's forecast. */
    static void forecastAgainstActual(Path file, String title, String timeTitle, String valueTitle, double[] time,
                                      double[] actual, Map<String, double[]> forecasts) throws IOException {
        XYChart chart = new XYChartBuilder().width(1100).height(550)
                .title(title).xAxisTitle(timeTitle).yAxisTitle(valueTitle).build();
        chart.getStyler().setDecimalPattern("#0.###");
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setSeriesColors(FORECAST_COLORS);
        XYSeries actualSeries = chart.addSeries("actual", time, actual);
        actualSeries.setMarker(SeriesMarkers.CIRCLE);
        for (Map.Entry<String, double[]> f : forecasts.entrySet()) {
            chart.addSeries(f.getKey(), time, f.getValue()).setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, withoutExtension(file), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void addSeries(XYChart chart, String name, List<Double> values) {
        double[] x = new double[values.size()];
        double[] y = new double[values.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
            y[i] = values.get(i);
        }
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
    }

    /** XChart appends the extension itself. */
    private static String withoutExtension(Path file) {
        String s = file.toString();
        return s.endsWith(".png") ? s.substring(0, s.length() - 4) : s;
    }
}
