package dev.enn.train;

/**
 * A batch whose update was skipped because its loss or gradient norm was not finite. The
 * weights and optimizer state are as before the batch.
 *
 * @param epoch 0-based epoch index
 * @param step 0-based index of the batch within the whole run
 * @param quantity what was not finite: {@code "loss"} or {@code "gradient norm"}
 * @param value the non-finite value (NaN or ±∞)
 */
public record SkippedStep(int epoch, long step, String quantity, double value) {
}
