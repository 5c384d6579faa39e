package dev.enn.train;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes training progress as one {@code key=value} line per event through SLF4J: INFO at the
 * start and end of training, every {@code everySteps} optimizer steps and after every epoch,
 * and WARN for skipped batches and warnings. Numbers use {@link Locale#ROOT}. Loss, learning
 * rate and gradient norm have 6 significant digits. Example lines:
 *
 * <pre>
 * event=step epoch=0 step=99 loss=0.0123457 lr=0.00100000 grad_norm=0.532110 ms=0.412
 * event=epoch epoch=0 train_loss=0.0200000 val_loss=0.0180000 val_metric=NaN skipped=0 ms=41.200
 * </pre>
 */
public final class LoggingListener implements TrainingListener {
    private final Logger logger;
    private final int everySteps;

    /**
     * Creates a listener that logs to the logger named after this class.
     *
     * @param everySteps log one line per this many steps; 0 logs epochs only
     * @throws IllegalArgumentException if {@code everySteps} is negative
     */
    public LoggingListener(int everySteps) {
        this(LoggerFactory.getLogger(LoggingListener.class), everySteps);
    }

    /**
     * Creates a listener that logs to {@code logger}.
     *
     * @param everySteps log one line per this many steps; 0 logs epochs only
     * @throws IllegalArgumentException if {@code everySteps} is negative
     */
    public LoggingListener(Logger logger, int everySteps) {
        if (everySteps < 0) {
            throw new IllegalArgumentException("LoggingListener: everySteps = " + everySteps
                    + " must be >= 0 (0 logs epochs only)");
        }
        this.logger = logger;
        this.everySteps = everySteps;
    }

    @Override
    public void onTrainStart(TrainingSetup setup) {
        if (logger.isInfoEnabled()) {
            logger.info(format("event=train_start epochs=%d train_samples=%d validation_samples=%d batch_size=%d"
                    + " steps_per_epoch=%d parameters=%d", setup.epochs(), setup.trainSamples(),
                    setup.validationSamples(), setup.batchSize(), setup.stepsPerEpoch(), setup.parameterCount()));
        }
    }

    @Override
    public void onStep(StepMetrics metrics) {
        if (everySteps == 0 || (metrics.step() + 1) % everySteps != 0 || !logger.isInfoEnabled()) {
            return;
        }
        logger.info(format("event=step epoch=%d step=%d loss=%.6g lr=%.6g grad_norm=%.6g ms=%.3f", metrics.epoch(),
                metrics.step(), metrics.loss(), metrics.learningRate(), metrics.gradNorm(), metrics.millis()));
    }

    @Override
    public void onSkippedStep(SkippedStep skipped) {
        if (logger.isWarnEnabled()) {
            logger.warn(format("event=skipped_step epoch=%d step=%d quantity=\"%s\" value=%s", skipped.epoch(),
                    skipped.step(), skipped.quantity(), skipped.value()));
        }
    }

    @Override
    public void onWarning(String message) {
        if (logger.isWarnEnabled()) {
            logger.warn(format("event=warning message=\"%s\"", message.replace("\"", "'")));
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        if (logger.isInfoEnabled()) {
            logger.info(format("event=epoch epoch=%d train_loss=%.6g val_loss=%.6g val_metric=%.6g skipped=%d ms=%.3f",
                    metrics.epoch(), metrics.trainLoss(), metrics.validationLoss(), metrics.validationMetric(),
                    metrics.skippedSteps(), metrics.millis()));
        }
    }

    @Override
    public void onTrainEnd(TrainingHistory history) {
        if (logger.isInfoEnabled()) {
            logger.info(format("event=train_end epochs_run=%d best_epoch=%d best_loss=%.6g stopped_early=%b"
                    + " restored_best_weights=%b steps=%d skipped=%d", history.epochs().size(), history.bestEpoch(),
                    history.bestLoss(), history.stoppedEarly(), history.restoredBestWeights(),
                    history.completedSteps(), history.skippedSteps()));
        }
    }

    private static String format(String template, Object... values) {
        return String.format(Locale.ROOT, template, values);
    }
}
