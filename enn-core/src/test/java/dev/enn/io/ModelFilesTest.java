package dev.enn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.layer.AbstractLayer;
import dev.enn.layer.Layer;
import dev.enn.layer.Linear;
import dev.enn.layer.Sequential;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    @TempDir
    Path dir;

    /** A layer with a parameter, a buffer and a child, like a model with persistent state. */
    private static final class Stateful extends AbstractLayer {
        Stateful(Rng rng) {
            registerParameter("scale", Tensor.randn(rng, 3));
            registerBuffer("states", Tensor.randn(rng, 2, 3));
            registerChild("proj", new Linear(3, 2, rng));
        }

        @Override
        public Tensor forward(Tensor input) {
            return input;
        }
    }

    @Test
    void stateListsParametersThenBuffers() {
        Stateful layer = new Stateful(new Rng(1));
        assertEquals(List.of("scale", "proj.weight", "proj.bias", "states"), List.copyOf(ModelFiles.stateOf(layer).keySet()));
        assertTrue(ModelFiles.stateOf(layer).get("states") == layer.namedBuffers().get("states"));
    }

    @Test
    void stateRejectsNameUsedTwice() {
        Layer clash = new Layer() {
            @Override
            public Tensor forward(Tensor input) {
                return input;
            }

            @Override
            public Map<String, Tensor> namedParameters() {
                return Map.of("x", Tensor.zeros(1));
            }

            @Override
            public Map<String, Tensor> namedBuffers() {
                return Map.of("x", Tensor.zeros(1));
            }

            @Override
            public void setTraining(boolean training) {
            }

            @Override
            public boolean isTraining() {
                return false;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.stateOf(clash));
        assertTrue(e.getMessage().contains("x names both a parameter and a buffer"), e.getMessage());
    }

    @Test
    void saveLoadRoundTripIsBitIdentical() throws IOException {
        Stateful saved = new Stateful(new Rng(1));
        Path file = dir.resolve("model.safetensors");
        ModelFiles.save(file, saved, Map.of("epoch", "5"), DType.F64);

        Stateful restored = new Stateful(new Rng(2));
        LoadedTensors content = ModelFiles.load(file, restored, ReadOptions.defaults());

        assertEquals("5", content.metadata().get("epoch"));
        Map<String, Tensor> expected = ModelFiles.stateOf(saved);
        Map<String, Tensor> actual = ModelFiles.stateOf(restored);
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name).dataView(), actual.get(name).dataView(), name);
        }
        assertTrue(actual.get("scale").requiresGrad());
    }

    @Test
    void sequentialRoundTrip() throws IOException {
        Rng rng = new Rng(4);
        Sequential saved = new Sequential(new Linear(3, 5, rng), new Linear(5, 2, rng));
        Path file = dir.resolve("seq.safetensors");
        ModelFiles.save(file, saved, Map.of(), DType.F64);
        Sequential restored = new Sequential(new Linear(3, 5, rng), new Linear(5, 2, rng));
        ModelFiles.load(file, restored, ReadOptions.defaults());
        Tensor x = Tensor.randn(rng, 4, 3);
        assertArrayEquals(saved.forward(x).toArray(), restored.forward(x).toArray());
    }

    @Test
    void loadListsEveryMismatchAndLeavesLayerUnchanged() throws IOException {
        Rng rng = new Rng(3);
        Path file = dir.resolve("other.safetensors");
        SafeTensors.write(file, Map.of(
                "scale", Tensor.zeros(4),
                "proj.weight", Tensor.zeros(2, 3),
                "states", Tensor.zeros(2, 3),
                "extra", Tensor.zeros(1)), Map.of(), DType.F64);
        Stateful layer = new Stateful(rng);
        double[] weightBefore = layer.namedParameters().get("proj.weight").toArray();

        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelFiles.load(file, layer, ReadOptions.defaults()));

        assertTrue(e.getMessage().startsWith(file + ": does not match the model: 3 problems: "), e.getMessage());
        assertTrue(e.getMessage().contains("scale has shape [4] in the file but [3] in the model"), e.getMessage());
        assertTrue(e.getMessage().contains("missing proj.bias [2]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected extra [1]"), e.getMessage());
        assertArrayEquals(weightBefore, layer.namedParameters().get("proj.weight").dataView());
    }

    @Test
    void copyIntoRejectsMismatch() {
        Linear layer = new Linear(3, 2, new Rng(1));
        double[] before = layer.weight().toArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFiles.copyInto(layer, Map.of("weight", Tensor.zeros(3, 2))));
        assertEquals("ModelFiles.copyInto: 2 problems: weight has shape [3, 2] in the file but [2, 3] in the model; "
                + "missing bias [2]", e.getMessage());
        assertArrayEquals(before, layer.weight().dataView());
    }

    @Test
    void copyIntoCopiesValues() {
        Linear layer = new Linear(2, 1, new Rng(1));
        Tensor weight = Tensor.matrix(new double[][] {{0.5, -0.25}});
        ModelFiles.copyInto(layer, Map.of("weight", weight, "bias", Tensor.vector(3.0)));
        assertArrayEquals(new double[] {0.5, -0.25}, layer.weight().dataView());
        assertArrayEquals(new double[] {3.0}, layer.bias().dataView());
        weight.dataView()[0] = 9.0;
        assertEquals(0.5, layer.weight().get(0, 0));
    }

    @Test
    void findMismatchesEmptyWhenMatching() {
        Linear layer = new Linear(2, 3, new Rng(1));
        assertEquals(List.of(), ModelFiles.findMismatches(layer, ModelFiles.stateOf(new Linear(2, 3, new Rng(2)))));
    }

    @Test
    void saveF32RoundsValues() throws IOException {
        Linear layer = new Linear(3, 3, new Rng(8));
        Path file = dir.resolve("f32.safetensors");
        ModelFiles.save(file, layer, Map.of(), DType.F32);
        Linear restored = new Linear(3, 3, new Rng(9));
        ModelFiles.load(file, restored, ReadOptions.defaults());
        for (int i = 0; i < 9; i++) {
            assertEquals((double) (float) layer.weight().dataView()[i], restored.weight().dataView()[i]);
        }
    }
}
