package dev.enn.data;

import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * Boundaries of a chronological train, validation and test split of a series of {@code length}
 * time steps. The three parts are consecutive and never shuffled:
 *
 * <pre>
 *   train       [0, trainEnd)
 *   validation  [trainEnd, validationEnd)
 *   test        [validationEnd, length)
 * </pre>
 *
 * <p>A split only stores indices, so one split applies to the raw series and to its normalised
 * copy alike. Fit a {@link ZScore} on {@link #train(Tensor)} only, then let
 * {@link SlidingWindows#buildSplit(Tensor, TimeSplit)} cut windows whose targets lie inside each
 * part.
 *
 * @param length number of time steps L of the series, at least 1
 * @param trainEnd first index after the training part, in {@code [1, length]}
 * @param validationEnd first index after the validation part, in {@code [trainEnd, length]}
 */
public record TimeSplit(int length, int trainEnd, int validationEnd) {
    /**
     * Validates the boundaries.
     *
     * @throws IllegalArgumentException unless {@code 1 <= trainEnd <= validationEnd <= length}
     */
    public TimeSplit {
        if (trainEnd < 1 || trainEnd > validationEnd || validationEnd > length) {
            throw new IllegalArgumentException("TimeSplit: boundaries trainEnd=" + trainEnd + ", validationEnd="
                    + validationEnd + ", length=" + length + " are invalid; they must satisfy "
                    + "1 <= trainEnd <= validationEnd <= length so that the training part is not empty");
        }
    }

    /**
     * Splits a series by time: the first {@code trainFraction} of its time steps are for training,
     * the next {@code validationFraction} for validation and the rest for testing.
     *
     * @param series {@code [L]} or {@code [L, F]}; only its length L is used. Not modified.
     * @see #ofLength(int, double, double)
     * @throws IllegalArgumentException if the series is a scalar or the fractions are invalid
     */
    public static TimeSplit split(Tensor series, double trainFraction, double validationFraction) {
        if (series.rank() < 1) {
            throw new IllegalArgumentException("TimeSplit.split: series must be [L] or [L, F], got shape "
                    + Arrays.toString(series.shape()));
        }
        return ofLength(series.dim(0), trainFraction, validationFraction);
    }

    /**
     * Splits {@code length} time steps by fractions. The boundaries are
     * {@code trainEnd = floor(trainFraction · length)} and
     * {@code validationEnd = floor((trainFraction + validationFraction) · length)}, capped at
     * {@code length}. Before the floor each product is raised by a relative 1e-12, so that a
     * product such as 0.29 · 100, which is 28.999999999999996 in binary floating point, gives 29.
     *
     * @param trainFraction in (0, 1]
     * @param validationFraction in [0, 1); the test part receives {@code 1 − trainFraction −
     *     validationFraction} and may be empty
     * @throws IllegalArgumentException if a fraction is out of range or not finite, the two sum to
     *     more than 1, or the training part would be empty
     */
    public static TimeSplit ofLength(int length, double trainFraction, double validationFraction) {
        if (!(trainFraction > 0 && trainFraction <= 1)) {
            throw new IllegalArgumentException("TimeSplit: trainFraction " + trainFraction + " must be in (0, 1]");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("TimeSplit: validationFraction " + validationFraction
                    + " must be in [0, 1)");
        }
        if (trainFraction + validationFraction > 1 + 1e-12) {
            throw new IllegalArgumentException("TimeSplit: trainFraction " + trainFraction + " + validationFraction "
                    + validationFraction + " = " + (trainFraction + validationFraction)
                    + " exceeds 1; the test part receives what is left, so the two must sum to at most 1");
        }
        int trainEnd = boundary(trainFraction, length);
        int validationEnd = boundary(trainFraction + validationFraction, length);
        if (trainEnd < 1) {
            throw new IllegalArgumentException("TimeSplit: trainFraction " + trainFraction + " of " + length
                    + " time steps leaves the training part empty; use a larger fraction or a longer series");
        }
        return new TimeSplit(length, trainEnd, validationEnd);
    }

    private static int boundary(double fraction, int length) {
        double exact = fraction * length * (1 + 1e-12);
        return (int) Math.min(length, Math.floor(exact));
    }

    /** Returns the number of time steps in the training part. */
    public int trainLength() {
        return trainEnd;
    }

    /** Returns the number of time steps in the validation part (0 when it is empty). */
    public int validationLength() {
        return validationEnd - trainEnd;
    }

    /** Returns the number of time steps in the test part (0 when it is empty). */
    public int testLength() {
        return length - validationEnd;
    }

    /**
     * Returns a copy of the training rows {@code [0, trainEnd)}: the data to fit a normaliser on.
     *
     * @param series {@code [L]} or {@code [L, F]} with L equal to {@link #length()}. Not modified.
     * @throws IllegalArgumentException if the series length differs from {@link #length()}
     */
    public Tensor train(Tensor series) {
        return rows(series, 0, trainEnd);
    }

    /**
     * Returns a copy of the validation rows {@code [trainEnd, validationEnd)}.
     *
     * @throws IllegalArgumentException if the series length differs from {@link #length()}
     */
    public Tensor validation(Tensor series) {
        return rows(series, trainEnd, validationEnd);
    }

    /**
     * Returns a copy of the test rows {@code [validationEnd, length)}.
     *
     * @throws IllegalArgumentException if the series length differs from {@link #length()}
     */
    public Tensor test(Tensor series) {
        return rows(series, validationEnd, length);
    }

    void requireLength(Tensor series, String operation) {
        if (series.rank() < 1 || series.dim(0) != length) {
            throw new IllegalArgumentException(operation + ": series shape " + Arrays.toString(series.shape())
                    + " does not match a split made for " + length + " time steps; make the split from the same series");
        }
    }

    private Tensor rows(Tensor series, int start, int end) {
        requireLength(series, "TimeSplit");
        return series.slice(0, start, end);
    }
}
