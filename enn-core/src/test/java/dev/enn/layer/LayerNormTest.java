package dev.enn.layer;

import static dev.enn.testing.TestTensors.assertClose;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LayerNormTest {
    /** Tolerance of layer-norm values against mpmath 1.3.0 at 40 digits. */
    private static final double NORM_TOLERANCE = 1e-14;

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            LayerNorm layer = new LayerNorm(4);
            // move γ and β off their initial 1 and 0 so that their gradients are checked in general position
            for (Tensor p : layer.namedParameters().values()) {
                double[] d = p.dataView();
                for (int i = 0; i < d.length; i++) {
                    d[i] += rng.uniform(-0.5, 0.5);
                }
            }
            return layer;
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 3, 4);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return inputShape;
        }
    }

    @Test
    void startsAsPlainNormalisation() {
        LayerNorm layer = new LayerNorm(3);

        assertEquals(List.of("weight", "bias"), List.copyOf(layer.namedParameters().keySet()));
        assertArrayEquals(new double[] {1, 1, 1}, layer.namedParameters().get("weight").toArray(), 0);
        assertArrayEquals(new double[] {0, 0, 0}, layer.namedParameters().get("bias").toArray(), 0);
        assertClose(new double[] {-1.0690415314502975, -0.26726038286257436, 1.3363019143128718},
                layer.forward(Tensor.vector(1, 2, 4)), NORM_TOLERANCE);
    }

    @Test
    void constantLargeInputGivesZeros() {
        Tensor y = new LayerNorm(3).forward(Tensor.full(10000000.7, 3));

        assertArrayEquals(new double[] {0, 0, 0}, y.toArray(), 0);
    }

    @Test
    void largeOffsetInputKeepsVariance() {
        Tensor y = new LayerNorm(4).forward(Tensor.vector(1e8, 1e8 + 1, 1e8 + 2, 1e8 + 3));

        assertClose(new double[] {-1.3416354199689269, -0.447211806656309, 0.447211806656309, 1.3416354199689269},
                y, NORM_TOLERANCE);
    }

    @Test
    void constantInputBackward() {
        LayerNorm layer = new LayerNorm(4);
        Tensor x = Tensor.full(5.5, 4).requireGrad(true);

        layer.forward(x).backward(Tensor.vector(1, 2, 3, 4));

        assertClose(new double[] {-474.3416490252569, -158.11388300841898, 158.11388300841898, 474.3416490252569},
                x.grad(), NORM_TOLERANCE);
        assertArrayEquals(new double[] {0, 0, 0, 0}, layer.namedParameters().get("weight").grad().toArray(), 0);
        assertArrayEquals(new double[] {1, 2, 3, 4}, layer.namedParameters().get("bias").grad().toArray(), 0);
    }

    @Test
    void rejectsWrongFeatureCount() {
        LayerNorm layer = new LayerNorm(4);

        ShapeMismatchException e = assertThrowsWithMessage(ShapeMismatchException.class,
                () -> layer.forward(Tensor.zeros(2, 5, 3)),
                "LayerNorm:", "[2, 5, 3]", "4 features", "got 3", "batch-first");
        assertArrayEquals(new int[] {2, 5, 4}, e.expected());
        assertArrayEquals(new int[] {2, 5, 3}, e.actual());
    }

    @Test
    void rejectsScalarInput() {
        assertThrowsWithMessage(ShapeMismatchException.class, () -> new LayerNorm(4).forward(Tensor.scalar(1)),
                "LayerNorm:", "4 features", "a scalar");
    }

    @Test
    void rejectsBadConstructorArguments() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> new LayerNorm(0),
                "LayerNorm features", "positive", "got 0");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> new LayerNorm(4, 0),
                "LayerNorm eps", "positive", "0.0");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> new LayerNorm(4, Double.NaN),
                "LayerNorm eps", "NaN");
    }
}
