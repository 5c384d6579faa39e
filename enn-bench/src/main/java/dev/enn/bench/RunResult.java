package dev.enn.bench;

/**
 * Measurements of one training run of one model on one task.
 *
 * @param task task name
 * @param samples samples of the task before splitting
 * @param steps T of the task
 * @param features F of the task
 * @param model model name
 * @param run 0-based run index
 * @param seed seed of the model's weights, dropout and shuffling in this run
 * @param metric {@code mse} or {@code accuracy}
 * @param parameters total parameter count
 * @param reachableParameters parameters on a path to the output: the ENN's
 *     {@code reachableParameterCount()}, and all parameters for the baselines
 * @param validationScore metric on the validation split after the last epoch
 * @param testScore metric on the held-out test split after the last epoch
 * @param epochs epochs run
 * @param trainSeconds wall time of {@code Trainer.fit}, validation passes included
 * @param samplesPerSecond training samples processed per second of {@code trainSeconds}
 * @param latencyBatchMillis median forward time of a batch of 32 in evaluation mode, in ms
 * @param latencySampleMillis median forward time of one sample in evaluation mode, in ms
 * @param peakHeapMegabytes sum of the peak used bytes of the heap memory pools during training,
 *     in MiB, garbage not yet collected included
 * @param trainLosses training loss per epoch
 * @param validationLosses validation loss per epoch
 */
public record RunResult(String task, int samples, int steps, int features, String model, int run, long seed,
        String metric, long parameters, long reachableParameters, double validationScore, double testScore,
        int epochs, double trainSeconds, double samplesPerSecond, double latencyBatchMillis,
        double latencySampleMillis, double peakHeapMegabytes, double[] trainLosses, double[] validationLosses) {

    /** Returns the training time per epoch in seconds. */
    public double secondsPerEpoch() {
        return epochs == 0 ? Double.NaN : trainSeconds / epochs;
    }

    /** Returns the key that groups the runs of one model on one task configuration. */
    public String groupKey() {
        return task + "/" + samples + "/" + steps + "/" + features + "/" + model;
    }
}
