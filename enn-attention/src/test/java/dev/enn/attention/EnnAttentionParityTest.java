package dev.enn.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.enn.io.Json;
import dev.enn.model.EnnModel;
import dev.enn.model.InputFormat;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compares an {@link EnnModel} with the {@code minimal} attention preset against values recorded
 * from the original PyTorch implementation in float64, evaluation mode (the files and how they
 * were made are described in {@code golden/README.md} under the test resources).
 */
class EnnAttentionParityTest {
    /** Outputs, losses and gradients: float64 on both sides. */
    private static final double TOLERANCE = 1e-9;

    private static final String PREFIX = "/golden/enn_attn_minimal_small.";

    private static Object read(String suffix) throws IOException {
        try (InputStream in = EnnAttentionParityTest.class.getResourceAsStream(PREFIX + suffix)) {
            if (in == null) {
                throw new IOException("test resource " + PREFIX + suffix + " not found on the class path");
            }
            return Json.parse(in.readAllBytes());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    /** Flattens nested JSON number arrays row-major into a tensor of their shape. */
    private static Tensor tensor(Object nested) {
        List<Integer> shape = new ArrayList<>();
        Object level = nested;
        while (level instanceof List<?> items) {
            shape.add(items.size());
            level = items.isEmpty() ? null : items.get(0);
        }
        List<Double> values = new ArrayList<>();
        flatten(nested, values);
        double[] data = values.stream().mapToDouble(Double::doubleValue).toArray();
        return Tensor.wrap(data, shape.stream().mapToInt(Integer::intValue).toArray());
    }

    private static void flatten(Object nested, List<Double> out) {
        if (nested instanceof List<?> items) {
            for (Object item : items) {
                flatten(item, out);
            }
        } else {
            out.add(((Number) nested).doubleValue());
        }
    }

    /** Builds the recorded configuration and loads the recorded parameters by name. */
    private static EnnModel referenceModel(InputFormat format) throws IOException {
        EnnModel model = EnnModel.builder().numNeurons(4).numStates(3).inputFeatures(3).numLayers(2)
                .compressedDim(2).bufferSize(3).lowPowerK(2).inputFormat(format).attention("minimal").build();
        List<Object> params = list(map(read("params.part1of1.json")).get("params"));
        List<String> recordedNames = new ArrayList<>();
        Map<String, Tensor> ours = model.namedParameters();
        for (Object entry : params) {
            Map<String, Object> param = map(entry);
            String name = (String) param.get("name");
            recordedNames.add(name);
            Tensor value = tensor(param.get("value"));
            Tensor target = ours.get(name);
            assertTrue(target != null, "recorded parameter " + name + " is missing from the model");
            assertEquals(Arrays.toString(value.shape()), Arrays.toString(target.shape()), name + " shape");
            System.arraycopy(value.dataView(), 0, target.dataView(), 0, value.size());
        }
        assertEquals(recordedNames, List.copyOf(ours.keySet()), "parameter names and order");
        model.setTraining(false);
        return model;
    }

    private static InputFormat format(String caseName) {
        return caseName.startsWith("direct") ? InputFormat.DIRECT : InputFormat.SEQUENCE;
    }

    private static Tensor mse(Tensor output, Tensor target) {
        return output.sub(target).square().mean();
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what + " shape");
        double[] e = expected.dataView();
        double[] a = actual.dataView();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(e[i] - a[i]) <= TOLERANCE)) {
                fail(what + ": element " + i + " expected " + e[i] + " but was " + a[i]);
            }
        }
    }

    @Test
    void parameterNamesAndCountMatchRecording() throws IOException {
        EnnModel model = referenceModel(InputFormat.DIRECT);

        assertEquals(4682, model.parameterCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct_2x4x3", "temporal_2x5x3"})
    void outputAndLossMatchOriginal(String caseName) throws IOException {
        Map<String, Object> io = map(read(caseName + ".io.json"));
        EnnModel model = referenceModel(format(caseName));

        Tensor output = model.forward(tensor(io.get("input_x")));

        assertClose(tensor(io.get("output_call1")), output, caseName + " output");
        double loss = mse(output, tensor(io.get("target"))).item();
        assertEquals(((Number) io.get("loss_mse")).doubleValue(), loss, TOLERANCE, caseName + " MSE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct_2x4x3", "temporal_2x5x3"})
    void neuronAttentionOutputsMatchOriginal(String caseName) throws IOException {
        Map<String, Object> io = map(read(caseName + ".io.json"));
        EnnModel model = referenceModel(format(caseName));
        Map<String, Tensor> p = model.namedParameters();
        NeuronStateAttention attention = (NeuronStateAttention) model.children().get("neuron_attention");
        Tensor recorded = tensor(map(io.get("intermediates_call1")).get("neuron_attention_out_per_layer"));
        Tensor x = tensor(io.get("input_x"));
        if (format(caseName) == InputFormat.SEQUENCE) {
            x = x.select(1, x.dim(1) - 1).linear(p.get("input_projection.weight"), p.get("input_projection.bias"))
                    .reshape(2, 4, 3);
        }

        for (int layer = 0; layer < 2; layer++) {
            Tensor a = attention.forward(x);
            assertClose(recorded.select(0, layer), a, caseName + " neuron attention in layer step " + layer);

            // x ← (x + 0.5·a) ⊙ σ(E), then mix across neurons: x'[b, m, s] = Σ_n x[b, n, s]·M[n, m]
            Tensor gated = x.add(a.mul(0.5)).mul(p.get("entanglement").sigmoid());
            x = gated.permute(0, 2, 1).matmul(p.get("mixing")).permute(0, 2, 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct_2x4x3", "temporal_2x5x3"})
    void gradientsMatchOriginal(String caseName) throws IOException {
        Map<String, Object> io = map(read(caseName + ".io.json"));
        List<Object> grads = list(map(read(caseName + ".grads.part1of1.json")).get("grads"));
        EnnModel model = referenceModel(format(caseName));

        mse(model.forward(tensor(io.get("input_x"))), tensor(io.get("target"))).backward();

        Map<String, Tensor> ours = model.namedParameters();
        for (Object entry : grads) {
            Map<String, Object> recorded = map(entry);
            String name = (String) recorded.get("name");
            Tensor parameter = ours.get(name);
            double[] gradient = parameter.gradView() == null ? new double[parameter.size()] : parameter.gradView();
            Object expected = recorded.get("grad");
            if (expected == Json.NULL) {
                for (double g : gradient) {
                    assertEquals(0.0, g, 0.0, caseName + ": " + name + " gets no gradient in the original");
                }
            } else {
                Tensor actual = Tensor.wrap(gradient.clone(), parameter.shape());
                assertClose(tensor(expected), actual, caseName + " gradient of " + name);
            }
        }
    }
}
