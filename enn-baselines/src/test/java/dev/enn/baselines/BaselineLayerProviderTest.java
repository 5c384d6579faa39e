package dev.enn.baselines;

import static dev.enn.testing.TestTensors.assertShape;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.baselines.layers.LiquidTimeConstantCell.Integrator;
import dev.enn.layer.Layer;
import dev.enn.layer.LayerRegistry;
import dev.enn.tensor.Tensor;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BaselineLayerProviderTest {
    private static final Map<String, Object> REFERENCE_SIZES = Map.of(
            "inputFeatures", 3, "hiddenSize", 48, "outputs", 1, "seed", 42L);

    @Test
    void registryFindsEveryBaseline() {
        assertTrue(LayerRegistry.availableIds().containsAll(
                Set.of("baseline.lstm", "baseline.transformer", "baseline.cnn", "baseline.mlp", "baseline.liquid")));
        assertEquals("dev.enn:enn-baselines", LayerRegistry.provider("baseline.lstm").artifact());
    }

    @Test
    void registryBuildsEachModelWithReferenceCounts() {
        Map<String, Long> counts = Map.of(
                "baseline.lstm", 30_193L, "baseline.transformer", 56_881L, "baseline.cnn", 11_065L,
                "baseline.mlp", 11_713L, "baseline.liquid", 2_641L);
        for (Map.Entry<String, Long> expected : counts.entrySet()) {
            Layer model = LayerRegistry.create(expected.getKey(), REFERENCE_SIZES);

            assertInstanceOf(BaselineModel.class, model);
            assertEquals(expected.getValue(), model.parameterCount(), expected.getKey());
            model.setTraining(false);
            assertShape(new int[] {2, 1}, model.forward(Tensor.zeros(2, 20, 3)));
        }
    }

    @Test
    void optionsReachTheBuilder() {
        Layer lstm = LayerRegistry.create("baseline.lstm",
                Map.of("inputFeatures", 2, "hiddenSize", 8, "numLayers", 3, "outputs", 4, "dropout", 0.25));
        Layer liquid = LayerRegistry.create("baseline.liquid",
                Map.of("inputFeatures", 2, "hiddenSize", 4, "integrator", "semi_implicit_euler", "timeStep", 0.05));

        assertEquals(Map.of("inputFeatures", 2, "hiddenSize", 8, "numLayers", 3, "outputs", 4, "dropout", 0.25, "seed", 0L),
                ((BaselineModel) lstm).options());
        assertEquals(Integrator.SEMI_IMPLICIT_EULER, ((LiquidModel) liquid).cell().integrator());
        assertEquals(0.05, ((LiquidModel) liquid).cell().timeStep());
    }

    @Test
    void rejectsUnknownOptionAndWrongTypes() {
        assertThrowsWithMessage(IllegalArgumentException.class,
                () -> LayerRegistry.create("baseline.cnn", Map.of("numHeads", 4)), "baseline.cnn", "numHeads", "accepted keys");
        assertThrowsWithMessage(IllegalArgumentException.class,
                () -> LayerRegistry.create("baseline.lstm", Map.of("hiddenSize", "48")), "hiddenSize", "integer", "\"48\"");
        assertThrowsWithMessage(IllegalArgumentException.class,
                () -> LayerRegistry.create("baseline.lstm", Map.of("hiddenSize", 4.5)), "hiddenSize", "integer", "4.5");
        assertThrowsWithMessage(IllegalArgumentException.class,
                () -> LayerRegistry.create("baseline.liquid", Map.of("integrator", "rk4")), "integrator", "\"rk4\"");
        assertThrowsWithMessage(IllegalArgumentException.class,
                () -> LayerRegistry.create("baseline.mlp", Map.of("windowLength", -1)), "MlpModel.Builder", "windowLength", "-1");
        assertThrowsWithMessage(IllegalArgumentException.class,
                () -> LayerRegistry.create("baseline.rnn", Map.of()), "baseline.rnn");
    }
}
