package dev.enn.optim;

/**
 * Thrown when the global gradient norm is NaN or infinite, so no finite clipping coefficient
 * exists. The gradients are left unchanged.
 */
public class NonFiniteGradientException extends ArithmeticException {
    private final String parameterName;
    private final double norm;

    /**
     * Creates the exception.
     *
     * @param message full message naming the parameter and the value
     * @param parameterName name (or position) of the first parameter with a non-finite gradient
     *     entry, or {@code null} when every entry is finite and only the sum overflows
     * @param norm the non-finite norm (NaN or +∞)
     */
    public NonFiniteGradientException(String message, String parameterName, double norm) {
        super(message);
        this.parameterName = parameterName;
        this.norm = norm;
    }

    /**
     * Returns the name of the first parameter whose gradient contains NaN or ±∞, or {@code null}
     * when every entry is finite and only the norm overflows.
     */
    public String parameterName() {
        return parameterName;
    }

    /** Returns the non-finite norm: NaN if some entry is NaN, else +∞. */
    public double norm() {
        return norm;
    }
}
