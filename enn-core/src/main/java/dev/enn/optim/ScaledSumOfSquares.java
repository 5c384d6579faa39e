package dev.enn.optim;

/**
 * Accumulates a sum of squares as {@code scale² · ssq}, the way a BLAS {@code nrm2} does, so that
 * the Euclidean norm of very large or very small values neither overflows nor underflows while
 * the result itself is representable.
 */
final class ScaledSumOfSquares {
    private double scale;
    private double ssq = 1;
    private boolean sawNaN;
    private boolean sawInfinity;

    /** Adds every value of {@code values} to the sum. */
    void addAll(double[] values) {
        for (double value : values) {
            if (value == 0) {
                continue;
            }
            double magnitude = Math.abs(value);
            if (Double.isNaN(magnitude)) {
                sawNaN = true;
            } else if (Double.isInfinite(magnitude)) {
                sawInfinity = true;
            } else if (scale < magnitude) {
                // rescale the running sum to the new, larger scale
                double ratio = scale / magnitude;
                ssq = 1 + ssq * ratio * ratio;
                scale = magnitude;
            } else {
                double ratio = magnitude / scale;
                ssq += ratio * ratio;
            }
        }
    }

    /** Returns the Euclidean norm: NaN if a NaN was added, else +∞ if an infinity was added or the norm overflows. */
    double norm() {
        if (sawNaN) {
            return Double.NaN;
        }
        if (sawInfinity) {
            return Double.POSITIVE_INFINITY;
        }
        return scale * Math.sqrt(ssq);
    }
}
