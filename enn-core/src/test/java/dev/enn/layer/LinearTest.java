package dev.enn.layer;

import static dev.enn.testing.TestTensors.assertClose;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LinearTest {
    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return new Linear(4, 3, rng);
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 5, 4);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return new int[] {inputShape[0], inputShape[1], 3};
        }
    }

    @Nested
    class WithoutBiasContract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return new Linear(4, 2, false, rng);
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 3, 4);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return new int[] {inputShape[0], 2};
        }
    }

    @Test
    void forwardIsInputTimesWeightTransposedPlusBias() {
        Linear layer = new Linear(2, 3, new Rng(1));
        System.arraycopy(new double[] {1, 0, 0, 1, 1, 1}, 0, layer.weight().dataView(), 0, 6);
        System.arraycopy(new double[] {0.5, -0.5, 10}, 0, layer.bias().dataView(), 0, 3);

        Tensor y = layer.forward(Tensor.matrix(new double[][] {{1, 2}, {3, 4}}));

        assertClose(new double[] {1.5, 1.5, 13, 3.5, 3.5, 17}, y, 0);
    }

    @Test
    void initialisesWithinFanInBound() {
        Linear layer = new Linear(16, 8, new Rng(2));
        double bound = 1 / Math.sqrt(16);

        for (double w : layer.weight().dataView()) {
            assertTrue(Math.abs(w) <= bound, "weight " + w + " outside ±" + bound);
        }
        for (double b : layer.bias().dataView()) {
            assertTrue(Math.abs(b) <= bound, "bias " + b + " outside ±" + bound);
        }
    }

    @Test
    void drawsWeightBeforeBias() {
        Rng rng = new Rng(3);
        double bound = 1 / Math.sqrt(2);
        double[] expected = new double[2 * 2 + 2];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = rng.uniform(-bound, bound);
        }

        Linear layer = new Linear(2, 2, new Rng(3));

        assertArrayEquals(Arrays.copyOf(expected, 4), layer.weight().toArray(), 0);
        assertArrayEquals(Arrays.copyOfRange(expected, 4, 6), layer.bias().toArray(), 0);
    }

    @Test
    void parameterNamesAndSizes() {
        Linear layer = new Linear(4, 3, new Rng(4));
        Linear noBias = new Linear(4, 3, false, new Rng(4));

        assertEquals(List.of("weight", "bias"), List.copyOf(layer.namedParameters().keySet()));
        assertEquals(15, layer.parameterCount());
        assertEquals(List.of("weight"), List.copyOf(noBias.namedParameters().keySet()));
        assertNull(noBias.bias());
        assertEquals(4, layer.inFeatures());
        assertEquals(3, layer.outFeatures());
    }

    @Test
    void rejectsWrongFeatureCount() {
        Linear layer = new Linear(16, 4, new Rng(5));

        ShapeMismatchException e = assertThrowsWithMessage(ShapeMismatchException.class,
                () -> layer.forward(Tensor.zeros(2, 5, 12)),
                "[2, 5, 12]", "16 features", "got 12", "batch-first", "[B, T, F]");
        assertArrayEquals(new int[] {2, 5, 16}, e.expected());
        assertArrayEquals(new int[] {2, 5, 12}, e.actual());
    }

    @Test
    void rejectsTimeFirstInputWithHint() {
        // a [T, F, B]-ordered input puts the batch on the last axis
        Linear layer = new Linear(3, 2, new Rng(6));

        assertThrowsWithMessage(ShapeMismatchException.class, () -> layer.forward(Tensor.zeros(5, 3, 8)),
                "expects 3 features", "got 8", "batch-first");
    }

    @Test
    void rejectsNonPositiveSizes() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> new Linear(0, 3, new Rng(7)),
                "Linear inFeatures", "positive", "got 0");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> new Linear(3, -1, new Rng(7)),
                "Linear outFeatures", "positive", "got -1");
    }
}
