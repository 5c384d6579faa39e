package dev.enn.attention;

import static dev.enn.attention.AttentionAssertions.assertClose;
import static dev.enn.attention.AttentionAssertions.assertFinite;
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
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AttentionPoolingTest {
    private static final double CLOSE = 1e-12;
    private static final double GRADIENT_TOLERANCE = 1e-6;

    /** Raw scorer outputs {@code [B, L]} computed from the parameters. */
    private static Tensor rawScores(AttentionPooling layer, Tensor sequence) {
        Map<String, Tensor> p = layer.namedParameters();
        Tensor hidden = sequence.linear(p.get("attention_weights.0.weight"), p.get("attention_weights.0.bias")).tanh();
        Tensor scores = hidden.linear(p.get("attention_weights.2.weight"), p.get("attention_weights.2.bias"));
        return scores.reshape(sequence.dim(0), sequence.dim(1));
    }

    @Test
    void parameterNamesAndCountMatchOriginal() {
        AttentionPooling layer = new AttentionPooling(4, 32, new Rng(1));

        assertEquals(List.of("attention_weights.0.weight", "attention_weights.0.bias",
                "attention_weights.2.weight", "attention_weights.2.bias"), List.copyOf(layer.namedParameters().keySet()));
        assertEquals((4 + 2) * 32 + 1, layer.parameterCount());
        assertEquals(193, layer.parameterCount());
    }

    @Test
    void outputIsSoftmaxWeightedSumOfSteps() {
        AttentionPooling layer = new AttentionPooling(3, 8, new Rng(2));
        Tensor x = Tensor.randn(new Rng(3), 2, 5, 3);

        AttentionResult r = layer.attend(x, null);

        assertShape(r.output(), 2, 3);
        assertShape(r.weights(), 2, 5);
        assertClose(rawScores(layer, x).softmax(-1).toArray(), r.weights().toArray(), CLOSE, "weights");
        Tensor expected = r.weights().unsqueeze(2).mul(x).sum(1, false);
        assertClose(expected.toArray(), r.output().toArray(), CLOSE, "output");
    }

    @Test
    void maskedStepsGetZeroWeight() {
        AttentionPooling layer = new AttentionPooling(3, 8, new Rng(4));
        Tensor x = Tensor.randn(new Rng(5), 1, 4, 3);
        Tensor mask = Tensor.of(new double[] {1, 0, 1, 0}, 1, 4);

        AttentionResult r = layer.attend(x, mask);

        Tensor visible = rawScores(layer, x).indexSelect(1, 0, 2).softmax(-1);
        assertClose(new double[] {visible.get(0, 0), 0.0, visible.get(0, 1), 0.0}, r.weights().toArray(), CLOSE,
                "weights");
    }

    @Test
    void fullyMaskedSequencePoolsToZero() {
        AttentionPooling layer = new AttentionPooling(3, 8, new Rng(6));
        Tensor x = Tensor.randn(new Rng(7), 2, 3, 3).requireGrad(true);
        Tensor mask = Tensor.of(new double[] {1, 1, 0, 0, 0, 0}, 2, 3);

        AttentionResult r = layer.attend(x, mask);
        r.output().sum().backward();

        assertClose(new double[3], r.weights().slice(0, 1, 2).toArray(), 0.0, "weights of the masked item");
        assertClose(new double[3], r.output().slice(0, 1, 2).toArray(), 0.0, "output of the masked item");
        assertClose(new double[9], x.grad().slice(0, 1, 2).toArray(), 0.0, "input gradient of the masked item");
        for (Map.Entry<String, Tensor> p : layer.namedParameters().entrySet()) {
            assertFinite(p.getValue().gradBuffer(), p.getKey() + " gradient");
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesWithMask() {
        AttentionPooling layer = new AttentionPooling(3, 4, new Rng(8));
        Tensor x = Tensor.randn(new Rng(9), 3, 4, 3).requireGrad(true);
        Tensor mask = Tensor.of(new double[] {1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0}, 3, 4);

        GradientCheck.assertGradients(in -> layer.attend(in[0], mask).output(), GRADIENT_TOLERANCE,
                inputsAndParameters(layer, x));
    }

    @Test
    void rejectsBadShapes() {
        AttentionPooling layer = new AttentionPooling(3, 4, new Rng(10));

        IllegalArgumentException input = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(Tensor.zeros(2, 3)));
        IllegalArgumentException mask = assertThrows(IllegalArgumentException.class,
                () -> layer.attend(Tensor.zeros(2, 4, 3), Tensor.ones(2, 5)));

        assertTrue(input.getMessage().contains("[B, L, 3]"), input.getMessage());
        assertTrue(mask.getMessage().contains("[2, 4]"), mask.getMessage());
        assertTrue(mask.getMessage().contains("[2, 5]"), mask.getMessage());
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return new AttentionPooling(3, 8, rng);
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 5, 3);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return new int[] {inputShape[0], inputShape[2]};
        }
    }
}
