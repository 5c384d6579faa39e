package dev.enn.train;

/** How often the trainer advances a learning-rate schedule. */
public enum ScheduleUnit {
    /**
     * Before every optimizer step, with the number of steps completed so far. Skipped batches
     * do not count.
     */
    STEP,
    /**
     * Once at the start of every epoch, with the number of epochs completed so far, as
     * PyTorch's {@code scheduler.step()} called once per epoch.
     */
    EPOCH
}
