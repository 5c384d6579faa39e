package dev.enn.baselines;

import static dev.enn.testing.TestTensors.assertShape;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.enn.layer.Layer;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CnnModelTest {
    @Test
    void parameterCountMatchesPyTorch() {
        CnnModel model = CnnModel.builder().inputFeatures(3).hiddenSize(48).outputs(1).seed(42).build();

        assertEquals(11_065, model.parameterCount());
    }

    @Test
    void runningStatisticsAreBuffers() {
        CnnModel model = CnnModel.builder().inputFeatures(3).hiddenSize(48).build();

        assertEquals(List.of("bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked",
                "bn2.running_mean", "bn2.running_var", "bn2.num_batches_tracked",
                "bn3.running_mean", "bn3.running_var", "bn3.num_batches_tracked"), List.copyOf(model.namedBuffers().keySet()));
    }

    @Test
    void singleValueBatchNeedsEvaluationMode() {
        CnnModel model = CnnModel.builder().inputFeatures(3).hiddenSize(8).build();

        assertThrowsWithMessage(IllegalArgumentException.class, () -> model.forward(Tensor.zeros(1, 3)),
                "more than one value per channel", "[1, 2, 1]");
        model.setTraining(false);
        assertShape(new int[] {1, 1}, model.forward(Tensor.zeros(1, 3)));
    }

    @Test
    void builderRejectsTooNarrowHiddenSize() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> CnnModel.builder().hiddenSize(3).build(),
                "CnnModel.Builder", "hiddenSize", "at least 4", "3");
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return CnnModel.builder().inputFeatures(3).hiddenSize(8).outputs(2).dropout(0.0).seed(rng.nextLong()).build();
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 3, 5, 3);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return new int[] {inputShape[0], 2};
        }
    }
}
