package dev.enn.optim;

/**
 * Maps a count of completed optimizer steps (or completed epochs, when the trainer steps the
 * schedule per epoch) to a learning rate.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /**
     * Returns the learning rate for the next step.
     *
     * @param completedSteps number of steps (or epochs) completed before this one, at least 0;
     *     the first step uses {@code lr(0)}
     * @return a finite learning rate, at least 0
     */
    double lr(int completedSteps);
}
