package dev.enn.attention;

import static dev.enn.attention.AttentionAssertions.assertClose;
import static dev.enn.attention.AttentionAssertions.assertShape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.layer.Layer;
import dev.enn.model.EnnModel;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttentionCaptureTest {
    @Test
    void recordsWeightsOfRealModelForwardPass() {
        EnnModel model = EnnModel.builder().numNeurons(6).numStates(4).inputFeatures(3).numLayers(3).seed(1)
                .attention("full").build();
        model.setTraining(false);
        Tensor x = Tensor.randn(new Rng(2), 2, 5, 3);
        Layer neuron = model.children().get("neuron_attention");
        Layer temporal = model.children().get("temporal_attention");

        List<Tensor> neuronWeights;
        List<Tensor> temporalWeights;
        try (AttentionCapture capture = AttentionCapture.start()) {
            model.forward(x, model.newMemory());
            neuronWeights = capture.weightsOf(neuron);
            temporalWeights = capture.weightsOf(temporal);
        }

        assertEquals(3, neuronWeights.size(), "one entry per layer step");
        assertShape(neuronWeights.get(0), 2, 8, 6, 6);
        // memory histories hold 2 and then 3 rows in steps 2 and 3, one call per neuron
        assertEquals(2 * 6, temporalWeights.size());
        assertShape(temporalWeights.get(0), 1, 4, 2, 2);
        assertShape(temporalWeights.get(temporalWeights.size() - 1), 1, 4, 3, 3);

        // step 0 receives the projected last time step
        Map<String, Tensor> p = model.namedParameters();
        Tensor grid = x.select(1, 4).linear(p.get("input_projection.weight"), p.get("input_projection.bias"))
                .reshape(2, 6, 4);
        Tensor expected = ((NeuronStateAttention) neuron).attend(grid).weights();
        assertClose(expected.toArray(), neuronWeights.get(0).toArray(), 0.0, "step 0 weights");
    }

    @Test
    void recordsNothingAfterClose() {
        MultiHeadAttention layer = new MultiHeadAttention(4, 2, new Rng(3));
        Tensor x = Tensor.randn(new Rng(4), 1, 3, 4);
        AttentionCapture capture = AttentionCapture.start();
        layer.forward(x);
        capture.close();

        layer.forward(x);

        assertEquals(1, capture.entries().size());
        assertFalse(capture.weightsOf(layer).get(0).requiresGrad());
    }

    @Test
    void nestedStartIsRejected() {
        try (AttentionCapture capture = AttentionCapture.start()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, AttentionCapture::start);
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
            assertTrue(capture.entries().isEmpty(), "the first capture recorded an entry");
        }
    }

    @Test
    void sparseLayerRecordsWeightsOverAllKeys() {
        SparseAttention layer = new SparseAttention(4, 2, 2, 0.0, new Rng(5));
        Tensor x = Tensor.randn(new Rng(6), 1, 5, 4);

        try (AttentionCapture capture = AttentionCapture.start()) {
            layer.forward(x);
            assertShape(capture.weightsOf(layer).get(0), 1, 2, 5, 5);
        }
    }
}
