package dev.enn.attention;

import static dev.enn.attention.AttentionAssertions.assertClose;
import static dev.enn.attention.AttentionAssertions.assertFinite;
import static dev.enn.attention.AttentionAssertions.assertShape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ScaledDotProductAttentionTest {
    private static final double EXACT = 1e-10;
    private static final double GRADIENT_TOLERANCE = 1e-6;

    /**
     * Returns the queries [[1], [2]] of a one-head example of width 1, whose keys are
     * [[1], [0], [-1]] and values [[10], [20], [30]].
     */
    private static Tensor query() {
        return Tensor.of(new double[] {1, 2}, 2, 1).requireGrad(true);
    }

    private static Tensor key() {
        return Tensor.of(new double[] {1, 0, -1}, 3, 1).requireGrad(true);
    }

    private static Tensor value() {
        return Tensor.of(new double[] {10, 20, 30}, 3, 1).requireGrad(true);
    }

    @Test
    void visibleRowMatchesWorkedExample() {
        AttentionResult r = ScaledDotProductAttention.compute(query(), key(), value(), null);

        assertClose(new double[] {0.6652409558, 0.2447284711, 0.0900305732},
                r.weights().slice(0, 0, 1).toArray(), EXACT, "weights of query 0");
        assertEquals(14.2478961740, r.output().get(0, 0), EXACT);
    }

    @Test
    void fullyMaskedRowGivesZerosWithoutNaN() {
        Tensor q = query();
        Tensor k = key();
        Tensor v = value();
        Tensor mask = Tensor.of(new double[] {1, 1, 1, 0, 0, 0}, 2, 3);

        AttentionResult r = ScaledDotProductAttention.compute(q, k, v, mask);
        r.output().sum().backward();

        assertClose(new double[] {0, 0, 0}, r.weights().slice(0, 1, 2).toArray(), 0.0, "weights of masked query 1");
        assertEquals(0.0, r.output().get(1, 0), 0.0, "output of masked query 1");
        assertEquals(14.2478961740, r.output().get(0, 0), EXACT, "output of query 0");
        assertEquals(-4.2440454469, q.grad().get(0, 0), EXACT, "d out0 / d q0");
        assertEquals(0.0, q.grad().get(1, 0), 0.0, "gradient to the masked query");
        assertClose(new double[] {0.6652409558, 0.2447284711, 0.0900305732}, v.grad().toArray(), EXACT,
                "d sum(out) / dV");
        assertFinite(k.grad().toArray(), "gradient to K");
    }

    @Test
    void partlyMaskedRowRenormalisesVisibleKeys() {
        Tensor q = Tensor.of(new double[] {2}, 1, 1);
        Tensor mask = Tensor.of(new double[] {1, 1, 0}, 1, 3);

        AttentionResult r = ScaledDotProductAttention.compute(q, key(), value(), mask);

        assertClose(new double[] {0.8807970780, 0.1192029220, 0.0}, r.weights().toArray(), EXACT, "weights");
        assertEquals(11.1920292202, r.output().item(), EXACT);
    }

    @Test
    void extremeScoresStayFinite() {
        // scores q·k = [1000, 1001, 1002] and [800, 1, 1]; exp overflows without the max shift
        Tensor q = Tensor.of(new double[] {1, 1}, 2, 1);
        Tensor k = Tensor.of(new double[] {1000, 1001, 1002}, 3, 1);
        Tensor v = Tensor.of(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3);
        AttentionResult first = ScaledDotProductAttention.compute(q, k, v, null);
        assertClose(new double[] {0.0900305732, 0.2447284711, 0.6652409558}, first.weights().slice(0, 0, 1).toArray(),
                EXACT, "softmax of [1000, 1001, 1002]");

        Tensor k2 = Tensor.of(new double[] {800, 1, 1}, 3, 1);
        AttentionResult second = ScaledDotProductAttention.compute(q, k2, v, null);
        assertClose(new double[] {1.0, 0.0, 0.0}, second.weights().slice(0, 0, 1).toArray(), 0.0,
                "softmax of [800, 1, 1]");
        assertFinite(second.output().toArray(), "output");
    }

    @Test
    void scaleIsOneOverSqrtOfWidth() {
        // width 4 and q·k = 4 for the first key: score 4/√4 = 2 against 0
        Tensor q = Tensor.of(new double[] {1, 1, 1, 1}, 1, 4);
        Tensor k = Tensor.of(new double[] {1, 1, 1, 1, 0, 0, 0, 0}, 2, 4);
        Tensor v = Tensor.of(new double[] {1, 0}, 2, 1);

        AttentionResult r = ScaledDotProductAttention.compute(q, k, v, null);

        assertEquals(Math.exp(2) / (Math.exp(2) + 1), r.weights().get(0, 0), EXACT);
    }

    @Test
    void gradientsMatchFiniteDifferencesWithMask() {
        Rng rng = new Rng(11);
        Tensor q = Tensor.randn(rng, 2, 3, 4).requireGrad(true);
        Tensor k = Tensor.randn(rng, 2, 5, 4).requireGrad(true);
        Tensor v = Tensor.randn(rng, 2, 5, 2).requireGrad(true);
        Tensor mask = Tensor.of(new double[] {
            1, 1, 0, 1, 0,
            0, 0, 0, 0, 0,
            1, 0, 0, 0, 0,
            1, 1, 1, 1, 1,
            0, 1, 1, 0, 1,
            0, 0, 0, 0, 1}, 2, 3, 5);

        GradientCheck.assertGradients(in -> ScaledDotProductAttention.compute(in[0], in[1], in[2], mask).output(),
                GRADIENT_TOLERANCE, q, k, v);
        GradientCheck.assertGradients(in -> ScaledDotProductAttention.compute(in[0], in[1], in[2], mask).weights(),
                GRADIENT_TOLERANCE, q, k, v);
    }

    @Test
    void weightsTimesValuesGiveOutput() {
        Rng rng = new Rng(3);
        Tensor q = Tensor.randn(rng, 3, 2, 4);
        Tensor k = Tensor.randn(rng, 3, 6, 4);
        Tensor v = Tensor.randn(rng, 3, 6, 5);

        AttentionResult r = ScaledDotProductAttention.compute(q, k, v, null);

        assertShape(r.weights(), 3, 2, 6);
        assertShape(r.output(), 3, 2, 5);
        assertClose(r.weights().matmul(v).toArray(), r.output().toArray(), 0.0, "output");
        double[] rowSums = r.weights().sum(-1, false).toArray();
        for (double s : rowSums) {
            assertEquals(1.0, s, 1e-12);
        }
    }

    @Test
    void dropoutOfOneZeroesEverything() {
        Tensor q = query();
        AttentionResult r = ScaledDotProductAttention.compute(q, key(), value(), null, 1.0, true, new Rng(1));
        r.output().sum().backward();

        assertClose(new double[6], r.weights().toArray(), 0.0, "weights");
        assertClose(new double[2], r.output().toArray(), 0.0, "output");
        assertClose(new double[2], q.grad().toArray(), 0.0, "query gradient");
    }

    @Test
    void rejectsMaskWithOtherValues() {
        Tensor mask = Tensor.of(new double[] {1, 0.5, 0, 1, 1, 1}, 2, 3);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScaledDotProductAttention.compute(query(), key(), value(), mask));

        assertTrue(e.getMessage().contains("0.5"), e.getMessage());
    }

    @Test
    void rejectsMismatchedShapes() {
        Tensor wideKey = Tensor.zeros(3, 2);
        Tensor shortValue = Tensor.zeros(2, 1);

        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> ScaledDotProductAttention.compute(query(), wideKey, value(), null));
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> ScaledDotProductAttention.compute(query(), key(), shortValue, null));

        assertTrue(width.getMessage().contains("key width 2"), width.getMessage());
        assertTrue(length.getMessage().contains("value length 2"), length.getMessage());
    }

    @Test
    void rejectsDropoutOutsideUnitInterval() {
        assertThrows(IllegalArgumentException.class,
                () -> ScaledDotProductAttention.compute(query(), key(), value(), null, 1.2, true, new Rng(1)));
        assertThrows(IllegalArgumentException.class,
                () -> ScaledDotProductAttention.compute(query(), key(), value(), null, -0.1, true, new Rng(1)));
    }
}
