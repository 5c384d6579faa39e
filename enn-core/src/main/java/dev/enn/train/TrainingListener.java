package dev.enn.train;

/**
 * Receives training events from a {@link Trainer}. Every method does nothing by default.
 * Methods run on the training thread between steps, so a slow listener slows training. An
 * exception thrown by a listener stops the run.
 */
public interface TrainingListener {
    /** Called once before the first epoch. */
    default void onTrainStart(TrainingSetup setup) {
    }

    /**
     * Called at the start of each epoch.
     *
     * @param epoch 0-based epoch index
     * @param sampleOrder the order in which the epoch visits the training samples. Batches are
     *     consecutive runs of it. A copy, free to keep.
     */
    default void onEpochStart(int epoch, int[] sampleOrder) {
    }

    /** Called after every optimizer step. */
    default void onStep(StepMetrics metrics) {
    }

    /** Called when a batch is skipped under {@link NonFinitePolicy#SKIP_STEP}. */
    default void onSkippedStep(SkippedStep skipped) {
    }

    /** Called for a recoverable anomaly, such as a non-finite validation loss. */
    default void onWarning(String message) {
    }

    /** Called at the end of each epoch, after validation. */
    default void onEpochEnd(EpochMetrics metrics) {
    }

    /** Called once when training ends normally, after the best weights are restored if requested. */
    default void onTrainEnd(TrainingHistory history) {
    }
}
