package dev.enn.layer;

import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class AbstractLayerTest {
    /** Identity layer whose members the test registers from outside. */
    private static final class Probe extends AbstractLayer {
        Tensor parameter(String name, Tensor value) {
            return registerParameter(name, value);
        }

        Tensor buffer(String name, Tensor value) {
            return registerBuffer(name, value);
        }

        <L extends Layer> L child(String name, L layer) {
            return registerChild(name, layer);
        }

        @Override
        public Tensor forward(Tensor input) {
            return input;
        }
    }

    @Test
    void registerParameterMarksGradientAndKeepsOrder() {
        Probe layer = new Probe();
        Tensor b = Tensor.zeros(2);

        assertSame(b, layer.parameter("b", b));
        layer.parameter("a", Tensor.zeros(3));

        assertTrue(b.requiresGrad());
        assertEquals(List.of("b", "a"), List.copyOf(layer.namedParameters().keySet()));
        assertEquals(5, layer.parameterCount());
    }

    @Test
    void childNamesArePrefixed() {
        Probe inner = new Probe();
        inner.parameter("weight", Tensor.zeros(1));
        inner.buffer("runningMean", Tensor.zeros(1));
        Probe outer = new Probe();
        outer.parameter("scale", Tensor.zeros(1));
        outer.child("block", inner);

        assertEquals(List.of("scale", "block.weight"), List.copyOf(outer.namedParameters().keySet()));
        assertEquals(List.of("block.runningMean"), List.copyOf(outer.namedBuffers().keySet()));
        assertEquals(List.of("block"), List.copyOf(outer.children().keySet()));
    }

    @Test
    void buffersDoNotRequireGradient() {
        Probe layer = new Probe();
        Tensor buffer = layer.buffer("count", Tensor.zeros(1));

        assertFalse(buffer.requiresGrad());
        assertTrue(layer.namedParameters().isEmpty());
    }

    @Test
    void childTakesParentMode() {
        Probe parent = new Probe();
        parent.setTraining(false);

        Probe child = parent.child("child", new Probe());

        assertFalse(child.isTraining());
    }

    @Test
    void namedMapsAreUnmodifiable() {
        Probe layer = new Probe();
        layer.parameter("w", Tensor.zeros(1));

        assertThrows(UnsupportedOperationException.class, () -> layer.namedParameters().clear());
        assertThrows(UnsupportedOperationException.class, () -> layer.namedBuffers().clear());
        assertThrows(UnsupportedOperationException.class, () -> layer.children().clear());
    }

    @Test
    void rejectsEmptyNullOrDottedName() {
        Probe layer = new Probe();

        assertThrowsWithMessage(IllegalArgumentException.class, () -> layer.parameter("", Tensor.zeros(1)),
                "non-empty", "no '.'", "''");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> layer.buffer(null, Tensor.zeros(1)),
                "non-empty", "'null'");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> layer.child("a.b", new Probe()),
                "no '.'", "'a.b'");
    }

    @Test
    void rejectsDuplicateNameAcrossKinds() {
        Probe layer = new Probe();
        layer.parameter("w", Tensor.zeros(1));

        assertThrowsWithMessage(IllegalArgumentException.class, () -> layer.parameter("w", Tensor.zeros(1)),
                "'w'", "already registered");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> layer.buffer("w", Tensor.zeros(1)),
                "'w'", "already registered");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> layer.child("w", new Probe()),
                "'w'", "already registered");
    }
}
