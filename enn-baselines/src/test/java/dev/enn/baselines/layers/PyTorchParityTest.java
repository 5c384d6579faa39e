package dev.enn.baselines.layers;

import static dev.enn.testing.TestTensors.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.enn.baselines.testing.GoldenFile;
import dev.enn.layer.Layer;
import dev.enn.layer.Sequential;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Compares the layers with values recorded from PyTorch in float64 by
 * {@code golden/make_baseline_golden.py}: outputs, the loss {@code sum(output · loss_weights)} and
 * the gradients of that loss with respect to every parameter and the input.
 */
class PyTorchParityTest {
    /** Largest difference allowed against PyTorch, relative above magnitude 1. */
    private static final double PARITY_TOLERANCE = 1e-9;

    /** Copies every parameter of the golden file into the layer, by state-dict name. */
    private static void loadParameters(Layer layer, Map<String, Tensor> parameters) {
        Map<String, Tensor> own = layer.namedParameters();
        assertEquals(parameters.keySet(), own.keySet(), "parameter names differ from PyTorch's state dict");
        for (Map.Entry<String, Tensor> p : parameters.entrySet()) {
            Tensor target = own.get(p.getKey());
            assertEquals(java.util.Arrays.toString(p.getValue().shape()), java.util.Arrays.toString(target.shape()), p.getKey());
            System.arraycopy(p.getValue().dataView(), 0, target.dataView(), 0, target.size());
        }
    }

    /** Runs forward and backward of the loss and checks output, loss and every gradient. */
    private static void assertParity(GoldenFile golden, Layer layer, String prefix, java.util.function.Function<Tensor, Tensor> forward) {
        String[] base = prefix.isEmpty() ? new String[0] : prefix.split("\\.");
        Tensor x = golden.tensor(path(base, "inputs", "x")).requireGrad(true);
        Tensor weights = golden.tensor(path(base, "inputs", "loss_weights"));
        layer.zeroGrad();

        Tensor output = forward.apply(x);
        Tensor loss = output.mul(weights).sum();
        loss.backward();

        assertClose(golden.tensor(path(base, "outputs", "output")), output.detach(), PARITY_TOLERANCE);
        assertClose(new double[] {golden.number(path(base, "loss"))}, loss.reshape(1), PARITY_TOLERANCE);
        Map<String, Tensor> expectedGrads = golden.tensors(path(base, "gradients"));
        assertClose(expectedGrads.get("input"), x.grad(), PARITY_TOLERANCE);
        for (Map.Entry<String, Tensor> p : layer.namedParameters().entrySet()) {
            assertClose(expectedGrads.get(p.getKey()), p.getValue().grad(), PARITY_TOLERANCE);
        }
    }

    private static String[] path(String[] base, String... rest) {
        String[] all = new String[base.length + rest.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(rest, 0, all, base.length, rest.length);
        return all;
    }

    @Test
    void lstmMatchesPyTorch() {
        GoldenFile golden = GoldenFile.load("baseline_lstm.json");
        Rng rng = new Rng(0);
        Lstm lstm = new Lstm(3, 4, 2, 0.0, rng, rng);
        loadParameters(lstm, golden.tensors("parameters"));

        assertParity(golden, lstm, "", lstm::forward);
        assertParity(golden, lstm, "", lstm::forwardReference);
    }

    @Test
    void convolutionAndBatchNormMatchPyTorch() {
        GoldenFile golden = GoldenFile.load("baseline_conv_batchnorm.json");
        Conv1d conv = new Conv1d(3, 4, 5, new Rng(0));
        BatchNorm1d norm = new BatchNorm1d(4);
        Sequential model = new Sequential(conv, norm);
        loadParameters(model, golden.tensors("parameters"));

        assertParity(golden, model, "train", model::forward);
        Map<String, Tensor> buffers = golden.tensors("train", "buffers_after");
        for (Map.Entry<String, Tensor> b : model.namedBuffers().entrySet()) {
            assertClose(buffers.get(b.getKey()), b.getValue(), PARITY_TOLERANCE);
        }

        model.setTraining(false);
        assertParity(golden, model, "eval", model::forward);
        assertParity(golden, model, "eval", x -> norm.forward(conv.forwardReference(x)));
    }

    @Test
    void transformerEncoderLayerMatchesPyTorch() {
        GoldenFile golden = GoldenFile.load("baseline_transformer_layer.json");
        Rng rng = new Rng(0);
        TransformerEncoderLayer layer = new TransformerEncoderLayer(8, 2, 0.1, rng.fork("init"), rng.fork("dropout"));
        loadParameters(layer, golden.tensors("parameters"));
        layer.setTraining(false);

        assertParity(golden, layer, "cases.no_mask", layer::forward);
        Tensor padding = golden.tensor("cases", "key_padding", "inputs", "key_padding_mask");
        assertParity(golden, layer, "cases.key_padding", x -> layer.forward(x, padding));
    }
}
