package dev.enn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.layer.Linear;
import dev.enn.model.EnnConfig;
import dev.enn.model.EnnDynamicsMode;
import dev.enn.model.EnnModel;
import dev.enn.model.InputFormat;
import dev.enn.model.TaskHead;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    @TempDir
    Path dir;

    private static EnnModel smallModel() {
        return EnnModel.builder().inputFeatures(3).numNeurons(4).numStates(3).numLayers(2).compressedDim(2)
                .bufferSize(3).lowPowerK(2).head(TaskHead.linear(2)).seed(7).build();
    }

    private static Tensor sampleInput() {
        return Tensor.randn(new Rng(11), 5, 6, 3);
    }

    private Path saved(EnnModel model) throws IOException {
        Path file = dir.resolve("enn.safetensors");
        model.save(file);
        return file;
    }

    /** Writes the model's state and metadata after letting the test change either. */
    private Path rewritten(EnnModel model, Map<String, Tensor> state, Map<String, String> metadata) throws IOException {
        Path file = dir.resolve("changed.safetensors");
        SafeTensors.write(file, state, metadata, DType.F64);
        return file;
    }

    private static Map<String, Tensor> stateCopy(EnnModel model) {
        return new LinkedHashMap<>(ModelFiles.stateOf(model));
    }

    private static Map<String, String> headerOf(EnnModel model) {
        return new LinkedHashMap<>(ModelStore.header(ModelStore.ENN_KIND, model.config().toMap()));
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void ennRoundTripIsBitIdenticalInF64() throws IOException {
        EnnModel model = smallModel();

        EnnModel loaded = EnnModel.load(saved(model));

        assertEquals(model.config(), loaded.config());
        assertEquals(model.namedParameters().keySet(), loaded.namedParameters().keySet());
        for (Map.Entry<String, Tensor> entry : model.namedParameters().entrySet()) {
            assertArrayEquals(entry.getValue().dataView(), loaded.namedParameters().get(entry.getKey()).dataView(),
                    entry.getKey());
        }
        assertArrayEquals(model.forward(sampleInput()).dataView(), loaded.forward(sampleInput()).dataView());
    }

    @Test
    void genericLoadResolvesEnnKind() throws IOException {
        EnnModel model = smallModel();

        Object loaded = ModelStore.load(saved(model));

        assertInstanceOf(EnnModel.class, loaded);
        assertArrayEquals(model.forward(sampleInput()).dataView(), ((EnnModel) loaded).forward(sampleInput()).dataView());
    }

    @Test
    void metadataStoresVersionKindAndConfig() throws IOException {
        EnnModel model = smallModel();

        Map<String, String> metadata = SafeTensors.read(saved(model)).metadata();

        assertEquals("1", metadata.get(ModelStore.FORMAT_VERSION_KEY));
        assertEquals("enn", metadata.get(ModelStore.KIND_KEY));
        assertEquals(model.config(), EnnConfig.fromMap((Map<String, ?>) Json.parse(metadata.get(ModelStore.CONFIG_KEY))));
    }

    @Test
    void f32SaveRoundsEveryWeightToFloat() throws IOException {
        EnnModel model = smallModel();
        Path file = dir.resolve("enn32.safetensors");

        model.save(file, DType.F32);
        EnnModel loaded = EnnModel.load(file);

        assertEquals(DType.F32, SafeTensors.read(file).entries().get("mixing").dtype());
        for (Map.Entry<String, Tensor> entry : model.namedParameters().entrySet()) {
            double[] original = entry.getValue().dataView();
            double[] restored = loaded.namedParameters().get(entry.getKey()).dataView();
            for (int i = 0; i < original.length; i++) {
                assertEquals((double) (float) original[i], restored[i], entry.getKey() + "[" + i + "]");
            }
        }
    }

    @Test
    void extraMetadataIsKept() throws IOException {
        EnnModel model = smallModel();
        Path file = dir.resolve("extra.safetensors");

        ModelStore.save(file, model, ModelStore.ENN_KIND, model.config().toMap(), Map.of("dataset", "sunspots"), DType.F64);

        assertEquals("sunspots", SafeTensors.read(file).metadata().get("dataset"));
        assertEquals(model.config(), EnnModel.load(file).config());
    }

    @Test
    void saveRejectsReservedExtraKey() {
        EnnModel model = smallModel();
        Path file = dir.resolve("reserved.safetensors");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelStore.save(file, model,
                ModelStore.ENN_KIND, model.config().toMap(), Map.of("enn.kind", "x"), DType.F64));

        assertTrue(e.getMessage().contains("enn.kind"), e.getMessage());
        assertFalse(file.toFile().exists());
    }

    // ---------------------------------------------------------------- rejections

    @Test
    void rejectsMissingTensor() throws IOException {
        EnnModel model = smallModel();
        Map<String, Tensor> state = stateCopy(model);
        state.remove("mixing");

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> EnnModel.load(rewritten(model, state, headerOf(model))));

        assertTrue(e.getMessage().contains("changed.safetensors"), e.getMessage());
        assertTrue(e.problem().contains("missing mixing [4, 4]"), e.problem());
    }

    @Test
    void rejectsExtraTensor() throws IOException {
        EnnModel model = smallModel();
        Map<String, Tensor> state = stateCopy(model);
        state.put("spare.weight", Tensor.zeros(2, 2));

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> EnnModel.load(rewritten(model, state, headerOf(model))));

        assertTrue(e.problem().contains("unexpected spare.weight [2, 2]"), e.problem());
    }

    @Test
    void rejectsShapeThatDoesNotFitConfig() throws IOException {
        EnnModel model = smallModel();
        Map<String, Tensor> state = stateCopy(model);
        state.put("entanglement", Tensor.zeros(5, 3));

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> EnnModel.load(rewritten(model, state, headerOf(model))));

        assertTrue(e.problem().contains("entanglement has shape [5, 3] in the file but [4, 3] in the model"), e.problem());
    }

    @Test
    void rejectsUnknownKind() throws IOException {
        EnnModel model = smallModel();
        Map<String, String> metadata = headerOf(model);
        metadata.put(ModelStore.KIND_KEY, "java.lang.Runtime");

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelStore.load(rewritten(model, stateCopy(model), metadata)));

        assertTrue(e.problem().startsWith("unknown model kind \"java.lang.Runtime\""), e.problem());
    }

    @Test
    void unknownBaselineKindNamesMissingArtifact() throws IOException {
        EnnModel model = smallModel();
        Map<String, String> metadata = headerOf(model);
        metadata.put(ModelStore.KIND_KEY, "baseline.lstm");

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelStore.load(rewritten(model, stateCopy(model), metadata)));

        assertTrue(e.problem().contains("dev.enn:enn-baselines"), e.problem());
    }

    @Test
    void rejectsMissingKind() throws IOException {
        EnnModel model = smallModel();
        Map<String, String> metadata = headerOf(model);
        metadata.remove(ModelStore.KIND_KEY);

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelStore.load(rewritten(model, stateCopy(model), metadata)));

        assertTrue(e.problem().contains("no model kind"), e.problem());
    }

    @Test
    void rejectsMissingConfig() throws IOException {
        EnnModel model = smallModel();
        Map<String, String> metadata = headerOf(model);
        metadata.remove(ModelStore.CONFIG_KEY);

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> EnnModel.load(rewritten(model, stateCopy(model), metadata)));

        assertTrue(e.problem().contains("no model config"), e.problem());
    }

    @Test
    void rejectsConfigThatIsNotJson() throws IOException {
        EnnModel model = smallModel();
        Map<String, String> metadata = headerOf(model);
        metadata.put(ModelStore.CONFIG_KEY, "{numNeurons: 4");

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> EnnModel.load(rewritten(model, stateCopy(model), metadata)));

        assertTrue(e.problem().contains("is invalid JSON"), e.problem());
    }

    @Test
    void rejectsConfigThatIsNotObject() throws IOException {
        EnnModel model = smallModel();
        Map<String, String> metadata = headerOf(model);
        metadata.put(ModelStore.CONFIG_KEY, "[4, 3]");

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> EnnModel.load(rewritten(model, stateCopy(model), metadata)));

        assertTrue(e.problem().contains("is a JSON array; it must be a JSON object"), e.problem());
    }

    @Test
    void rejectsInvalidConfigValue() throws IOException {
        EnnModel model = smallModel();
        Map<String, Object> config = new LinkedHashMap<>(model.config().toMap());
        config.put("numNeurons", -4);
        Map<String, String> metadata = new LinkedHashMap<>(ModelStore.header(ModelStore.ENN_KIND, config));

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> EnnModel.load(rewritten(model, stateCopy(model), metadata)));

        assertTrue(e.problem().startsWith("invalid enn config"), e.problem());
        assertTrue(e.problem().contains("numNeurons"), e.problem());
    }

    @Test
    void rejectsUnsupportedFormatVersion() throws IOException {
        EnnModel model = smallModel();
        Map<String, String> metadata = headerOf(model);
        metadata.put(ModelStore.FORMAT_VERSION_KEY, "2");

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> EnnModel.load(rewritten(model, stateCopy(model), metadata)));

        assertTrue(e.problem().contains("unsupported format version \"2\"; this enn reads version 1"), e.problem());
    }

    @Test
    void rejectsMissingFormatVersion() throws IOException {
        EnnModel model = smallModel();

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> EnnModel.load(rewritten(model, stateCopy(model), Map.of())));

        assertTrue(e.problem().contains("no format version"), e.problem());
        assertTrue(e.problem().contains("loadPyTorchWeights"), e.problem());
    }

    @Test
    void rejectsOtherModelClass() throws IOException {
        EnnModel model = smallModel();
        Path file = saved(model);

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelStore.load(file, Linear.class, ReadOptions.defaults()));

        assertTrue(e.problem().contains("contains a EnnModel model (kind enn), not a Linear"), e.problem());
    }

    @Test
    void rejectsNonFiniteWeightByDefault() throws IOException {
        EnnModel model = smallModel();
        Map<String, Tensor> state = stateCopy(model);
        Tensor mixing = state.get("mixing").copy();
        mixing.dataView()[5] = Double.NaN;
        state.put("mixing", mixing);
        Path file = dir.resolve("nan.safetensors");
        SafeTensors.write(file, state, headerOf(model), DType.F64, NonFinitePolicy.ALLOW);

        ModelFileException e = assertThrows(ModelFileException.class, () -> EnnModel.load(file));

        assertTrue(e.problem().contains("tensor \"mixing\" has 1 non-finite values"), e.problem());
    }

    @Test
    void loadsNonFiniteWeightWhenAllowed() throws IOException {
        EnnModel model = smallModel();
        Map<String, Tensor> state = stateCopy(model);
        Tensor mixing = state.get("mixing").copy();
        mixing.dataView()[5] = Double.POSITIVE_INFINITY;
        state.put("mixing", mixing);
        Path file = dir.resolve("inf.safetensors");
        SafeTensors.write(file, state, headerOf(model), DType.F64, NonFinitePolicy.ALLOW);

        EnnModel loaded = EnnModel.load(file, ReadOptions.allowNonFinite());

        assertEquals(Double.POSITIVE_INFINITY, loaded.namedParameters().get("mixing").dataView()[5]);
    }

    @Test
    void recurrentModelRoundTrips() throws IOException {
        EnnModel model = EnnModel.builder().inputFeatures(3).numNeurons(4).numStates(3).compressedDim(2).bufferSize(2)
                .lowPowerK(2).head(TaskHead.linear(1)).dynamics(EnnDynamicsMode.RECURRENT).seed(9).build();

        EnnModel loaded = EnnModel.load(saved(model));

        assertEquals(EnnDynamicsMode.RECURRENT, loaded.config().dynamics());
        assertEquals(model.config(), loaded.config());
        assertArrayEquals(model.forward(sampleInput()).dataView(), loaded.forward(sampleInput()).dataView());
    }

    @Test
    void directInputModelRoundTrips() throws IOException {
        EnnModel model = EnnModel.builder().numNeurons(3).numStates(2).lowPowerK(2).compressedDim(2).inputFormat(InputFormat.DIRECT)
                .head(TaskHead.mean()).seed(3).build();
        Tensor input = Tensor.randn(new Rng(5), 2, 3, 2);

        EnnModel loaded = EnnModel.load(saved(model));

        assertArrayEquals(model.forward(input).dataView(), loaded.forward(input).dataView());
    }
}
