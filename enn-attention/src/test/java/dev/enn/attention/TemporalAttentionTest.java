package dev.enn.attention;

import static dev.enn.attention.AttentionAssertions.assertClose;
import static dev.enn.attention.AttentionAssertions.assertShape;
import static dev.enn.attention.AttentionAssertions.inputsAndParameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.layer.Layer;
import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TemporalAttentionTest {
    private static final double GRADIENT_TOLERANCE = 1e-6;

    @Test
    void parameterNamesAndCountMatchOriginal() {
        int states = 4;
        int hidden = 64;
        TemporalAttention layer = new TemporalAttention(states, hidden, 2, new Rng(1));

        List<String> names = List.copyOf(layer.namedParameters().keySet());
        assertEquals("temporal_encoding", names.get(0));
        assertEquals("state_projection.weight", names.get(1));
        assertTrue(names.contains("temporal_attention.W_q.weight"), names.toString());
        assertEquals("output_projection.bias", names.get(names.size() - 1));
        assertEquals(100L * hidden + 4L * hidden * hidden + 2L * states * hidden + 4L * hidden + states,
                layer.parameterCount());
        assertEquals(23556, layer.parameterCount());
        assertEquals(0.1, layer.temporalAttention().dropout(), 0.0);
    }

    @Test
    void positionalTableIsStandardNormal() {
        TemporalAttention layer = new TemporalAttention(4, 64, 2, new Rng(2));
        double[] table = layer.namedParameters().get("temporal_encoding").dataView();

        double mean = 0;
        for (double v : table) {
            mean += v;
        }
        mean /= table.length;
        double variance = 0;
        for (double v : table) {
            variance += (v - mean) * (v - mean);
        }
        variance /= table.length;

        // 6,400 draws: the standard error of the mean is 0.0125
        assertEquals(0.0, mean, 0.05);
        assertEquals(1.0, variance, 0.1);
    }

    @Test
    void outputAndWeightShapes() {
        TemporalAttention layer = new TemporalAttention(3, 8, 2, new Rng(3));
        Tensor x = Tensor.randn(new Rng(4), 2, 6, 3);

        AttentionResult r = layer.attend(x, null);

        assertShape(r.output(), 2, 6, 3);
        assertShape(r.weights(), 2, 2, 6, 6);
    }

    @Test
    void positionChangesOutput() {
        // the same step repeated at every position, so only the positional table distinguishes the steps
        TemporalAttention layer = new TemporalAttention(2, 4, 2, 0.0, 10, new Rng(5));
        Tensor x = Tensor.of(new double[] {0.3, -0.7, 0.3, -0.7, 0.3, -0.7}, 1, 3, 2);

        Tensor out = layer.forward(x);

        assertTrue(out.get(0, 0, 0) != out.get(0, 1, 0), "steps 0 and 1 give the same output");
    }

    @Test
    void onlyUsedTableRowsGetGradients() {
        TemporalAttention layer = new TemporalAttention(2, 4, 2, 0.0, 10, new Rng(6));
        Tensor x = Tensor.randn(new Rng(7), 2, 3, 2);

        layer.forward(x).square().sum().backward();

        double[] grad = layer.namedParameters().get("temporal_encoding").gradBuffer();
        assertTrue(grad[0] != 0.0, "row 0 has no gradient");
        assertClose(new double[7 * 4], java.util.Arrays.copyOfRange(grad, 3 * 4, 10 * 4), 0.0, "rows 3 to 9");
    }

    @Test
    void rejectsSequenceLongerThanTable() {
        TemporalAttention layer = new TemporalAttention(2, 4, 2, 0.1, 5, new Rng(8));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(Tensor.zeros(1, 6, 2)));

        assertTrue(e.getMessage().contains("T = 6"), e.getMessage());
        assertTrue(e.getMessage().contains("table of 5 rows"), e.getMessage());
        assertTrue(e.getMessage().contains("maxLength"), e.getMessage());
    }

    @Test
    void longerTableAcceptsLongSequences() {
        TemporalAttention layer = new TemporalAttention(2, 4, 2, 0.1, 150, new Rng(9));

        assertShape(layer.forward(Tensor.randn(new Rng(10), 1, 150, 2)), 1, 150, 2);
        assertEquals(150, layer.maxLength());
    }

    @Test
    void gradientsMatchFiniteDifferencesWithPaddingMask() {
        TemporalAttention layer = new TemporalAttention(2, 4, 2, 0.1, 6, new Rng(11));
        layer.setTraining(false);
        Tensor x = Tensor.randn(new Rng(12), 2, 3, 2).requireGrad(true);
        Tensor padding = Tensor.of(new double[] {1, 1, 1, 1, 0, 0}, 2, 3);

        GradientCheck.assertGradients(in -> layer.attend(in[0], padding).output(), GRADIENT_TOLERANCE,
                inputsAndParameters(layer, x));
    }

    @Test
    void rejectsWrongFeatureCount() {
        TemporalAttention layer = new TemporalAttention(2, 4, 2, new Rng(13));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(Tensor.zeros(1, 3, 5)));

        assertTrue(e.getMessage().contains("[B, T, 2]"), e.getMessage());
        assertTrue(e.getMessage().contains("[1, 3, 5]"), e.getMessage());
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return new TemporalAttention(3, 8, 2, 0.1, 12, rng);
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 5, 3);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return inputShape;
        }

        @Override
        protected boolean checkInTrainingMode() {
            return false;
        }
    }
}
