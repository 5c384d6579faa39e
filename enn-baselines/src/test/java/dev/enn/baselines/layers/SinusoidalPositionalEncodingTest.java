package dev.enn.baselines.layers;

import static dev.enn.testing.TestTensors.assertClose;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;

import dev.enn.layer.Layer;
import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import dev.enn.testing.TestTensors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SinusoidalPositionalEncodingTest {
    /** The expected values are given to 10 decimal places. */
    private static final double VALUE_TOLERANCE = 1e-10;

    @Test
    void oddWidthEndsWithSineColumn() {
        SinusoidalPositionalEncoding encoding = new SinusoidalPositionalEncoding(5);

        Tensor rows = encoding.encodings(3);

        assertClose(new double[] {
            0, 1, 0, 1, 0,
            0.8414709848, 0.5403023059, 0.0251162229, 0.9996845379, 0.0006309573,
            0.9092974268, -0.4161468365, 0.0502165994, 0.9987383507, 0.0012619144,
        }, rows, VALUE_TOLERANCE);
    }

    @Test
    void positionsBeyondTableFollowFormula() {
        SinusoidalPositionalEncoding encoding = new SinusoidalPositionalEncoding(4, 4);

        Tensor y = encoding.forward(Tensor.zeros(1, 6, 4));

        assertClose(new double[] {-0.7568024953, -0.6536436209, 0.0399893342, 0.9992001067},
                y.select(1, 4), VALUE_TOLERANCE);
        assertClose(new double[] {-0.9589242747, 0.2836621855, 0.0499791693, 0.9987502604},
                y.select(1, 5), VALUE_TOLERANCE);
        assertClose(new SinusoidalPositionalEncoding(4, 10).encodings(6).unsqueeze(0), y, 0);
    }

    @Test
    void addsEncodingToEverySample() {
        SinusoidalPositionalEncoding encoding = new SinusoidalPositionalEncoding(3);
        Tensor input = TestTensors.randn(1, 2, 4, 3);

        Tensor y = encoding.forward(input);

        assertClose(input.add(encoding.encodings(4)), y, 0);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        SinusoidalPositionalEncoding encoding = new SinusoidalPositionalEncoding(3);
        Tensor input = TestTensors.param(2, 2, 4, 3);

        GradientCheck.assertGradients(in -> encoding.forward(input), 1e-6, input);
    }

    @Test
    void rejectsWrongWidth() {
        SinusoidalPositionalEncoding encoding = new SinusoidalPositionalEncoding(4);

        assertThrowsWithMessage(ShapeMismatchException.class, () -> encoding.forward(Tensor.zeros(2, 3, 5)),
                "[2, 3, 5]", "[B, T, 4]");
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return new SinusoidalPositionalEncoding(5, 3);
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 6, 5);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return inputShape;
        }
    }
}
