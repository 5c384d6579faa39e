package dev.enn.attention;

import static dev.enn.testing.SeedAndThreadChecks.FEATURES;

import dev.enn.layer.Layer;
import dev.enn.model.EnnDynamicsMode;
import dev.enn.model.EnnModel;
import dev.enn.model.TaskHead;
import dev.enn.testing.SeedAndThreadChecks;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Reproducible training and exact concurrent inference for an ENN with the {@code minimal}
 * attention preset (neuron attention with dropout 0.05), in both dynamics modes (see
 * {@link SeedAndThreadChecks}). The batch-order check compares 8 with 16 neurons.
 */
class EnnAttentionSeedAndThreadTest {
    private static IntFunction<Layer> minimal(EnnDynamicsMode dynamics) {
        return neurons -> EnnModel.builder().inputFeatures(FEATURES).numNeurons(neurons).numStates(4).bufferSize(2)
                .attention("minimal").dynamics(dynamics).head(TaskHead.linear(1)).seed(42).build();
    }

    @Test
    void referenceTrainsReproducibly() throws Exception {
        SeedAndThreadChecks.assertTrainingReproducible("minimal reference", minimal(EnnDynamicsMode.REFERENCE), 8, 16);
    }

    @Test
    void recurrentTrainsReproducibly() throws Exception {
        SeedAndThreadChecks.assertTrainingReproducible("minimal recurrent", minimal(EnnDynamicsMode.RECURRENT), 8, 16);
    }

    @Test
    void referenceInfersConcurrently() throws Exception {
        SeedAndThreadChecks.assertConcurrentInferenceExact("minimal reference",
                minimal(EnnDynamicsMode.REFERENCE).apply(8));
    }

    @Test
    void recurrentInfersConcurrently() throws Exception {
        SeedAndThreadChecks.assertConcurrentInferenceExact("minimal recurrent",
                minimal(EnnDynamicsMode.RECURRENT).apply(8));
    }
}
