package dev.enn.data;

import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * Per-feature standardisation {@code z = (x − mean) / std}, with the mean and the population
 * standard deviation (divisor n, not n − 1) fitted once. Immutable and safe to share between
 * threads.
 *
 * <p><b>No leakage.</b> Fit on the training part only ({@link #fit(Tensor, TimeSplit)}), then
 * transform the whole series with those statistics. Validation and test values then never
 * influence the scaling.
 *
 * <p><b>Features.</b> The last axis contains the F features: {@code [L, F]}, {@code [n, W, F]} and so
 * on. A scaler fitted on a {@code [L]} series has F = 1 and accepts tensors of any shape.
 *
 * <p><b>Constant features.</b> A feature whose training values are all identical gets std 1 and
 * mean equal to that value, so it transforms to exactly 0 and back to the same value, instead of
 * dividing by zero. {@link #constantFeatures()} lists such features, because they carry no
 * information for the model.
 *
 * <p>{@link #transform} and {@link #inverseTransform} are built from differentiable tensor ops, so a
 * loss can be computed in data units. Every method rejects NaN and infinite values, naming the
 * index.
 */
public final class ZScore {
    private final double[] mean;
    private final double[] std;
    private final boolean[] constant;

    private ZScore(double[] mean, double[] std, boolean[] constant) {
        this.mean = mean;
        this.std = std;
        this.constant = constant;
    }

    /**
     * Fits the mean and population standard deviation of each feature over all rows.
     *
     * @param data {@code [L]} (one feature) or {@code [..., F]}, at least one row; every leading
     *     axis counts rows. Not modified.
     * @throws IllegalArgumentException if the data is a scalar or empty, a value is NaN or infinite,
     *     or a feature's values span more than the double range
     */
    public static ZScore fit(Tensor data) {
        if (data.rank() < 1 || data.size() == 0) {
            throw new IllegalArgumentException("ZScore.fit: data must be [L] or [..., F] with at least one value, got shape "
                    + Arrays.toString(data.shape()));
        }
        FiniteCheck.requireFinite("ZScore.fit", data, "drop or impute missing values before fitting "
                + "(a CSV read with MissingValuePolicy.NAN keeps them as NaN)");

        int featureCount = data.rank() == 1 ? 1 : data.dim(data.rank() - 1);
        int rowCount = data.size() / featureCount;
        double[] values = data.dataView();
        double[] mean = new double[featureCount];
        double[] std = new double[featureCount];
        boolean[] constant = new boolean[featureCount];
        double[] column = new double[rowCount];
        for (int f = 0; f < featureCount; f++) {
            for (int r = 0; r < rowCount; r++) {
                column[r] = values[r * featureCount + f];
            }
            constant[f] = allEqual(column);
            if (constant[f]) {
                mean[f] = column[0];
                std[f] = 1.0;
            } else {
                mean[f] = mean(column);
                std[f] = populationStd(column, mean[f], f);
            }
        }
        return new ZScore(mean, std, constant);
    }

    /**
     * Fits on the training rows {@code [0, trainEnd)} of a split series only.
     *
     * @param series {@code [L]} or {@code [L, F]} with L equal to the split's length. Not modified.
     * @throws IllegalArgumentException as {@link #fit(Tensor)} does, or if the lengths differ
     */
    public static ZScore fit(Tensor series, TimeSplit split) {
        return fit(split.train(series));
    }

    /**
     * Computes the mean in two passes: the plain sum, then the mean of the residuals as a
     * correction, which recovers most of the rounding error of the first pass. Falls back to summing
     * {@code x / n} when the plain sum overflows.
     */
    private static double mean(double[] column) {
        int n = column.length;
        double sum = 0;
        for (double x : column) {
            sum += x;
        }
        double mean = sum / n;
        if (!Double.isFinite(mean)) {
            mean = 0;
            for (double x : column) {
                mean += x / n;
            }
        }
        double residual = 0;
        for (double x : column) {
            residual += x - mean;
        }
        double corrected = mean + residual / n;
        return Double.isFinite(corrected) ? corrected : mean;
    }

    /**
     * Computes sqrt(Σ(x − mean)² / n) from deviations scaled by their largest magnitude, so the
     * squares neither overflow nor underflow.
     */
    private static double populationStd(double[] column, double mean, int feature) {
        double scale = 0;
        for (double x : column) {
            scale = Math.max(scale, Math.abs(x - mean));
        }
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("ZScore.fit: feature " + feature + " has values whose deviations from the "
                    + "mean " + mean + " exceed the double range; rescale that feature before fitting");
        }
        double sumOfSquares = 0;
        for (double x : column) {
            double scaled = (x - mean) / scale;
            sumOfSquares += scaled * scaled;
        }
        double std = scale * Math.sqrt(sumOfSquares / column.length);
        if (std == 0) {
            throw new IllegalArgumentException("ZScore.fit: feature " + feature + " has a standard deviation below the "
                    + "smallest double (largest deviation " + scale + "); rescale that feature before fitting");
        }
        return std;
    }

    private static boolean allEqual(double[] column) {
        for (double x : column) {
            if (x != column[0]) {
                return false;
            }
        }
        return true;
    }

    /** Returns the number of features F. */
    public int featureCount() {
        return mean.length;
    }

    /** Returns a copy of the fitted means, one per feature. */
    public double[] mean() {
        return mean.clone();
    }

    /** Returns a copy of the fitted standard deviations, one per feature; 1 for constant features. */
    public double[] std() {
        return std.clone();
    }

    /** Returns the indices of features whose training values were all identical, in increasing order. */
    public int[] constantFeatures() {
        int count = 0;
        for (boolean c : constant) {
            count += c ? 1 : 0;
        }
        int[] indices = new int[count];
        int next = 0;
        for (int f = 0; f < constant.length; f++) {
            if (constant[f]) {
                indices[next++] = f;
            }
        }
        return indices;
    }

    /**
     * Standardises every feature: {@code (x − mean) / std}.
     *
     * @param x {@code [..., F]}, or any shape when F = 1. Not modified.
     * @return a new tensor of the same shape
     * @throws IllegalArgumentException if the last axis is not F or a value is NaN or infinite
     */
    public Tensor transform(Tensor x) {
        requireFeatureAxis("ZScore.transform", x);
        return transformColumns(x, allFeatures());
    }

    /**
     * Maps standardised values back to data units: {@code z · std + mean}.
     *
     * @param z {@code [..., F]}, or any shape when F = 1. Not modified.
     * @return a new tensor of the same shape
     * @throws IllegalArgumentException if the last axis is not F or a value is NaN or infinite
     */
    public Tensor inverseTransform(Tensor z) {
        requireFeatureAxis("ZScore.inverseTransform", z);
        return inverseTransformColumns(z, allFeatures());
    }

    /**
     * Standardises values whose last axis repeats the given features: element j of the last axis
     * is scaled as feature {@code features[j mod K]}, K being the number of features given. This
     * matches the step-major targets {@code [n, H·K]} of {@link SlidingWindows}.
     *
     * @param x {@code [..., m·K]}, or any shape when K = 1. Not modified.
     * @param features feature indices, at least one, each below F
     * @return a new tensor of the same shape
     * @throws IllegalArgumentException if an index is out of range, the last axis is not a multiple
     *     of K, or a value is NaN or infinite
     */
    public Tensor transformColumns(Tensor x, int... features) {
        FiniteCheck.requireFinite("ZScore.transform", x, "drop or impute missing values first "
                + "(a CSV read with MissingValuePolicy.NAN keeps them as NaN)");
        Tensor[] statistics = broadcastStatistics("ZScore.transform", x, features);
        return x.sub(statistics[0]).div(statistics[1]);
    }

    /**
     * Maps standardised values back to data units, element j of the last axis as feature
     * {@code features[j mod K]}. Use it with {@code windows.targetColumns(F)} to turn predicted or
     * true targets of {@link SlidingWindows} back into data units.
     *
     * @param z {@code [..., m·K]}, or any shape when K = 1. Not modified.
     * @param features feature indices, at least one, each below F
     * @return a new tensor of the same shape
     * @throws IllegalArgumentException if an index is out of range, the last axis is not a multiple
     *     of K, or a value is NaN or infinite (for example a diverged model's prediction)
     */
    public Tensor inverseTransformColumns(Tensor z, int... features) {
        FiniteCheck.requireFinite("ZScore.inverseTransform", z, "a model that produced it has likely diverged; "
                + "check the learning rate and the training loss");
        Tensor[] statistics = broadcastStatistics("ZScore.inverseTransform", z, features);
        return z.mul(statistics[1]).add(statistics[0]);
    }

    /**
     * Builds the mean and std vectors that broadcast along the last axis of {@code x}: shape
     * {@code [D]} for a last axis of length D, or scalars when K = 1.
     */
    private Tensor[] broadcastStatistics(String operation, Tensor x, int[] features) {
        if (features.length == 0) {
            throw new IllegalArgumentException(operation + ": no feature index given; pass at least one");
        }
        for (int f : features) {
            if (f < 0 || f >= mean.length) {
                throw new IllegalArgumentException(operation + ": feature index " + f + " is out of range for a scaler "
                        + "fitted on " + mean.length + " features (valid indices 0.." + (mean.length - 1) + ")");
            }
        }
        if (features.length == 1) {
            return new Tensor[] {Tensor.scalar(mean[features[0]]), Tensor.scalar(std[features[0]])};
        }

        int last = x.rank() == 0 ? 1 : x.dim(x.rank() - 1);
        if (x.rank() == 0 || last % features.length != 0) {
            throw new IllegalArgumentException(operation + ": shape " + Arrays.toString(x.shape()) + " does not fit "
                    + features.length + " features " + Arrays.toString(features) + "; the last axis must be a multiple of "
                    + features.length + " (features last, e.g. [n, T, F] or targets [n, H·F])");
        }
        double[] meanRow = new double[last];
        double[] stdRow = new double[last];
        for (int j = 0; j < last; j++) {
            meanRow[j] = mean[features[j % features.length]];
            stdRow[j] = std[features[j % features.length]];
        }
        return new Tensor[] {Tensor.wrap(meanRow, last), Tensor.wrap(stdRow, last)};
    }

    private void requireFeatureAxis(String operation, Tensor x) {
        if (mean.length > 1 && (x.rank() == 0 || x.dim(x.rank() - 1) != mean.length)) {
            throw new IllegalArgumentException(operation + ": shape " + Arrays.toString(x.shape()) + " does not end in the "
                    + mean.length + " features the scaler was fitted on; features must be the last axis, e.g. [L, "
                    + mean.length + "] or [n, W, " + mean.length + "]. For window targets use inverseTransformColumns");
        }
    }

    private int[] allFeatures() {
        int[] all = new int[mean.length];
        for (int f = 0; f < all.length; f++) {
            all[f] = f;
        }
        return all;
    }

    @Override
    public String toString() {
        return "ZScore[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
