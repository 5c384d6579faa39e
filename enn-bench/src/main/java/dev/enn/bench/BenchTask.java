package dev.enn.bench;

import dev.enn.data.Dataset;

/**
 * One benchmark task: three disjoint splits and the shape facts a model needs.
 *
 * @param name task name in reports, such as {@code regression} or {@code sunspots}
 * @param classification whether targets are class indices {@code [n]} scored by accuracy,
 *     rather than regression targets {@code [n, K]} scored by MSE
 * @param outputs K regression outputs or C class logits
 * @param samples samples generated for the task before splitting (grid axis "size")
 * @param steps T, time steps per input
 * @param features F, features per step
 * @param train training split
 * @param validation validation split, used for the per-epoch validation loss
 * @param test held-out split, scored once after training
 */
public record BenchTask(String name, boolean classification, int outputs, int samples, int steps, int features,
        Dataset train, Dataset validation, Dataset test) {

    /** Returns the name of the score: {@code accuracy} or {@code mse}. */
    public String metricName() {
        return classification ? "accuracy" : "mse";
    }

    /** Returns whether a higher score is better (accuracy) rather than a lower one (MSE). */
    public boolean higherIsBetter() {
        return classification;
    }
}
