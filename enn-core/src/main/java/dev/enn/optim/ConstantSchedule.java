package dev.enn.optim;

/** A schedule that returns the same learning rate at every step. */
public final class ConstantSchedule implements LearningRateSchedule {
    private final double learningRate;

    /**
     * Creates the schedule.
     *
     * @throws IllegalArgumentException if {@code learningRate} is negative or not finite
     */
    public ConstantSchedule(double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("ConstantSchedule: learningRate = " + learningRate
                    + " is invalid. It must be finite and >= 0");
        }
        this.learningRate = learningRate;
    }

    @Override
    public double lr(int completedSteps) {
        return learningRate;
    }
}
