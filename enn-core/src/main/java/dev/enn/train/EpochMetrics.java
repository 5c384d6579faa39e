package dev.enn.train;

/**
 * Summary of one epoch.
 *
 * @param epoch 0-based epoch index
 * @param trainLoss sample-weighted mean of the batch objectives (loss plus regularization) over
 *     the batches that were not skipped, computed during training (dropout active, weights
 *     changing), or NaN if every batch was skipped
 * @param validationLoss mean loss on the validation set in evaluation mode, without the
 *     regularization term, or NaN without a validation set
 * @param validationMetric the configured {@link Metric} on the validation set, or NaN without a
 *     validation set or metric
 * @param skippedSteps batches of this epoch skipped under {@link NonFinitePolicy#SKIP_STEP}
 * @param millis wall-clock time of the epoch including validation, in milliseconds
 */
public record EpochMetrics(int epoch, double trainLoss, double validationLoss, double validationMetric, int skippedSteps,
        double millis) {
}
