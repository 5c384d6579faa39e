package dev.enn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.io.DType;
import dev.enn.io.ModelFileException;
import dev.enn.io.ModelStore;
import dev.enn.io.SafeTensors;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnnMemoryFilesTest {
    @TempDir
    Path dir;

    private static EnnModel model() {
        return EnnModel.builder().inputFeatures(3).numNeurons(4).numStates(3).numLayers(2).compressedDim(2)
                .bufferSize(3).lowPowerK(2).seed(5).build();
    }

    @Test
    void memoryRoundTripContinuesIdentically() throws IOException {
        EnnModel model = model();
        EnnMemory memory = model.newMemory();
        Tensor input = Tensor.randn(new Rng(1), 2, 4, 3);
        model.forward(input, memory);
        Path file = dir.resolve("memory.safetensors");

        EnnMemoryFiles.save(file, memory);
        EnnMemory loaded = EnnMemoryFiles.load(file);

        assertArrayEquals(memory.neuronState().dataView(), loaded.neuronState().dataView());
        assertArrayEquals(memory.histories().dataView(), loaded.histories().dataView());
        model.forward(input, memory);
        model.forward(input, loaded);
        assertArrayEquals(memory.neuronState().dataView(), loaded.neuronState().dataView());
        assertArrayEquals(memory.histories().dataView(), loaded.histories().dataView());
    }

    @Test
    void freshMemoryRoundTrips() throws IOException {
        EnnMemory memory = model().newMemory();
        Path file = dir.resolve("fresh.safetensors");

        EnnMemoryFiles.save(file, memory);
        EnnMemory loaded = EnnMemoryFiles.load(file);

        assertEquals(0, loaded.historyLength());
        assertEquals(3, loaded.bufferSize());
    }

    @Test
    void rejectsModelFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        model().save(file);

        ModelFileException e = assertThrows(ModelFileException.class, () -> EnnMemoryFiles.load(file));

        assertTrue(e.problem().contains("is not an ENN memory file: its kind (enn.kind) is \"enn\""), e.problem());
    }

    @Test
    void rejectsStateOfOtherShape() throws IOException {
        Path file = dir.resolve("bad.safetensors");
        Map<String, String> metadata = new LinkedHashMap<>(ModelStore.header(EnnMemoryFiles.KIND,
                Map.of("numNeurons", 4, "numStates", 3, "bufferSize", 3)));
        SafeTensors.write(file, Map.of(EnnMemoryFiles.NEURON_STATE, Tensor.zeros(3, 3)), metadata, DType.F64);

        ModelFileException e = assertThrows(ModelFileException.class, () -> EnnMemoryFiles.load(file));

        assertTrue(e.problem().contains("neuron_state is of shape [3, 3]; expected [4, 3]"), e.problem());
    }

    @Test
    void rejectsInvalidSizes() throws IOException {
        Path file = dir.resolve("sizes.safetensors");
        Map<String, String> metadata = new LinkedHashMap<>(ModelStore.header(EnnMemoryFiles.KIND,
                Map.of("numNeurons", 0, "numStates", 3, "bufferSize", 3)));
        SafeTensors.write(file, Map.of(EnnMemoryFiles.NEURON_STATE, Tensor.zeros(1, 3)), metadata, DType.F64);

        ModelFileException e = assertThrows(ModelFileException.class, () -> EnnMemoryFiles.load(file));

        assertTrue(e.problem().contains("are invalid"), e.problem());
    }

    @Test
    void rejectsHistoryLongerThanBuffer() throws IOException {
        Path file = dir.resolve("long.safetensors");
        Map<String, String> metadata = new LinkedHashMap<>(ModelStore.header(EnnMemoryFiles.KIND,
                Map.of("numNeurons", 4, "numStates", 3, "bufferSize", 3)));
        Map<String, Tensor> tensors = Map.of(EnnMemoryFiles.NEURON_STATE, Tensor.zeros(4, 3),
                EnnMemoryFiles.HISTORIES, Tensor.zeros(4, 5, 3));
        SafeTensors.write(file, tensors, metadata, DType.F64);

        ModelFileException e = assertThrows(ModelFileException.class, () -> EnnMemoryFiles.load(file));

        assertTrue(e.problem().contains("histories has shape [4, 5, 3]; expected [4, 1..3, 3]"), e.problem());
    }
}
