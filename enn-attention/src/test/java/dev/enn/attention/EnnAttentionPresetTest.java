package dev.enn.attention;

import static dev.enn.attention.AttentionAssertions.assertFinite;
import static dev.enn.attention.AttentionAssertions.assertShape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.model.EnnMemory;
import dev.enn.model.EnnModel;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnnAttentionPresetTest {
    /** Builds a model in the configuration of the original's benchmark demo: N = 12, S = 4, F = 3. */
    private static EnnModel demoModel(String preset) {
        return EnnModel.builder().numNeurons(12).numStates(4).inputFeatures(3).seed(5).attention(preset).build();
    }

    @Test
    void parameterCountsMatchOriginal() {
        Map<String, long[]> expected = Map.of(
                "minimal", new long[] {5_108, 4_884},
                "neuron_only", new long[] {17_972, 17_556},
                "temporal_only", new long[] {24_372, 400},
                "sparse", new long[] {41_604, 17_632},
                "full", new long[] {148_152, 67_476});
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            EnnModel model = demoModel(e.getKey());

            assertEquals(e.getValue()[0], model.parameterCount(), e.getKey() + " total");
            assertEquals(e.getValue()[1], model.reachableParameterCount(), e.getKey() + " reachable");
        }
    }

    @Test
    void modelWithoutAttentionHas431Parameters() {
        EnnModel model = EnnModel.builder().numNeurons(12).numStates(4).inputFeatures(3).build();

        assertEquals(431, model.parameterCount());
        assertEquals(400, model.reachableParameterCount());
    }

    @Test
    void fullPresetHas80676UnreachableParameters() {
        EnnModel model = demoModel("full");

        assertEquals(80_676, model.parameterCount() - model.reachableParameterCount());
    }

    @Test
    void exactlyReachableParametersGetGradients() {
        for (String preset : new String[] {"minimal", "neuron_only", "temporal_only", "sparse", "full"}) {
            EnnModel model = demoModel(preset);
            model.setTraining(false);
            Tensor x = Tensor.randn(new Rng(6), 2, 5, 3);

            model.forward(x, model.newMemory()).square().sum().backward();

            Set<String> withGradient = new LinkedHashSet<>();
            for (Map.Entry<String, Tensor> p : model.namedParameters().entrySet()) {
                double[] grad = p.getValue().gradView();
                boolean nonzero = false;
                for (int i = 0; grad != null && i < grad.length && !nonzero; i++) {
                    nonzero = grad[i] != 0.0;
                }
                if (nonzero) {
                    withGradient.add(p.getKey());
                }
            }
            assertEquals(model.reachableParameters().keySet(), withGradient, preset);
        }
    }

    @Test
    void presetsHoldOriginalSubLayers() {
        EnnAttentionPreset full = new EnnAttentionPreset(EnnAttentionPreset.Kind.FULL, 4, 1);
        EnnAttentionPreset minimal = new EnnAttentionPreset(EnnAttentionPreset.Kind.MINIMAL, 4, 1);
        EnnAttentionPreset sparse = new EnnAttentionPreset(EnnAttentionPreset.Kind.SPARSE, 4, 1);
        EnnAttentionPreset temporalOnly = new EnnAttentionPreset(EnnAttentionPreset.Kind.TEMPORAL_ONLY, 4, 1);

        assertEquals(8, full.neuronAttention().neuronAttention().numHeads());
        assertEquals(128, full.neuronAttention().neuronAttention().modelDim());
        assertEquals(4, full.temporalAttention().temporalAttention().numHeads());
        assertEquals(0.1, full.temporalAttention().temporalAttention().dropout(), 0.0);
        assertNull(full.sparseAttention());
        assertEquals(2, minimal.neuronAttention().neuronAttention().numHeads());
        assertEquals(0.05, minimal.neuronAttention().neuronAttention().dropout(), 0.0);
        assertEquals(32, minimal.neuronAttention().neuronAttention().modelDim());
        assertNull(minimal.temporalAttention());
        assertEquals(8, sparse.sparseAttention().topK());
        assertEquals(4, sparse.sparseAttention().numHeads());
        assertEquals(2, sparse.temporalAttention().temporalAttention().numHeads());
        assertNull(temporalOnly.neuronAttention());
        assertNotNull(temporalOnly.attentionPooling());
    }

    @Test
    void sparsePresetRunsForwardPass() {
        EnnModel model = demoModel("sparse");
        Tensor x = Tensor.randn(new Rng(7), 2, 5, 3);

        Tensor y = model.forward(x);

        assertShape(y, 2, 12, 4);
        assertFinite(y.toArray(), "output");
    }

    @Test
    void sparsePresetRejectsStatesNotDivisibleByHeads() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EnnAttentionPreset(EnnAttentionPreset.Kind.SPARSE, 3, 1));

        assertTrue(e.getMessage().contains("3 states"), e.getMessage());
        assertTrue(e.getMessage().contains("divisible by 4"), e.getMessage());
    }

    @Test
    void temporalAttentionRunsOnMemoryWithoutChangingOutput() {
        EnnModel model = demoModel("full");
        model.setTraining(false);
        Tensor x = Tensor.randn(new Rng(8), 2, 5, 3);
        EnnMemory memory = model.newMemory();

        Tensor first = model.forward(x, memory);
        Tensor second = model.forward(x, memory);

        assertArrayEquals(model.forward(x).toArray(), first.toArray());
        assertArrayEquals(first.toArray(), second.toArray());
        assertFinite(memory.neuronState().toArray(), "neuron state");
    }

    @Test
    void sameSeedGivesSameWeights() {
        EnnAttentionPreset a = new EnnAttentionPreset(EnnAttentionPreset.Kind.SPARSE, 4, 9);
        EnnAttentionPreset b = new EnnAttentionPreset(EnnAttentionPreset.Kind.SPARSE, 4, 9);

        for (Map.Entry<String, Tensor> p : a.namedParameters().entrySet()) {
            assertArrayEquals(p.getValue().toArray(), b.namedParameters().get(p.getKey()).toArray(), p.getKey());
        }
    }

    @Test
    void forwardIsUnsupported() {
        EnnAttentionPreset preset = new EnnAttentionPreset(EnnAttentionPreset.Kind.MINIMAL, 4, 1);

        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> preset.forward(Tensor.zeros(1, 2, 4)));

        assertTrue(e.getMessage().contains("attention(\"minimal\")"), e.getMessage());
    }

    @Test
    void unknownPresetNameListsValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnnAttentionPreset.Kind.of("Full"));

        assertTrue(e.getMessage().contains("neuron_only"), e.getMessage());
    }

    @Test
    void modelBuilderFindsPresetThroughRegistry() {
        EnnModel model = demoModel("minimal");

        assertInstanceOf(NeuronStateAttention.class, model.children().get("neuron_attention"));
        assertInstanceOf(AttentionPooling.class, model.children().get("attention_pooling"));
        assertNull(model.children().get("temporal_attention"));
    }
}
