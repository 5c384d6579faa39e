package dev.enn.train;

import java.util.List;

/**
 * The result of {@link Trainer#fit}.
 *
 * @param epochs metrics of every epoch that ran, in order
 * @param bestEpoch epoch with the best monitored loss (validation loss when a validation set was
 *     given, else train loss), or -1 if no epoch had a finite one
 * @param bestLoss the monitored loss of {@code bestEpoch}, or NaN
 * @param stoppedEarly whether early stopping ended the run before the last epoch
 * @param restoredBestWeights whether the weights of {@code bestEpoch} were copied back at the end
 * @param completedSteps optimizer steps applied in the whole run
 * @param skippedSteps batches skipped under {@link NonFinitePolicy#SKIP_STEP}
 */
public record TrainingHistory(List<EpochMetrics> epochs, int bestEpoch, double bestLoss, boolean stoppedEarly,
        boolean restoredBestWeights, int completedSteps, int skippedSteps) {
    /** Creates the history with an unmodifiable copy of the epochs. */
    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /** Returns the train loss of every epoch, in order. */
    public double[] trainLosses() {
        return epochs.stream().mapToDouble(EpochMetrics::trainLoss).toArray();
    }

    /** Returns the validation loss of every epoch, in order (NaN without a validation set). */
    public double[] validationLosses() {
        return epochs.stream().mapToDouble(EpochMetrics::validationLoss).toArray();
    }
}
