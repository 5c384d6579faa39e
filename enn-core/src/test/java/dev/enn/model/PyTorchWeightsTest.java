package dev.enn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.io.DType;
import dev.enn.io.ModelFileException;
import dev.enn.io.SafeTensors;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Loads a state dict of the original PyTorch ENN, as {@code safetensors.torch.save_file} writes
 * it (F64 tensors under the original's names, no metadata), built here from the parameters
 * recorded in {@code golden/enn_original_small.json}, and checks the recorded outputs.
 */
class PyTorchWeightsTest {
    /** Both sides compute in float64. */
    private static final double TOLERANCE = 1e-9;

    private static Map<String, Object> golden;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadGolden() throws IOException {
        golden = map(GoldenJson.readResource("/golden/enn_original_small.json"));
    }

    /** Writes the recorded parameters plus a {@code neuron_states} buffer, as the original's state dict has. */
    private Path stateDictFile(Tensor neuronStates) throws IOException {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (Object entry : (List<?>) golden.get("params")) {
            Map<String, Object> param = map(entry);
            state.put((String) param.get("name"), GoldenJson.tensor(param.get("value")));
        }
        if (neuronStates != null) {
            state.put(PyTorchWeights.NEURON_STATES, neuronStates);
        }
        Path file = dir.resolve("enn_original.safetensors");
        SafeTensors.write(file, state, Map.of(), DType.F64);
        return file;
    }

    private static EnnConfig config(InputFormat format) {
        Map<String, Object> original = map(map(golden.get("meta")).get("config"));
        return EnnModel.builder()
                .inputFeatures(integer(original, "input_dim"))
                .numNeurons(integer(original, "num_neurons"))
                .numStates(integer(original, "num_states"))
                .numLayers(integer(original, "num_layers"))
                .compressedDim(integer(original, "compressed_dim"))
                .decayRate(number(original, "decay_rate"))
                .recencyFactor(number(original, "recency_factor"))
                .bufferSize(integer(original, "buffer_size"))
                .sparsityThreshold(number(original, "sparsity_threshold"))
                .importanceThreshold(number(original, "importance_threshold"))
                .lowPowerK(integer(original, "low_power_k"))
                .l1Lambda(number(original, "l1_lambda"))
                .inputFormat(format)
                .buildConfig();
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct_2x4x3", "temporal_2x5x3"})
    void importedWeightsReproduceOriginalOutput(String caseName) throws IOException {
        Map<String, Object> testCase = map(map(golden.get("cases")).get(caseName));
        InputFormat format = caseName.startsWith("direct") ? InputFormat.DIRECT : InputFormat.SEQUENCE;

        EnnModel model = EnnModel.loadPyTorchWeights(stateDictFile(Tensor.zeros(4, 3)), config(format));

        Tensor expected = GoldenJson.tensor(testCase.get("output_call1"));
        double[] actual = model.forward(GoldenJson.tensor(testCase.get("input_x"))).dataView();
        assertEquals(expected.size(), actual.length);
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected.dataView()[i], actual[i], TOLERANCE, caseName + " output[" + i + "]");
        }
    }

    @Test
    void loadsWithoutNeuronStates() throws IOException {
        EnnModel model = EnnModel.loadPyTorchWeights(stateDictFile(null), config(InputFormat.SEQUENCE));

        assertEquals(102, model.parameterCount());
    }

    @Test
    void neuronStatesGoIntoMemory() throws IOException {
        Tensor states = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 4, 3);
        EnnConfig config = config(InputFormat.SEQUENCE);
        EnnMemory memory = new EnnMemory(4, 3, config.bufferSize());

        EnnModel.loadPyTorchWeights(stateDictFile(states), config, memory);

        assertArrayEquals(states.dataView(), memory.neuronState().dataView());
    }

    @Test
    void rejectsNeuronStatesOfOtherShape() throws IOException {
        Path file = stateDictFile(Tensor.zeros(5, 3));

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> EnnModel.loadPyTorchWeights(file, config(InputFormat.SEQUENCE)));

        assertTrue(e.problem().contains("neuron_states has shape [5, 3] but the config has numNeurons = 4"), e.problem());
    }

    @Test
    void rejectsConfigThatDoesNotFitStateDict() throws IOException {
        Path file = stateDictFile(null);
        EnnConfig wider = config(InputFormat.SEQUENCE).toBuilder().inputFeatures(7).buildConfig();

        ModelFileException e = assertThrows(ModelFileException.class, () -> EnnModel.loadPyTorchWeights(file, wider));

        assertTrue(e.problem().contains("input_projection.weight has shape [12, 3] in the file but [12, 7] in the model"),
                e.problem());
    }

    @Test
    void rejectsStateDictWithHead() throws IOException {
        Path file = stateDictFile(null);
        EnnConfig withHead = config(InputFormat.SEQUENCE).toBuilder().head(TaskHead.linear(1)).buildConfig();

        ModelFileException e = assertThrows(ModelFileException.class, () -> EnnModel.loadPyTorchWeights(file, withHead));

        assertTrue(e.problem().contains("missing head.weight [1, 12]"), e.problem());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    private static double number(Map<String, Object> node, String key) {
        return ((Number) node.get(key)).doubleValue();
    }

    private static int integer(Map<String, Object> node, String key) {
        return (int) number(node, key);
    }
}
