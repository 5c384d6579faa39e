package dev.enn.attention;

import static dev.enn.attention.AttentionAssertions.assertShape;
import static dev.enn.attention.AttentionAssertions.inputsAndParameters;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

class NeuronStateAttentionTest {
    private static final double GRADIENT_TOLERANCE = 1e-6;

    @Test
    void parameterNamesAndCountMatchOriginal() {
        int states = 4;
        int hidden = 32;
        NeuronStateAttention layer = new NeuronStateAttention(states, hidden, 2, 0.05, new Rng(1));

        assertEquals(List.of("state_projection.weight", "state_projection.bias",
                "neuron_attention.W_q.weight", "neuron_attention.W_k.weight", "neuron_attention.W_v.weight",
                "neuron_attention.W_o.weight", "neuron_attention.W_o.bias",
                "neuron_attention.layer_norm.weight", "neuron_attention.layer_norm.bias",
                "output_projection.weight", "output_projection.bias"), List.copyOf(layer.namedParameters().keySet()));
        assertEquals(4L * hidden * hidden + 2L * states * hidden + 4L * hidden + states, layer.parameterCount());
        assertEquals(4484, layer.parameterCount());
    }

    @Test
    void weightsAttendAcrossNeurons() {
        NeuronStateAttention layer = new NeuronStateAttention(3, 8, 2, 0.1, new Rng(2));
        layer.setTraining(false);
        Tensor x = Tensor.randn(new Rng(3), 2, 5, 3);

        AttentionResult r = layer.attend(x);

        assertShape(r.output(), 2, 5, 3);
        assertShape(r.weights(), 2, 2, 5, 5);
        assertArrayEquals(r.output().toArray(), layer.forward(x).toArray());
    }

    @Test
    void foldedProjectionMatchesProjectingTwice() {
        // S < H, so the layer projects the states straight to queries, keys and values through
        // W_q·W_s; the reference projects to H first and then through W_q.
        NeuronStateAttention layer = new NeuronStateAttention(4, 16, 2, 0.0, new Rng(21));
        Tensor x = Tensor.randn(new Rng(22), 3, 6, 4).requireGrad(true);
        Tensor folded = layer.forward(x);
        Tensor upstream = Tensor.randn(new Rng(23), 3, 6, 4);
        folded.backward(upstream);
        double[] foldedInputGrad = x.grad().toArray();
        java.util.Map<String, double[]> foldedGrads = new java.util.LinkedHashMap<>();
        layer.namedParameters().forEach((name, p) -> foldedGrads.put(name, p.grad().toArray()));

        layer.zeroGrad();
        x.zeroGrad();
        java.util.Map<String, Tensor> p = layer.namedParameters();
        Tensor hidden = x.linear(p.get("state_projection.weight"), p.get("state_projection.bias"));
        Tensor twice = layer.neuronAttention().attend(hidden, null).output()
                .linear(p.get("output_projection.weight"), p.get("output_projection.bias"));
        twice.backward(upstream);

        assertClose(twice.toArray(), folded.toArray(), "output");
        assertClose(x.grad().toArray(), foldedInputGrad, "input gradient");
        foldedGrads.forEach((name, grad) -> assertClose(p.get(name).grad().toArray(), grad, name));
    }

    private static void assertClose(double[] expected, double[] actual, String quantity) {
        assertEquals(expected.length, actual.length, quantity);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * Math.max(1, Math.abs(expected[i])), quantity + " at " + i);
        }
    }

    @Test
    void worksForAnyNeuronCount() {
        NeuronStateAttention layer = new NeuronStateAttention(3, 8, 2, 0.1, new Rng(4));

        assertShape(layer.forward(Tensor.randn(new Rng(5), 1, 1, 3)), 1, 1, 3);
        assertShape(layer.forward(Tensor.randn(new Rng(5), 2, 7, 3)), 2, 7, 3);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        NeuronStateAttention layer = new NeuronStateAttention(3, 4, 2, 0.1, new Rng(6));
        layer.setTraining(false);
        Tensor x = Tensor.randn(new Rng(7), 2, 3, 3).requireGrad(true);

        GradientCheck.assertGradients(in -> layer.forward(in[0]), GRADIENT_TOLERANCE, inputsAndParameters(layer, x));
    }

    @Test
    void rejectsWrongStateCount() {
        NeuronStateAttention layer = new NeuronStateAttention(3, 8, 2, 0.1, new Rng(8));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(Tensor.zeros(2, 4, 5)));

        assertTrue(e.getMessage().contains("S = 3"), e.getMessage());
        assertTrue(e.getMessage().contains("[2, 4, 5]"), e.getMessage());
    }

    @Test
    void rejectsHiddenWidthNotDivisibleByHeads() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NeuronStateAttention(3, 10, 4, 0.1, new Rng(1)));

        assertTrue(e.getMessage().contains("not divisible"), e.getMessage());
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return new NeuronStateAttention(3, 8, 2, 0.1, rng);
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 4, 3);
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
