package dev.enn.baselines;

import static dev.enn.testing.TestTensors.assertBitIdentical;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.enn.layer.Layer;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import dev.enn.testing.TestTensors;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LstmModelTest {
    @Test
    void parameterCountMatchesPyTorch() {
        LstmModel model = LstmModel.builder().inputFeatures(3).hiddenSize(48).numLayers(2).outputs(1).seed(42).build();

        assertEquals(30_193, model.parameterCount());
        assertEquals(List.of("lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
                "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1",
                "head.0.weight", "head.0.bias", "head.3.weight", "head.3.bias"), List.copyOf(model.namedParameters().keySet()));
    }

    @Test
    void outputDependsOnLastStepOfTopLayer() {
        LstmModel model = LstmModel.builder().inputFeatures(2).hiddenSize(4).numLayers(1).outputs(1).seed(1).build();
        model.setTraining(false);
        Tensor input = TestTensors.randn(2, 3, 5, 2);

        Tensor last = model.lstm().forward(input).select(1, 4);

        Tensor head = last.linear(model.namedParameters().get("head.0.weight"), model.namedParameters().get("head.0.bias")).relu()
                .linear(model.namedParameters().get("head.3.weight"), model.namedParameters().get("head.3.bias"));
        assertBitIdentical(head, model.forward(input));
    }

    @Test
    void builderRejectsInvalidFields() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> LstmModel.builder().hiddenSize(1).build(),
                "LstmModel.Builder", "hiddenSize", "1");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> LstmModel.builder().numLayers(0).build(),
                "LstmModel.Builder", "numLayers", "0");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> LstmModel.builder().dropout(-0.1).build(),
                "LstmModel.Builder", "dropout", "-0.1");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> LstmModel.builder().inputFeatures(0).build(),
                "inputFeatures", "0");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> LstmModel.builder().outputs(-2).build(),
                "outputs", "-2");
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return LstmModel.builder().inputFeatures(3).hiddenSize(4).numLayers(2).outputs(2).dropout(0.0)
                    .seed(rng.nextLong()).build();
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 3, 3);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return new int[] {inputShape[0], 2};
        }
    }
}
