package dev.enn.train;

/** The trainer's response to a batch whose loss or gradient norm is NaN or infinite. */
public enum NonFinitePolicy {
    /** Throw a {@link NonFiniteValueException} naming the epoch and step. The default. */
    FAIL,
    /**
     * Skip the batch: no update, weights and optimizer state unchanged, and the schedule does
     * not advance. The listener's {@link TrainingListener#onSkippedStep} reports it.
     */
    SKIP_STEP
}
