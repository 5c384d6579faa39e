package dev.enn.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The runs of one model on one task configuration, aggregated. Spreads are sample standard
 * deviations (divisor runs − 1), 0 for a single run.
 *
 * @param first the first run, for the task, model and parameter fields that all runs share
 * @param runs number of runs
 * @param validationMean mean validation score
 * @param validationStd standard deviation of the validation score
 * @param testMean mean test score
 * @param testStd standard deviation of the test score
 * @param trainSeconds mean training time in seconds
 * @param secondsPerEpoch mean training time per epoch in seconds
 * @param samplesPerSecond mean training throughput
 * @param latencyBatchMillis mean of the per-run median batch-32 latencies, in ms
 * @param latencySampleMillis mean of the per-run median one-sample latencies, in ms
 * @param peakHeapMegabytes maximum over the runs of the peak heap, in MiB
 * @param meanValidationLosses validation loss per epoch, averaged over the runs
 */
public record ModelSummary(RunResult first, int runs, double validationMean, double validationStd, double testMean,
        double testStd, double trainSeconds, double secondsPerEpoch, double samplesPerSecond,
        double latencyBatchMillis, double latencySampleMillis, double peakHeapMegabytes,
        double[] meanValidationLosses) {

    /** Groups runs by task configuration and model, keeping the order of first appearance. */
    public static List<ModelSummary> of(List<RunResult> results) {
        Map<String, List<RunResult>> groups = new LinkedHashMap<>();
        for (RunResult result : results) {
            groups.computeIfAbsent(result.groupKey(), key -> new ArrayList<>()).add(result);
        }
        List<ModelSummary> summaries = new ArrayList<>();
        for (List<RunResult> runs : groups.values()) {
            summaries.add(summarize(runs));
        }
        return summaries;
    }

    private static ModelSummary summarize(List<RunResult> runs) {
        return new ModelSummary(runs.get(0), runs.size(),
                mean(runs, RunResult::validationScore), std(runs, RunResult::validationScore),
                mean(runs, RunResult::testScore), std(runs, RunResult::testScore),
                mean(runs, RunResult::trainSeconds), mean(runs, RunResult::secondsPerEpoch),
                mean(runs, RunResult::samplesPerSecond), mean(runs, RunResult::latencyBatchMillis),
                mean(runs, RunResult::latencySampleMillis),
                runs.stream().mapToDouble(RunResult::peakHeapMegabytes).max().orElse(Double.NaN),
                meanCurve(runs));
    }

    private static double mean(List<RunResult> runs, ToDoubleFunction<RunResult> field) {
        return runs.stream().mapToDouble(field).average().orElse(Double.NaN);
    }

    private static double std(List<RunResult> runs, ToDoubleFunction<RunResult> field) {
        if (runs.size() < 2) {
            return 0;
        }
        double mean = mean(runs, field);
        double squares = runs.stream().mapToDouble(field).map(value -> (value - mean) * (value - mean)).sum();
        return Math.sqrt(squares / (runs.size() - 1));
    }

    /** Averages the validation curves over the epochs that every run reached. */
    private static double[] meanCurve(List<RunResult> runs) {
        int length = runs.stream().mapToInt(run -> run.validationLosses().length).min().orElse(0);
        double[] curve = new double[length];
        for (RunResult run : runs) {
            for (int e = 0; e < length; e++) {
                curve[e] += run.validationLosses()[e] / runs.size();
            }
        }
        return curve;
    }
}
