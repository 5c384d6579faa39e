package dev.enn.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions and factories for tests of tensors and layers. Failures list every mismatching
 * element (up to {@link #MAX_REPORTED}) with its multi-index, so one run shows the whole pattern.
 */
public final class TestTensors {
    /** Largest number of mismatching elements listed in one failure message. */
    public static final int MAX_REPORTED = 20;

    private TestTensors() {
    }

    /**
     * Asserts that {@code actual} has {@code expected}'s shape and that every element satisfies
     * {@code |expected − actual| ≤ tol · max(1, |expected|)}. NaN matches only NaN and an
     * infinity only the same infinity.
     */
    public static void assertClose(Tensor expected, Tensor actual, double tol) {
        assertShape(expected.shape(), actual);
        assertClose(expected.toArray(), actual.shape(), actual.toArray(), tol);
    }

    /** Asserts as {@link #assertClose(Tensor, Tensor, double)} against row-major expected values. */
    public static void assertClose(double[] expected, Tensor actual, double tol) {
        assertClose(expected, actual.shape(), actual.toArray(), tol);
    }

    /** Asserts as {@link #assertClose(Tensor, Tensor, double)} on plain arrays of one dimension. */
    public static void assertClose(double[] expected, double[] actual, double tol) {
        assertClose(expected, new int[] {actual.length}, actual, tol);
    }

    private static void assertClose(double[] expected, int[] shape, double[] actual, double tol) {
        if (expected.length != actual.length) {
            throw new AssertionFailedError("expected " + expected.length + " values but got " + actual.length
                    + " (actual shape " + Arrays.toString(shape) + ")");
        }
        StringBuilder report = new StringBuilder();
        int mismatches = 0;
        for (int i = 0; i < expected.length; i++) {
            if (!close(expected[i], actual[i], tol)) {
                mismatches++;
                if (mismatches <= MAX_REPORTED) {
                    report.append("\n  at ").append(Arrays.toString(multiIndex(i, shape)))
                            .append(": expected ").append(expected[i])
                            .append(", actual ").append(actual[i])
                            .append(", difference ").append(actual[i] - expected[i]);
                }
            }
        }
        if (mismatches > 0) {
            String more = mismatches > MAX_REPORTED ? "\n  … " + (mismatches - MAX_REPORTED) + " more" : "";
            throw new AssertionFailedError(mismatches + " of " + expected.length + " elements of shape "
                    + Arrays.toString(shape) + " differ by more than " + tol + " (relative above 1)" + report + more);
        }
    }

    private static boolean close(double expected, double actual, double tol) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return expected == actual;
        }
        return Math.abs(expected - actual) <= tol * Math.max(1.0, Math.abs(expected));
    }

    /** Returns the multi-index of row-major position {@code offset} in {@code shape}. */
    public static int[] multiIndex(int offset, int[] shape) {
        int[] index = new int[shape.length];
        int rest = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] > 0) {
                index[d] = rest % shape[d];
                rest /= shape[d];
            }
        }
        return index;
    }

    /** Asserts that both tensors have the same shape and the same bits in every element. */
    public static void assertBitIdentical(Tensor expected, Tensor actual) {
        assertShape(expected.shape(), actual);
        double[] e = expected.dataView();
        double[] a = actual.dataView();
        StringBuilder report = new StringBuilder();
        int mismatches = 0;
        for (int i = 0; i < e.length; i++) {
            if (Double.doubleToRawLongBits(e[i]) != Double.doubleToRawLongBits(a[i])) {
                mismatches++;
                if (mismatches <= MAX_REPORTED) {
                    report.append("\n  at ").append(Arrays.toString(multiIndex(i, expected.shape())))
                            .append(": expected ").append(e[i]).append(", actual ").append(a[i]);
                }
            }
        }
        if (mismatches > 0) {
            throw new AssertionFailedError(mismatches + " of " + e.length + " elements are not bit-identical" + report);
        }
    }

    /** Asserts that {@code actual} has exactly the given shape. */
    public static void assertShape(int[] expected, Tensor actual) {
        if (!Arrays.equals(expected, actual.shape())) {
            throw new AssertionFailedError("expected shape " + Arrays.toString(expected) + " but got "
                    + Arrays.toString(actual.shape()), Arrays.toString(expected), Arrays.toString(actual.shape()));
        }
    }

    /** Asserts that no element of {@code actual} is NaN or infinite, listing those that are. */
    public static void assertAllFinite(Tensor actual) {
        double[] a = actual.dataView();
        StringBuilder report = new StringBuilder();
        int bad = 0;
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                bad++;
                if (bad <= MAX_REPORTED) {
                    report.append("\n  at ").append(Arrays.toString(multiIndex(i, actual.shape())))
                            .append(": ").append(a[i]);
                }
            }
        }
        if (bad > 0) {
            throw new AssertionFailedError(bad + " of " + a.length + " elements are not finite" + report);
        }
    }

    /**
     * Asserts that {@code call} throws {@code type} with a message containing every fragment
     * (case-sensitive), and returns the exception.
     */
    public static <T extends Throwable> T assertThrowsWithMessage(Class<T> type, Executable call, String... fragments) {
        T thrown = assertThrows(type, call);
        String message = thrown.getMessage();
        for (String fragment : fragments) {
            if (message == null || !message.contains(fragment)) {
                throw new AssertionFailedError("message of " + type.getSimpleName() + " lacks \"" + fragment
                        + "\": " + message);
            }
        }
        return thrown;
    }

    /** Returns a leaf of standard normal draws from {@code seed}. */
    public static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new Rng(seed), shape);
    }

    /** Returns a leaf of standard normal draws from {@code seed} that requires a gradient. */
    public static Tensor param(long seed, int... shape) {
        return Tensor.randn(new Rng(seed), shape).requireGrad(true);
    }

    /**
     * Returns a leaf that requires a gradient, with values drawn uniformly from
     * {@code ±[minMagnitude, maxMagnitude]}: bounded away from 0, so kinks at 0 (ReLU, abs) stay
     * out of reach of a finite-difference step.
     */
    public static Tensor awayFromZero(long seed, double minMagnitude, double maxMagnitude, int... shape) {
        Rng rng = new Rng(seed);
        Tensor t = Tensor.zeros(shape);
        double[] d = t.dataView();
        for (int i = 0; i < d.length; i++) {
            double magnitude = rng.uniform(minMagnitude, maxMagnitude);
            d[i] = rng.nextDouble() < 0.5 ? -magnitude : magnitude;
        }
        return t.requireGrad(true);
    }

    /** Returns a leaf that requires a gradient, with values drawn uniformly from [low, high). */
    public static Tensor uniformParam(long seed, double low, double high, int... shape) {
        return Tensor.uniform(new Rng(seed), low, high, shape).requireGrad(true);
    }
}
