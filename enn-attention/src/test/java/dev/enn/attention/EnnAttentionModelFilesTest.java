package dev.enn.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.enn.io.ModelFiles;
import dev.enn.io.ModelStore;
import dev.enn.layer.Layer;
import dev.enn.model.EnnModel;
import dev.enn.model.TaskHead;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Saves and loads ENN models with attention presets, which the stored config rebuilds through the registry. */
class EnnAttentionModelFilesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"minimal", "full"})
    void presetRoundTripIsBitIdentical(String preset) throws IOException {
        EnnModel model = EnnModel.builder().inputFeatures(3).numNeurons(4).numStates(4).numLayers(2).compressedDim(2)
                .bufferSize(3).lowPowerK(2).head(TaskHead.linear(1)).attention(preset).seed(17).build();
        Tensor input = Tensor.randn(new Rng(3), 2, 5, 3);
        Path file = dir.resolve(preset + ".safetensors");

        model.save(file);
        Layer loaded = ModelStore.load(file);

        EnnModel restored = assertInstanceOf(EnnModel.class, loaded);
        assertEquals(preset, restored.config().attentionPreset());
        Map<String, Tensor> expected = ModelFiles.stateOf(model);
        Map<String, Tensor> actual = ModelFiles.stateOf(restored);
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, Tensor> entry : expected.entrySet()) {
            assertArrayEquals(entry.getValue().dataView(), actual.get(entry.getKey()).dataView(), entry.getKey());
        }
        model.setTraining(false);
        restored.setTraining(false);
        assertArrayEquals(model.forward(input).dataView(), restored.forward(input).dataView());
    }
}
