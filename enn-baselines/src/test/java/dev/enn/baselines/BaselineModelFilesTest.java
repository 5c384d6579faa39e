package dev.enn.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.io.Json;
import dev.enn.io.ModelFileException;
import dev.enn.io.ModelFiles;
import dev.enn.io.ModelStore;
import dev.enn.io.SafeTensors;
import dev.enn.layer.Layer;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BaselineModelFilesTest {
    private static final int FEATURES = 3;
    private static final int WINDOW = 6;

    @TempDir
    Path dir;

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("baseline.lstm", (Supplier<BaselineModel>) () -> LstmModel.builder().inputFeatures(FEATURES)
                        .hiddenSize(8).numLayers(2).outputs(2).dropout(0.2).seed(1).build()),
                Arguments.of("baseline.transformer", (Supplier<BaselineModel>) () -> TransformerModel.builder()
                        .inputFeatures(FEATURES).hiddenSize(8).numLayers(1).numHeads(2).outputs(2).dropout(0.2).seed(2).build()),
                Arguments.of("baseline.cnn", (Supplier<BaselineModel>) () -> CnnModel.builder().inputFeatures(FEATURES)
                        .hiddenSize(8).outputs(2).dropout(0.2).seed(3).build()),
                Arguments.of("baseline.mlp", (Supplier<BaselineModel>) () -> MlpModel.builder().inputFeatures(FEATURES)
                        .hiddenSize(8).windowLength(WINDOW).outputs(2).dropout(0.2).seed(4).build()),
                Arguments.of("baseline.liquid", (Supplier<BaselineModel>) () -> LiquidModel.builder().inputFeatures(FEATURES)
                        .hiddenSize(8).outputs(2).seed(5).build()));
    }

    private static Tensor input() {
        return Tensor.randn(new Rng(9), 4, WINDOW, FEATURES);
    }

    /** Runs a training-mode forward pass, which moves BatchNorm running statistics off their initial values. */
    private static void warmUp(BaselineModel model) {
        model.setTraining(true);
        model.forward(input());
        model.setTraining(false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void roundTripIsBitIdentical(String id, Supplier<BaselineModel> factory) throws IOException {
        BaselineModel model = factory.get();
        warmUp(model);
        Path file = dir.resolve(id + ".safetensors");

        model.save(file);
        Layer loaded = ModelStore.load(file);
        loaded.setTraining(false);

        assertEquals(id, model.layerId());
        assertEquals(model.getClass(), loaded.getClass());
        Map<String, Tensor> expected = ModelFiles.stateOf(model);
        Map<String, Tensor> actual = ModelFiles.stateOf(loaded);
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, Tensor> entry : expected.entrySet()) {
            assertArrayEquals(entry.getValue().dataView(), actual.get(entry.getKey()).dataView(), entry.getKey());
        }
        assertArrayEquals(model.forward(input()).dataView(), loaded.forward(input()).dataView());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void metadataHoldsOptions(String id, Supplier<BaselineModel> factory) throws IOException {
        BaselineModel model = factory.get();
        Path file = dir.resolve(id + ".safetensors");

        model.save(file);
        Map<String, String> metadata = SafeTensors.read(file).metadata();

        assertEquals(id, metadata.get(ModelStore.KIND_KEY));
        assertEquals(Json.parse(Json.write(model.options())), Json.parse(metadata.get(ModelStore.CONFIG_KEY)));
    }

    @Test
    void cnnRunningStatisticsSurviveRoundTrip() throws IOException {
        CnnModel model = CnnModel.builder().inputFeatures(FEATURES).hiddenSize(8).outputs(2).seed(3).build();
        warmUp(model);
        Path file = dir.resolve("cnn.safetensors");
        Map.Entry<String, Tensor> runningMean = model.namedBuffers().entrySet().stream()
                .filter(e -> e.getKey().endsWith("running_mean")).findFirst().orElseThrow();
        assertNotEquals(0.0, runningMean.getValue().dataView()[0]);

        model.save(file);
        CnnModel loaded = CnnModel.load(file);

        assertArrayEquals(runningMean.getValue().dataView(), loaded.namedBuffers().get(runningMean.getKey()).dataView());
    }

    @Test
    void typedLoadRejectsOtherBaseline() throws IOException {
        Path file = dir.resolve("lstm.safetensors");
        LstmModel.builder().inputFeatures(FEATURES).hiddenSize(8).outputs(1).build().save(file);

        ModelFileException e = assertThrows(ModelFileException.class, () -> CnnModel.load(file));

        assertTrue(e.problem().contains("contains a LstmModel model (kind baseline.lstm), not a CnnModel"), e.problem());
    }

    @Test
    void eachTypedLoadReturnsItsClass() throws IOException {
        Path file = dir.resolve("models.safetensors");
        MlpModel.builder().inputFeatures(FEATURES).hiddenSize(8).windowLength(WINDOW).outputs(1).build().save(file);
        assertInstanceOf(MlpModel.class, MlpModel.load(file));
        TransformerModel.builder().inputFeatures(FEATURES).hiddenSize(8).numHeads(2).outputs(1).build().save(file);
        assertInstanceOf(TransformerModel.class, TransformerModel.load(file));
        LiquidModel.builder().inputFeatures(FEATURES).hiddenSize(8).outputs(1).build().save(file);
        assertInstanceOf(LiquidModel.class, LiquidModel.load(file));
        LstmModel.builder().inputFeatures(FEATURES).hiddenSize(8).outputs(1).build().save(file);
        assertInstanceOf(LstmModel.class, LstmModel.load(file));
    }

    @Test
    void rejectsInvalidBaselineOption() throws IOException {
        LstmModel model = LstmModel.builder().inputFeatures(FEATURES).hiddenSize(8).outputs(1).build();
        Path file = dir.resolve("bad.safetensors");
        SafeTensors.write(file, ModelFiles.stateOf(model),
                ModelStore.header(LstmModel.LAYER_ID, Map.of("hiddenSize", "eight")), dev.enn.io.DType.F64);

        ModelFileException e = assertThrows(ModelFileException.class, () -> LstmModel.load(file));

        assertTrue(e.problem().contains("option hiddenSize must be an integer"), e.problem());
    }
}
