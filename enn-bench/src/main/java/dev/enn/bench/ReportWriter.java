package dev.enn.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes the per-run CSV, the summary CSV and the markdown report of a benchmark run. */
public final class ReportWriter {
    /** Per-run results file name. */
    public static final String RESULTS_CSV = "results.csv";
    /** Aggregated results file name. */
    public static final String SUMMARY_CSV = "summary.csv";
    /** Markdown report file name. */
    public static final String REPORT_MD = "report.md";

    private ReportWriter() {
    }

    /** Writes one row per run, with the loss curves as {@code ;}-separated lists. */
    public static void writeResults(Path dir, List<RunResult> results) {
        List<String> lines = new ArrayList<>();
        lines.add("task,samples,steps,features,model,run,seed,metric,parameters,reachable_parameters,"
                + "validation_score,test_score,epochs,train_seconds,seconds_per_epoch,samples_per_second,"
                + "latency_batch32_ms,latency_one_sample_ms,peak_heap_mib,train_losses,validation_losses");
        for (RunResult r : results) {
            lines.add(String.join(",", r.task(), Integer.toString(r.samples()), Integer.toString(r.steps()),
                    Integer.toString(r.features()), r.model(), Integer.toString(r.run()), Long.toString(r.seed()),
                    r.metric(), Long.toString(r.parameters()), Long.toString(r.reachableParameters()),
                    number(r.validationScore()), number(r.testScore()), Integer.toString(r.epochs()),
                    number(r.trainSeconds()), number(r.secondsPerEpoch()), number(r.samplesPerSecond()),
                    number(r.latencyBatchMillis()), number(r.latencySampleMillis()), number(r.peakHeapMegabytes()),
                    curve(r.trainLosses()), curve(r.validationLosses())));
        }
        write(dir.resolve(RESULTS_CSV), lines);
    }

    /** Writes one row per model and task configuration. */
    public static void writeSummary(Path dir, List<ModelSummary> summaries) {
        List<String> lines = new ArrayList<>();
        lines.add("task,samples,steps,features,model,runs,metric,parameters,reachable_parameters,validation_mean,"
                + "validation_std,test_mean,test_std,train_seconds,seconds_per_epoch,samples_per_second,"
                + "latency_batch32_ms,latency_one_sample_ms,peak_heap_mib");
        for (ModelSummary s : summaries) {
            RunResult r = s.first();
            lines.add(String.join(",", r.task(), Integer.toString(r.samples()), Integer.toString(r.steps()),
                    Integer.toString(r.features()), r.model(), Integer.toString(s.runs()), r.metric(),
                    Long.toString(r.parameters()), Long.toString(r.reachableParameters()), number(s.validationMean()),
                    number(s.validationStd()), number(s.testMean()), number(s.testStd()), number(s.trainSeconds()),
                    number(s.secondsPerEpoch()), number(s.samplesPerSecond()), number(s.latencyBatchMillis()),
                    number(s.latencySampleMillis()), number(s.peakHeapMegabytes())));
        }
        write(dir.resolve(SUMMARY_CSV), lines);
    }

    /**
     * Writes the markdown report: the run's header lines, then one table per task configuration
     * and the list of skipped items.
     */
    public static void writeReport(Path dir, List<String> header, List<ModelSummary> summaries, List<String> skipped,
            List<String> charts) {
        List<String> lines = new ArrayList<>(header);
        Map<String, List<ModelSummary>> byTask = new LinkedHashMap<>();
        for (ModelSummary s : summaries) {
            RunResult r = s.first();
            String key = r.task() + " (n = " + r.samples() + ", T = " + r.steps() + ", F = " + r.features() + ")";
            byTask.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<ModelSummary>> entry : byTask.entrySet()) {
            String metric = entry.getValue().get(0).first().metric();
            lines.add("");
            lines.add("### " + entry.getKey());
            lines.add("");
            lines.add("| model | parameters | reachable | validation " + metric + " | test " + metric
                    + " | train s | s/epoch | samples/s | batch-32 ms | 1-sample ms | peak heap MiB |");
            lines.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (ModelSummary s : entry.getValue()) {
                RunResult r = s.first();
                lines.add("| " + r.model() + " | " + r.parameters() + " | " + r.reachableParameters() + " | "
                        + meanStd(s.validationMean(), s.validationStd()) + " | " + meanStd(s.testMean(), s.testStd())
                        + " | " + fixed(s.trainSeconds(), 2) + " | " + fixed(s.secondsPerEpoch(), 3) + " | "
                        + fixed(s.samplesPerSecond(), 0) + " | " + fixed(s.latencyBatchMillis(), 3) + " | "
                        + fixed(s.latencySampleMillis(), 3) + " | " + fixed(s.peakHeapMegabytes(), 0) + " |");
            }
        }
        if (!skipped.isEmpty()) {
            lines.add("");
            lines.add("### Skipped");
            lines.add("");
            skipped.forEach(line -> lines.add("- " + line));
        }
        if (!charts.isEmpty()) {
            lines.add("");
            lines.add("### Charts");
            lines.add("");
            charts.forEach(chart -> lines.add("![" + chart + "](" + chart + ")"));
        }
        write(dir.resolve(REPORT_MD), lines);
    }

    static String meanStd(double mean, double std) {
        return scientific(mean) + " ± " + scientific(std);
    }

    static String scientific(double value) {
        return String.format(Locale.ROOT, "%.3g", value);
    }

    static String fixed(double value, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", value);
    }

    private static String number(double value) {
        return Double.toString(value);
    }

    private static String curve(double[] values) {
        return Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(";"));
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write " + file, e);
        }
    }
}
