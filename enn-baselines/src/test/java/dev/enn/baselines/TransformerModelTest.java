package dev.enn.baselines;

import static dev.enn.testing.TestTensors.assertAllFinite;
import static dev.enn.testing.TestTensors.assertShape;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.enn.layer.Layer;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import dev.enn.testing.TestTensors;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TransformerModelTest {
    @Test
    void parameterCountMatchesPyTorch() {
        TransformerModel model = TransformerModel.builder().inputFeatures(3).hiddenSize(48).numLayers(2).numHeads(8)
                .outputs(1).seed(42).build();

        assertEquals(56_881, model.parameterCount());
    }

    @Test
    void encoderLayersStartIndependent() {
        TransformerModel model = TransformerModel.builder().inputFeatures(3).hiddenSize(8).numLayers(2).numHeads(2).build();
        Map<String, Tensor> p = model.namedParameters();

        assertFalse(Arrays.equals(p.get("layers.0.self_attn.in_proj_weight").dataView(),
                p.get("layers.1.self_attn.in_proj_weight").dataView()), "encoder layers share their initial weights");
        assertFalse(Arrays.equals(p.get("layers.0.linear1.weight").dataView(), p.get("layers.1.linear1.weight").dataView()),
                "encoder layers share their initial weights");
    }

    @Test
    void oddWidthWorks() {
        TransformerModel model = TransformerModel.builder().inputFeatures(2).hiddenSize(5).numLayers(1).numHeads(1).outputs(1).build();
        model.setTraining(false);

        Tensor y = model.forward(TestTensors.randn(1, 3, 7, 2));

        assertShape(new int[] {3, 1}, y);
        assertAllFinite(y);
    }

    @Test
    void builderRejectsHeadsThatDoNotDivideWidth() {
        assertThrowsWithMessage(IllegalArgumentException.class,
                () -> TransformerModel.builder().hiddenSize(48).numHeads(5).build(),
                "TransformerModel.Builder", "hiddenSize 48", "numHeads 5");
        assertThrowsWithMessage(IllegalArgumentException.class,
                () -> TransformerModel.builder().numHeads(0).build(), "numHeads", "0");
        assertThrowsWithMessage(IllegalArgumentException.class,
                () -> TransformerModel.builder().dropout(2).build(), "dropout", "2.0");
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return TransformerModel.builder().inputFeatures(3).hiddenSize(4).numLayers(2).numHeads(2).outputs(2)
                    .dropout(0.0).seed(rng.nextLong()).build();
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
