package dev.enn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.optim.AdamW;
import dev.enn.optim.GradientClipping;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compares {@link EnnModel} with values recorded from the original PyTorch implementation in
 * float64 ({@code golden/enn_original_small.json}; its README describes how they were recorded).
 */
class EnnReferenceParityTest {
    /** Outputs, losses, the L1 term and gradients: float64 on both sides. */
    private static final double NUMERIC_TOLERANCE = 1e-9;
    /** Neuron state and buffers: the original computes its recency weights in float32. */
    private static final double MEMORY_TOLERANCE = 1e-6;

    /** The golden step clips with {@code clip_grad_norm_(max_norm=1.0)}. */
    private static final double MAX_GRADIENT_NORM = 1.0;
    /** The golden step uses {@code torch.optim.AdamW(lr=1e-3)} with its other defaults. */
    private static final double ADAMW_LEARNING_RATE = 1e-3;

    private static final String GOLDEN_FILE = "/golden/enn_original_small.json";

    private static Map<String, Object> golden;

    @BeforeAll
    static void loadGolden() throws IOException {
        golden = map(GoldenJson.readResource(GOLDEN_FILE));
    }

    // ---------------------------------------------------------------- tests

    @ParameterizedTest
    @ValueSource(strings = {"direct_2x4x3", "temporal_2x5x3"})
    void outputMatchesOriginal(String caseName) {
        Map<String, Object> testCase = testCase(caseName);
        EnnModel model = referenceModel(caseName, TaskHead.none());

        Tensor output = model.forward(input(testCase));

        assertClose(tensor(testCase, "output_call1"), output, NUMERIC_TOLERANCE, caseName + " output");
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct_2x4x3", "temporal_2x5x3"})
    void mseLossAndMaskL1MatchOriginal(String caseName) {
        Map<String, Object> testCase = testCase(caseName);
        EnnModel model = referenceModel(caseName, TaskHead.none());

        Tensor loss = mse(model.forward(input(testCase)), tensor(testCase, "target"));

        assertEquals(number(testCase, "loss_mse"), loss.item(), NUMERIC_TOLERANCE, caseName + " MSE");
        assertEquals(number(testCase, "mask_l1_after_call1"), model.regularization().item(), NUMERIC_TOLERANCE,
                caseName + " mask L1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct_2x4x3", "temporal_2x5x3"})
    void mseGradientsMatchOriginal(String caseName) {
        Map<String, Object> testCase = testCase(caseName);
        EnnModel model = referenceModel(caseName, TaskHead.none());

        mse(model.forward(input(testCase)), tensor(testCase, "target")).backward();

        assertGradients(list(testCase.get("grads")), model, caseName);
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct_2x4x3", "temporal_2x5x3"})
    void inputProjectionMatchesOriginal(String caseName) {
        Map<String, Object> testCase = testCase(caseName);
        EnnModel model = referenceModel(caseName, TaskHead.none());
        Object recorded = map(testCase.get("intermediates_call1")).get("input_projection_out");

        Tensor grid = model.initialGrid(input(testCase));

        if (GoldenJson.isNull(recorded)) {
            // DIRECT input: the original skips the projection and records nothing
            assertEquals(InputFormat.DIRECT, model.config().inputFormat());
            assertArrayEquals(input(testCase).dataView(), grid.dataView());
        } else {
            Tensor expected = GoldenJson.tensor(recorded);
            assertClose(expected, grid.reshape(expected.shape()), NUMERIC_TOLERANCE, caseName + " input_projection_out");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct_2x4x3", "temporal_2x5x3"})
    void memoryAfterTwoCallsMatchesOriginal(String caseName) {
        Map<String, Object> testCase = testCase(caseName);
        EnnModel model = referenceModel(caseName, TaskHead.none());
        EnnMemory memory = model.newMemory();

        Tensor first = model.forward(input(testCase), memory);
        assertMemory(map(testCase.get("state_after_call1")), memory, caseName + " after call 1");
        Tensor second = model.forward(input(testCase), memory);
        assertMemory(map(testCase.get("state_after_call2")), memory, caseName + " after call 2");

        assertClose(tensor(testCase, "output_call1"), first, NUMERIC_TOLERANCE, caseName + " output of call 1");
        assertClose(tensor(testCase, "output_call2"), second, NUMERIC_TOLERANCE, caseName + " output of call 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct_2x4x3", "temporal_2x5x3"})
    void secondCallRepeatsFirstOutputBitwise(String caseName) {
        Map<String, Object> testCase = testCase(caseName);
        EnnModel model = referenceModel(caseName, TaskHead.none());
        EnnMemory memory = model.newMemory();
        assertEquals(Boolean.TRUE, testCase.get("output_call2_equals_call1_bitwise"));

        double[] first = model.forward(input(testCase), memory).toArray();
        double[] second = model.forward(input(testCase), memory).toArray();

        assertArrayEquals(first, second);
        assertArrayEquals(first, model.forward(input(testCase)).toArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct_2x4x3", "temporal_2x5x3"})
    void meanHeadMatchesBenchmarkHead(String caseName) {
        Map<String, Object> testCase = testCase(caseName);
        Map<String, Object> bench = map(testCase.get("benchmark_style_head"));
        EnnModel model = referenceModel(caseName, TaskHead.mean());
        Tensor target = GoldenJson.tensor(bench.get("y"));

        Tensor prediction = model.forward(input(testCase));
        Tensor loss = mse(prediction, target.reshape(target.size(), 1));
        loss.backward();

        assertArrayEquals(new int[] {target.size(), 1}, prediction.shape());
        Tensor expectedPrediction = GoldenJson.tensor(bench.get("pred"));
        assertClose(expectedPrediction.reshape(expectedPrediction.size(), 1), prediction, NUMERIC_TOLERANCE,
                caseName + " mean-head prediction");
        assertEquals(number(bench, "loss"), loss.item(), NUMERIC_TOLERANCE, caseName + " mean-head MSE");
        assertGradients(list(bench.get("grads")), model, caseName + " mean head");
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct_2x4x3", "temporal_2x5x3"})
    void clippedAdamWStepMatchesOriginal(String caseName) {
        Map<String, Object> testCase = testCase(caseName);
        Map<String, Object> step = map(testCase.get("one_clip_adamw_step"));
        EnnModel model = referenceModel(caseName, TaskHead.none());
        Map<String, Tensor> parameters = model.namedParameters();
        Map<String, double[]> before = new java.util.LinkedHashMap<>();
        parameters.forEach((name, value) -> before.put(name, value.toArray()));

        mse(model.forward(input(testCase)), tensor(testCase, "target")).backward();
        double normBeforeClip = GradientClipping.clipGlobalNorm(parameters, MAX_GRADIENT_NORM);
        new AdamW(parameters, ADAMW_LEARNING_RATE).step();

        assertEquals(number(step, "grad_total_norm_before_clip"), normBeforeClip, NUMERIC_TOLERANCE,
                caseName + " gradient norm before clipping");
        for (Object item : list(step.get("params_after"))) {
            Map<String, Object> entry = map(item);
            String name = (String) entry.get("name");
            Tensor updated = parameters.get(name);
            assertClose(GoldenJson.tensor(entry.get("value")), updated, NUMERIC_TOLERANCE, caseName + " " + name
                    + " after one step");
            if (updated.gradView() == null) {
                assertArrayEquals(before.get(name), updated.dataView(), caseName + " " + name
                        + " has no gradient, so AdamW must leave it unchanged");
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> testCase(String name) {
        return map(map(golden.get("cases")).get(name));
    }

    /** Builds the model of the golden file's config for one case and loads its parameters by name. */
    static EnnModel referenceModel(String caseName, TaskHead head) {
        Map<String, Object> config = map(map(golden.get("meta")).get("config"));
        InputFormat format = caseName.startsWith("direct") ? InputFormat.DIRECT : InputFormat.SEQUENCE;
        EnnModel model = EnnModel.builder()
                .inputFeatures(integer(config, "input_dim"))
                .numNeurons(integer(config, "num_neurons"))
                .numStates(integer(config, "num_states"))
                .numLayers(integer(config, "num_layers"))
                .compressedDim(integer(config, "compressed_dim"))
                .decayRate(number(config, "decay_rate"))
                .recencyFactor(number(config, "recency_factor"))
                .bufferSize(integer(config, "buffer_size"))
                .sparsityThreshold(number(config, "sparsity_threshold"))
                .importanceThreshold(number(config, "importance_threshold"))
                .lowPowerK(integer(config, "low_power_k"))
                .l1Lambda(number(config, "l1_lambda"))
                .inputFormat(format)
                .head(head)
                .build();
        loadParameters(model);
        return model;
    }

    private static void loadParameters(EnnModel model) {
        List<Object> params = list(golden.get("params"));
        Map<String, Tensor> named = model.namedParameters();
        assertEquals(params.size(), named.size(), "parameter count of the golden file vs the model");
        int index = 0;
        for (String name : named.keySet()) {
            Map<String, Object> entry = map(params.get(index++));
            assertEquals(entry.get("name"), name, "parameter order");
            Tensor value = GoldenJson.tensor(entry.get("value"));
            Tensor parameter = named.get(name);
            assertArrayEquals(parameter.shape(), value.shape(), "shape of " + name);
            System.arraycopy(value.dataView(), 0, parameter.dataView(), 0, value.size());
        }
    }

    private static void assertGradients(List<Object> recorded, EnnModel model, String what) {
        Map<String, Tensor> named = model.namedParameters();
        for (Object item : recorded) {
            Map<String, Object> entry = map(item);
            String name = (String) entry.get("name");
            Tensor parameter = named.get(name);
            assertNotNull(parameter, what + ": the model has no parameter " + name);
            if (GoldenJson.isNull(entry.get("grad"))) {
                assertNull(parameter.gradView(), what + ": " + name + " got a gradient, the original's did not");
            } else {
                assertNotNull(parameter.gradView(), what + ": " + name + " got no gradient");
                assertClose(GoldenJson.tensor(entry.get("grad")), parameter.grad(), NUMERIC_TOLERANCE,
                        what + " gradient of " + name);
            }
        }
    }

    private static void assertMemory(Map<String, Object> recorded, EnnMemory memory, String what) {
        assertClose(GoldenJson.tensor(recorded.get("neuron_states")), memory.neuronState(), MEMORY_TOLERANCE,
                what + " neuron state");
        List<Object> buffers = list(recorded.get("short_buffers"));
        assertEquals(buffers.size(), memory.numNeurons(), what + " buffer count");
        for (int n = 0; n < buffers.size(); n++) {
            assertClose(GoldenJson.tensor(buffers.get(n)), memory.history(n), MEMORY_TOLERANCE,
                    what + " buffer of neuron " + n);
        }
    }

    static Tensor mse(Tensor prediction, Tensor target) {
        return prediction.sub(target).square().mean();
    }

    static void assertClose(Tensor expected, Tensor actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.dataView();
        double[] a = actual.dataView();
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < e.length; i++) {
            double diff = Math.abs(e[i] - a[i]);
            if (!(diff <= worst)) {
                worst = diff;
                worstIndex = i;
            }
        }
        String detail = worstIndex < 0 ? "" : " (element " + worstIndex + ": expected " + e[worstIndex]
                + ", got " + a[worstIndex] + ")";
        assertTrue(worst <= tolerance, what + ": max difference " + worst + " > " + tolerance + detail
                + " for shape " + Arrays.toString(expected.shape()));
    }

    private static Tensor input(Map<String, Object> testCase) {
        return tensor(testCase, "input_x");
    }

    static Tensor tensor(Map<String, Object> node, String key) {
        return GoldenJson.tensor(node.get(key));
    }

    static double number(Map<String, Object> node, String key) {
        return ((Number) node.get(key)).doubleValue();
    }

    private static int integer(Map<String, Object> node, String key) {
        double value = number(node, key);
        assertEquals(Math.rint(value), value, key + " must be an integer");
        return (int) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        return (List<Object>) node;
    }
}
