package dev.enn.baselines;

import static dev.enn.testing.TestTensors.assertShape;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.enn.layer.Layer;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MlpModelTest {
    @Test
    void parameterCountMatchesPyTorch() {
        MlpModel model = MlpModel.builder().inputFeatures(3).hiddenSize(48).windowLength(20).outputs(1).seed(42).build();

        assertEquals(11_713, model.parameterCount());
    }

    @Test
    void rejectsOtherWindowLength() {
        MlpModel model = MlpModel.builder().inputFeatures(3).hiddenSize(8).windowLength(20).build();

        assertThrowsWithMessage(ShapeMismatchException.class, () -> model.forward(Tensor.zeros(4, 15, 3)),
                "15 time steps", "windowLength = 20", "[B, 20, 3]");
        assertThrowsWithMessage(ShapeMismatchException.class, () -> model.forward(Tensor.zeros(4, 3)),
                "1 time steps", "windowLength = 20");
    }

    @Test
    void acceptsSingleStepWhenWindowIsOne() {
        MlpModel model = MlpModel.builder().inputFeatures(3).hiddenSize(8).windowLength(1).outputs(2).build();

        assertShape(new int[] {4, 2}, model.forward(Tensor.zeros(4, 3)));
    }

    @Test
    void builderRejectsInvalidWindow() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> MlpModel.builder().windowLength(0).build(),
                "MlpModel.Builder", "windowLength", "0");
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return MlpModel.builder().inputFeatures(3).hiddenSize(6).windowLength(4).outputs(2).dropout(0.0)
                    .seed(rng.nextLong()).build();
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 4, 3);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return new int[] {inputShape[0], 2};
        }
    }
}
