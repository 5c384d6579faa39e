package dev.enn.baselines.layers;

import dev.enn.tensor.AttentionKernel;
import java.util.Arrays;

/**
 * Row softmax for the fused attention kernel, with its own exponential. On HotSpot
 * {@link Math#exp} is a call into a stub for every element, and in the softmax of rows of 20 it
 * took about three times as long as the two matrix products of an attention head (20 steps,
 * head width 6, measured with JDK 17 on a 2-core AMD EPYC virtual machine). Here
 * {@code exp(x)} is
 * {@code 2^k · 2^(j/32) · exp(r)} with {@code x = (32k + j)·ln2/32 + r}, |r| ≤ ln2/64, a table of
 * the 32 powers {@code 2^(j/32)} and the Taylor polynomial of {@code exp(r) − 1} to degree 6,
 * whose first term left out is below 4e-18. The result stays within 1 ulp of
 * {@link StrictMath#exp} (checked by its test over [−750, 700]), so rows differ from
 * {@link AttentionKernel#softmaxInPlace} in the last bits.
 */
final class SoftmaxKernel {
    private static final int TABLE_SIZE = 32;
    /** Below this argument the kernel defers to {@link Math#exp}: −∞, NaN and results near the subnormal range. */
    private static final double TABLE_LOWER_LIMIT = -700;
    /** ln2 rounded to double, and the rest ln2 − LN2_HIGH; both are divided by TABLE_SIZE exactly below. */
    private static final double LN2_HIGH = 0x1.62e42fefa39efp-1;
    private static final double LN2_LOW = 2.319046813846299558e-17;
    private static final double SCALED_LOG2E = TABLE_SIZE / LN2_HIGH;
    private static final double LN2_OVER_SIZE_HIGH = LN2_HIGH / TABLE_SIZE;
    private static final double LN2_OVER_SIZE_LOW = LN2_LOW / TABLE_SIZE;
    private static final double[] POWERS = new double[TABLE_SIZE];

    static {
        for (int j = 0; j < TABLE_SIZE; j++) {
            POWERS[j] = StrictMath.pow(2, j / (double) TABLE_SIZE);
        }
    }

    private SoftmaxKernel() {
    }

    /**
     * Returns e^x for x up to 700; NaN gives NaN and −∞ gives 0.
     */
    static double exp(double x) {
        if (!(x > TABLE_LOWER_LIMIT)) {
            return Math.exp(x);
        }
        double n = Math.rint(x * SCALED_LOG2E);
        double r = Math.fma(-n, LN2_OVER_SIZE_HIGH, x);
        r = Math.fma(-n, LN2_OVER_SIZE_LOW, r);
        long index = (long) n;
        double power = POWERS[(int) (index & (TABLE_SIZE - 1))];
        double scale = Double.longBitsToDouble(((index >> 5) + 1023) << 52);

        // exp(r) − 1 = r + r²·(1/2 + r/6 + r²·(1/24 + r/120 + r²/720)), by Estrin's scheme
        double r2 = r * r;
        double high = Math.fma(r2, 1.0 / 720, Math.fma(r, 1.0 / 120, 1.0 / 24));
        double low = Math.fma(r, 1.0 / 6, 0.5);
        double expm1 = Math.fma(r2, Math.fma(r2, high, low), r);
        return scale * Math.fma(power, expm1, power);
    }

    /**
     * Replaces {@code x[start, start + length)} by its softmax, as
     * {@link AttentionKernel#softmaxInPlace} does up to rounding: a row of only −∞ becomes
     * zeros, and a row with a +∞ or NaN entry goes to {@link AttentionKernel#softmaxInPlace}.
     */
    static void softmaxInPlace(double[] x, int start, int length) {
        int end = start + length;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = start; i < end; i++) {
            max = Math.max(max, x[i]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            Arrays.fill(x, start, end, 0.0);
            return;
        }
        if (max == Double.POSITIVE_INFINITY || Double.isNaN(max)) {
            AttentionKernel.softmaxInPlace(x, start, length);
            return;
        }
        double sum = 0;
        for (int i = start; i < end; i++) {
            double e = exp(x[i] - max);
            x[i] = e;
            sum += e;
        }
        double inverse = 1.0 / sum;
        for (int i = start; i < end; i++) {
            x[i] *= inverse;
        }
    }
}
