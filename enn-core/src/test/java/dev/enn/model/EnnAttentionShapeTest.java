package dev.enn.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class EnnAttentionShapeTest {
    private static EnnModel model(EnnDynamicsMode mode) {
        return EnnModel.builder()
                .inputFeatures(3).numNeurons(6).numStates(3).numLayers(1).lowPowerK(2)
                .dynamics(mode)
                .bufferSize(1)
                .attention(ShapeChangingAttentionProvider.ID.substring(EnnModel.ATTENTION_ID_PREFIX.length()))
                .build();
    }

    @Test
    void referenceModeRejectsShapeChange() {
        Tensor x = Tensor.randn(new Rng(1), 2, 4, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model(EnnDynamicsMode.REFERENCE).forward(x));
        assertTrue(e.getMessage().contains("neuron_attention returned shape [2, 5, 3]"), e.getMessage());
        assertTrue(e.getMessage().contains("[2, 6, 3]"), e.getMessage());
    }

    @Test
    void recurrentModeRejectsShapeChange() {
        Tensor x = Tensor.randn(new Rng(1), 2, 4, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model(EnnDynamicsMode.RECURRENT).forward(x));
        assertTrue(e.getMessage().contains("neuron_attention returned shape [2, 5, 3]"), e.getMessage());
    }

    @Test
    void configRejectsOversizedReadout() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnnModel.builder().numNeurons(1).numStates(50_000).lowPowerK(1).inputFeatures(1).build());
        assertTrue(e.getMessage().contains("numStates·numStates"), e.getMessage());
    }
}
