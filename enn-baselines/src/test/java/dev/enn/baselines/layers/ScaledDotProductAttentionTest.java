package dev.enn.baselines.layers;

import static dev.enn.testing.TestTensors.assertAllFinite;
import static dev.enn.testing.TestTensors.assertClose;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;

import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import dev.enn.testing.TestTensors;
import org.junit.jupiter.api.Test;

class ScaledDotProductAttentionTest {
    /** The expected values are given to 10 decimal places. */
    private static final double VALUE_TOLERANCE = 1e-10;

    private static final double[] QUERY_ZERO_WEIGHTS = {0.6652409558, 0.2447284711, 0.0900305732};

    /** Returns one head with d_k = 1: Q = [[1], [2]], K = [[1], [0], [−1]], V = [[10], [20], [30]]. */
    private static Tensor[] inputs() {
        return new Tensor[] {
            Tensor.of(new double[] {1, 2}, 2, 1).requireGrad(true),
            Tensor.of(new double[] {1, 0, -1}, 3, 1).requireGrad(true),
            Tensor.of(new double[] {10, 20, 30}, 3, 1).requireGrad(true),
        };
    }

    @Test
    void fullyMaskedQueryGivesZerosWithoutNaN() {
        Tensor[] qkv = inputs();
        // query 0 may attend to every key and query 1 to none (nonzero = excluded)
        Tensor ignore = Tensor.of(new double[] {0, 0, 0, 1, 1, 1}, 2, 3);

        ScaledDotProductAttention.Result r = ScaledDotProductAttention.compute(qkv[0], qkv[1], qkv[2], ignore, 0, false, null);
        r.output().sum().backward();

        assertClose(new double[] {0.6652409558, 0.2447284711, 0.0900305732, 0, 0, 0}, r.weights(), VALUE_TOLERANCE);
        assertClose(new double[] {14.2478961740, 0.0}, r.output(), VALUE_TOLERANCE);
        assertClose(new double[] {-4.2440454469, 0.0}, qkv[0].grad(), VALUE_TOLERANCE);
        assertClose(QUERY_ZERO_WEIGHTS, qkv[2].grad().reshape(3), VALUE_TOLERANCE);
        assertAllFinite(qkv[1].grad());
    }

    @Test
    void partiallyMaskedQueryRenormalises() {
        Tensor[] qkv = inputs();
        Tensor ignore = Tensor.of(new double[] {0, 0, 1}, 1, 3);

        ScaledDotProductAttention.Result r = ScaledDotProductAttention.compute(
                qkv[0].slice(0, 1, 2), qkv[1], qkv[2], ignore, 0, false, null);

        assertClose(new double[] {0.8807970780, 0.1192029220, 0}, r.weights(), VALUE_TOLERANCE);
        assertClose(new double[] {11.1920292202}, r.output(), VALUE_TOLERANCE);
    }

    @Test
    void backwardWithMaskMatchesFiniteDifferences() {
        Tensor query = TestTensors.param(1, 2, 3, 4);
        Tensor key = TestTensors.param(2, 2, 5, 4);
        Tensor value = TestTensors.param(3, 2, 5, 3);
        Tensor ignore = Tensor.of(new double[] {0, 0, 1, 0, 1, 1, 1, 1, 1, 1}, 2, 1, 5);

        GradientCheck.assertGradients(
                in -> ScaledDotProductAttention.compute(query, key, value, ignore, 0, false, null).output(),
                1e-6, query, key, value);
    }

    @Test
    void rejectsMismatchedShapes() {
        assertThrowsWithMessage(ShapeMismatchException.class,
                () -> ScaledDotProductAttention.compute(Tensor.zeros(2, 4), Tensor.zeros(3, 5), Tensor.zeros(3, 2), null, 0, false, null),
                "[2, 4]", "[3, 5]", "[..., Lk, dk]");
    }
}
