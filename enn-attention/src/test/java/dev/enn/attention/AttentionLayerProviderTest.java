package dev.enn.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.layer.Layer;
import dev.enn.layer.LayerRegistry;
import dev.enn.tensor.Tensor;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttentionLayerProviderTest {
    @Test
    void registryListsEveryId() {
        Set<String> ids = LayerRegistry.availableIds();

        for (String id : new String[] {"attention.multihead", "attention.neuron_state", "attention.temporal",
            "attention.sparse", "attention.pooling", "attention.enn.minimal", "attention.enn.neuron_only",
            "attention.enn.temporal_only", "attention.enn.sparse", "attention.enn.full"}) {
            assertTrue(ids.contains(id), id + " missing from " + ids);
        }
        assertEquals("dev.enn:enn-attention", LayerRegistry.provider("attention.multihead").artifact());
    }

    @Test
    void buildsPlainLayersWithDefaults() {
        Layer mha = LayerRegistry.create("attention.multihead", Map.of("modelDim", 8, "numHeads", 2));
        Layer neuron = LayerRegistry.create("attention.neuron_state", Map.of("numStates", 4, "numNeurons", 12));
        Layer temporal = LayerRegistry.create("attention.temporal", Map.of("stateDim", 4, "maxLength", 7));
        Layer sparse = LayerRegistry.create("attention.sparse", Map.of("modelDim", 8, "numHeads", 2, "topK", 3));
        Layer pooling = LayerRegistry.create("attention.pooling", Map.of("inputDim", 4, "hiddenDim", 16));

        assertEquals(0.1, assertInstanceOf(MultiHeadAttention.class, mha).dropout(), 0.0);
        assertEquals(4L * 64 * 64 + 2L * 4 * 64 + 4L * 64 + 4, assertInstanceOf(NeuronStateAttention.class, neuron)
                .parameterCount());
        assertEquals(7, assertInstanceOf(TemporalAttention.class, temporal).maxLength());
        assertEquals(2, ((TemporalAttention) temporal).temporalAttention().numHeads());
        assertEquals(3, assertInstanceOf(SparseAttention.class, sparse).topK());
        assertEquals((4 + 2) * 16 + 1, assertInstanceOf(AttentionPooling.class, pooling).parameterCount());
    }

    @Test
    void seedOptionFixesWeights() {
        Map<String, Object> options = Map.of("modelDim", 4, "numHeads", 2, "seed", 42L);
        Tensor a = LayerRegistry.create("attention.multihead", options).namedParameters().get("W_q.weight");
        Tensor b = LayerRegistry.create("attention.multihead", options).namedParameters().get("W_q.weight");

        assertEquals(java.util.Arrays.toString(a.toArray()), java.util.Arrays.toString(b.toArray()));
    }

    @Test
    void buildsPresetWithModelOptions() {
        Layer layer = LayerRegistry.create("attention.enn.full",
                Map.of("numNeurons", 12, "numStates", 4, "seed", 3L));

        EnnAttentionPreset preset = assertInstanceOf(EnnAttentionPreset.class, layer);
        assertEquals(EnnAttentionPreset.Kind.FULL, preset.kind());
        assertEquals(148_152 - 431, preset.parameterCount());
    }

    @Test
    void rejectsUnknownOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerRegistry.create("attention.multihead", Map.of("modelDim", 8, "numHeads", 2, "heads", 4)));

        assertTrue(e.getMessage().contains("[heads]"), e.getMessage());
        assertTrue(e.getMessage().contains("numHeads"), e.getMessage());
    }

    @Test
    void rejectsMissingRequiredOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerRegistry.create("attention.sparse", Map.of("modelDim", 8)));

        assertTrue(e.getMessage().contains("\"numHeads\" is missing"), e.getMessage());
    }

    @Test
    void rejectsOptionOfWrongType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerRegistry.create("attention.pooling", Map.of("inputDim", 2.5)));

        assertTrue(e.getMessage().contains("\"inputDim\" must be an Integer or Long"), e.getMessage());
        assertTrue(e.getMessage().contains("2.5"), e.getMessage());
    }
}
