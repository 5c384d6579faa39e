package dev.enn.data;

import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * Cuts a time series into supervised samples: each input is a window of W consecutive time
 * steps, and its target is the next H values after the window. Immutable.
 *
 * <p><b>Layout.</b> The series is {@code [L]} (one feature) or {@code [L, F]}, row t being time
 * step t. A window is identified by its anchor s, the index of its first target step:
 *
 * <pre>
 *   inputs   rows s−W … s−1, all F features      → one sample [W, F]
 *   targets  rows s … s+H−1, target columns c₀…c₍K−1₎ → one target [H·K]
 *            element h·K + k = series[s + h, c_k]   (step-major)
 * </pre>
 *
 * <p>Anchors start at W and advance by {@code stride}: s = W, W + stride, …, while s + H ≤ L.
 * The number of windows is therefore {@code floor((L − W − H) / stride) + 1}. The result is a
 * {@link Dataset} with inputs {@code [n, W, F]} (F = 1 for a {@code [L]} series) and targets
 * {@code [n, H·K]}. With H = 1 and one target column each target is the single next value,
 * {@code [n, 1]}. By default every column is a target column (K = F).
 *
 * <p><b>Splits.</b> {@link #build(Tensor, int, int)} keeps only the windows whose targets lie in
 * {@code [targetStart, targetEnd)}. Their inputs may reach back before {@code targetStart}, into an
 * earlier part, but never past {@code targetEnd}. Anchors then start at
 * {@code max(targetStart, W)}. {@link #buildSplit(Tensor, TimeSplit)} applies this to the three
 * parts of a {@link TimeSplit}, so no target of one part is ever an input or a target of an earlier
 * part.
 *
 * <p>Every method rejects NaN and infinite series values, naming the index.
 */
public final class SlidingWindows {
    private final int window;
    private final int horizon;
    private final int stride;
    /** Target columns, or {@code null} for every column of the series. */
    private final int[] targetColumns;

    private SlidingWindows(int window, int horizon, int stride, int[] targetColumns) {
        this.window = window;
        this.horizon = horizon;
        this.stride = stride;
        this.targetColumns = targetColumns;
    }

    /**
     * Creates windows of {@code window} input steps that predict the next {@code horizon} values,
     * with stride 1 and every column as a target.
     *
     * @param window input length W in time steps, at least 1
     * @param horizon number H of future steps in each target, at least 1; use 1 for next-value
     *     prediction
     * @throws IllegalArgumentException if either is less than 1
     */
    public static SlidingWindows of(int window, int horizon) {
        requireAtLeastOne("window", window);
        requireAtLeastOne("horizon", horizon);
        return new SlidingWindows(window, horizon, 1, null);
    }

    /**
     * Returns a copy that moves the anchor by {@code stride} time steps between windows.
     *
     * @throws IllegalArgumentException if {@code stride < 1}
     */
    public SlidingWindows withStride(int stride) {
        requireAtLeastOne("stride", stride);
        return new SlidingWindows(window, horizon, stride, targetColumns);
    }

    /**
     * Returns a copy whose targets contain only the given columns of a {@code [L, F]} series, in the
     * given order. The indices are checked against F when windows are built.
     *
     * @param columns column indices, at least one, each {@code >= 0}
     * @throws IllegalArgumentException if no column is given or an index is negative
     */
    public SlidingWindows withTargetColumns(int... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("SlidingWindows: withTargetColumns needs at least one column index");
        }
        for (int c : columns) {
            if (c < 0) {
                throw new IllegalArgumentException("SlidingWindows: target column " + c + " is negative; indices are "
                        + "0-based positions along the feature axis of a [L, F] series");
            }
        }
        return new SlidingWindows(window, horizon, stride, columns.clone());
    }

    /** Returns the input length W in time steps. */
    public int window() {
        return window;
    }

    /** Returns the number H of future steps in each target. */
    public int horizon() {
        return horizon;
    }

    /** Returns the number of time steps between consecutive anchors. */
    public int stride() {
        return stride;
    }

    /**
     * Returns the target columns for a series with {@code featureCount} features: the configured
     * ones, or {@code 0 … featureCount−1} by default. Pass the result to
     * {@link ZScore#inverseTransformColumns(Tensor, int...)} to map targets back to data units.
     *
     * @throws IllegalArgumentException if a configured column is not below {@code featureCount}
     */
    public int[] targetColumns(int featureCount) {
        if (targetColumns == null) {
            int[] all = new int[featureCount];
            for (int f = 0; f < featureCount; f++) {
                all[f] = f;
            }
            return all;
        }
        for (int c : targetColumns) {
            if (c >= featureCount) {
                throw new IllegalArgumentException("SlidingWindows: target column " + c + " does not exist in a series with "
                        + featureCount + " features (valid indices 0.." + (featureCount - 1) + ")");
            }
        }
        return targetColumns.clone();
    }

    /**
     * Returns the number of windows over a whole series of {@code length} time steps.
     *
     * @throws IllegalArgumentException if {@code length < W + H}
     */
    public int windowCount(int length) {
        requireLongEnough(length);
        return countAnchors(0, length);
    }

    /**
     * Returns the number of windows whose targets lie in {@code [targetStart, targetEnd)}; 0 when
     * none fits.
     */
    public int windowCount(int targetStart, int targetEnd) {
        return countAnchors(targetStart, targetEnd);
    }

    /**
     * Cuts every window of a one-feature series.
     *
     * @param series L values in time order. Not modified.
     * @return inputs {@code [n, W, 1]}, targets {@code [n, H]}
     * @throws IllegalArgumentException if {@code L < W + H} or a value is NaN or infinite
     */
    public Dataset build(double[] series) {
        return build(Tensor.of(series, series.length));
    }

    /**
     * Cuts every window of a series.
     *
     * @param series {@code [L]} or {@code [L, F]}. Not modified.
     * @return inputs {@code [n, W, F]}, targets {@code [n, H·K]}
     * @throws IllegalArgumentException if {@code L < W + H}, the shape is not rank 1 or 2, a target
     *     column does not exist, or a value is NaN or infinite
     */
    public Dataset build(Tensor series) {
        requireSeriesShape(series);
        requireLongEnough(series.dim(0));
        return build(series, 0, series.dim(0));
    }

    /**
     * Cuts the windows whose targets lie in {@code [targetStart, targetEnd)}. Their inputs may start
     * before {@code targetStart}.
     *
     * @param series {@code [L]} or {@code [L, F]}. Not modified.
     * @return inputs {@code [n, W, F]}, targets {@code [n, H·K]}
     * @throws IllegalArgumentException if the range is outside {@code [0, L]}, no window fits in it,
     *     the shape is not rank 1 or 2, a target column does not exist, or a value is NaN or infinite
     */
    public Dataset build(Tensor series, int targetStart, int targetEnd) {
        requireSeriesShape(series);
        int length = series.dim(0);
        if (targetStart < 0 || targetEnd > length || targetStart > targetEnd) {
            throw new IllegalArgumentException("SlidingWindows: target range [" + targetStart + ", " + targetEnd
                    + ") is outside the series of " + length + " time steps");
        }
        int count = countAnchors(targetStart, targetEnd);
        if (count == 0) {
            throw new IllegalArgumentException("SlidingWindows: no window has all its targets in time steps ["
                    + targetStart + ", " + targetEnd + "): a window needs " + horizon + " target steps (horizon) "
                    + "inside that range and " + window + " input steps (window) from index 0 on; "
                    + "use a shorter window or horizon, or a larger range");
        }
        FiniteCheck.requireFinite("SlidingWindows", series, "drop or impute missing values before cutting windows "
                + "(a CSV read with MissingValuePolicy.NAN keeps them as NaN)");
        return cut(series, firstAnchor(targetStart), count);
    }

    /** Cuts the windows of the training part, whose inputs and targets lie in {@code [0, trainEnd)}. */
    public Dataset train(Tensor series, TimeSplit split) {
        split.requireLength(series, "SlidingWindows.train");
        return buildPart("training", series, 0, split.trainEnd());
    }

    /**
     * Cuts the windows whose targets lie in {@code [trainEnd, validationEnd)}. Their inputs may
     * include the last W − 1 training steps.
     */
    public Dataset validation(Tensor series, TimeSplit split) {
        split.requireLength(series, "SlidingWindows.validation");
        return buildPart("validation", series, split.trainEnd(), split.validationEnd());
    }

    /**
     * Cuts the windows whose targets lie in {@code [validationEnd, L)}. Their inputs may include
     * earlier validation or training steps.
     */
    public Dataset test(Tensor series, TimeSplit split) {
        split.requireLength(series, "SlidingWindows.test");
        return buildPart("test", series, split.validationEnd(), split.length());
    }

    /**
     * Cuts the windows of all three parts of a split.
     *
     * @param series {@code [L]} or {@code [L, F]}, normally already normalised. Not modified.
     * @throws IllegalArgumentException if the series length differs from the split's, or a part
     *     (the test part included) contains no complete window
     */
    public SplitDatasets buildSplit(Tensor series, TimeSplit split) {
        return new SplitDatasets(train(series, split), validation(series, split), test(series, split));
    }

    private Dataset buildPart(String part, Tensor series, int start, int end) {
        requireSeriesShape(series);
        if (countAnchors(start, end) == 0) {
            throw new IllegalArgumentException("SlidingWindows: the " + part + " part, time steps [" + start + ", "
                    + end + "), contains no complete window: each window needs " + horizon + " target steps (horizon) "
                    + "inside the part and " + window + " input steps (window) before them; "
                    + "use a shorter window or horizon, or give that part a larger fraction");
        }
        return build(series, start, end);
    }

    private Dataset cut(Tensor series, int firstAnchor, int count) {
        int featureCount = series.rank() == 1 ? 1 : series.dim(1);
        int[] columns = targetColumns(featureCount);
        double[] values = series.dataView();
        int inputSize = window * featureCount;
        int targetSize = horizon * columns.length;
        double[] inputs = new double[count * inputSize];
        double[] targets = new double[count * targetSize];

        for (int i = 0; i < count; i++) {
            int anchor = firstAnchor + i * stride;

            // Input rows anchor−W … anchor−1 are contiguous in the row-major series.
            System.arraycopy(values, (anchor - window) * featureCount, inputs, i * inputSize, inputSize);

            // Target element h·K + k is column c_k at time step anchor + h.
            for (int h = 0; h < horizon; h++) {
                for (int k = 0; k < columns.length; k++) {
                    targets[i * targetSize + h * columns.length + k] = values[(anchor + h) * featureCount + columns[k]];
                }
            }
        }
        return new Dataset(Tensor.wrap(inputs, count, window, featureCount), Tensor.wrap(targets, count, targetSize));
    }

    private int firstAnchor(int targetStart) {
        return Math.max(targetStart, window);
    }

    private int countAnchors(int targetStart, int targetEnd) {
        int lastAnchor = targetEnd - horizon;
        int first = firstAnchor(targetStart);
        if (lastAnchor < first) {
            return 0;
        }
        return (lastAnchor - first) / stride + 1;
    }

    private void requireLongEnough(int length) {
        if (length < window + horizon) {
            throw new IllegalArgumentException("SlidingWindows: the series has " + length + " time steps, but window "
                    + window + " + horizon " + horizon + " needs at least " + (window + horizon)
                    + "; use a shorter window or horizon, or a longer series");
        }
    }

    private static void requireSeriesShape(Tensor series) {
        if (series.rank() != 1 && series.rank() != 2) {
            throw new IllegalArgumentException("SlidingWindows: series must be [L] or [L, F] (time steps first), got shape "
                    + Arrays.toString(series.shape()));
        }
        if (series.rank() == 2 && series.dim(1) == 0) {
            throw new IllegalArgumentException("SlidingWindows: series shape " + Arrays.toString(series.shape())
                    + " has no features; expected [L, F] with F >= 1");
        }
    }

    private static void requireAtLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("SlidingWindows: " + name + " must be at least 1, got " + value);
        }
    }

    @Override
    public String toString() {
        return "SlidingWindows[window=" + window + ", horizon=" + horizon + ", stride=" + stride + ", targetColumns="
                + (targetColumns == null ? "all" : Arrays.toString(targetColumns)) + "]";
    }
}
