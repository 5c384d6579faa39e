package dev.enn.train;

/**
 * Progress of one optimizer step.
 *
 * @param epoch 0-based epoch index
 * @param step 0-based index of the batch within the whole run (skipped batches count too)
 * @param loss the objective of this batch: the loss plus the model's regularization term, if any
 * @param learningRate the learning rate the optimizer used for this step
 * @param gradNorm global L2 norm of the gradients before clipping
 * @param millis wall-clock time of the step (forward, backward, clipping and update), in milliseconds
 */
public record StepMetrics(int epoch, long step, double loss, double learningRate, double gradNorm, double millis) {
}
