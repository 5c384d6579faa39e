package dev.enn.train;

/**
 * Thrown by the trainer under {@link NonFinitePolicy#FAIL} when a batch's loss or gradient norm is
 * NaN or infinite. The weights are left as they were before that batch.
 */
public class NonFiniteValueException extends ArithmeticException {
    private final int epoch;
    private final long step;
    private final String quantity;
    private final double value;

    /**
     * Creates the exception.
     *
     * @param message full message naming the epoch, the step and the value
     * @param epoch 0-based epoch index
     * @param step 0-based index of the batch within the run
     * @param quantity {@code "loss"} or {@code "gradient norm"}
     * @param value the non-finite value
     */
    public NonFiniteValueException(String message, int epoch, long step, String quantity, double value) {
        super(message);
        this.epoch = epoch;
        this.step = step;
        this.quantity = quantity;
        this.value = value;
    }

    /** Returns the 0-based epoch index. */
    public int epoch() {
        return epoch;
    }

    /** Returns the 0-based index of the batch within the run. */
    public long step() {
        return step;
    }

    /** Returns what was not finite: {@code "loss"} or {@code "gradient norm"}. */
    public String quantity() {
        return quantity;
    }

    /** Returns the non-finite value. */
    public double value() {
        return value;
    }
}
