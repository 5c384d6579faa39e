package dev.enn.baselines;

import static dev.enn.testing.TestTensors.assertBitIdentical;
import static dev.enn.testing.TestTensors.assertShape;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import dev.enn.testing.TestTensors;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/** Input handling and seeding shared by all five models, checked on each. */
class BaselineModelTest {
    private static final int FEATURES = 3;

    /** Builders of small models with F = 3 and 2 outputs, by seed; the MLP is built for T = 1. */
    private static List<LongFunction<BaselineModel>> models() {
        return List.of(
                seed -> LstmModel.builder().inputFeatures(FEATURES).hiddenSize(6).numLayers(2).outputs(2).seed(seed).build(),
                seed -> TransformerModel.builder().inputFeatures(FEATURES).hiddenSize(4).numLayers(2).numHeads(2).outputs(2)
                        .seed(seed).build(),
                seed -> CnnModel.builder().inputFeatures(FEATURES).hiddenSize(8).outputs(2).seed(seed).build(),
                seed -> MlpModel.builder().inputFeatures(FEATURES).hiddenSize(6).windowLength(1).outputs(2).seed(seed).build(),
                seed -> LiquidModel.builder().inputFeatures(FEATURES).hiddenSize(5).outputs(2).seed(seed).build());
    }

    @Test
    void singleStepInputEqualsLengthOneSequence() {
        for (LongFunction<BaselineModel> factory : models()) {
            BaselineModel model = factory.apply(1);
            model.setTraining(false);
            Tensor step = TestTensors.randn(2, 4, FEATURES);

            Tensor y = model.forward(step);

            assertShape(new int[] {4, 2}, y);
            assertBitIdentical(model.forward(step.reshape(4, 1, FEATURES)), y);
        }
    }

    @Test
    void rejectsWrongFeatureCount() {
        for (LongFunction<BaselineModel> factory : models()) {
            BaselineModel model = factory.apply(1);
            String name = model.getClass().getSimpleName();

            assertThrowsWithMessage(ShapeMismatchException.class, () -> model.forward(Tensor.zeros(4, 1, 12)),
                    name, "12 features", "[4, 1, 12]", "inputFeatures = 3", "batch-first");
            assertThrowsWithMessage(ShapeMismatchException.class, () -> model.forward(Tensor.zeros(4, 5)),
                    name, "5 features", "[4, 5]");
        }
    }

    @Test
    void rejectsWrongRankAndEmptyInput() {
        for (LongFunction<BaselineModel> factory : models()) {
            BaselineModel model = factory.apply(1);

            assertThrowsWithMessage(ShapeMismatchException.class, () -> model.forward(Tensor.zeros(2, 1, 1, FEATURES)),
                    "rank 4", "[B, T, 3]");
            assertThrowsWithMessage(ShapeMismatchException.class, () -> model.forward(Tensor.zeros(2, 0, FEATURES)),
                    "[2, 0, 3]", "empty");
            assertThrowsWithMessage(ShapeMismatchException.class, () -> model.forward(Tensor.zeros(0, FEATURES)),
                    "[0, 3]", "empty");
        }
    }

    @Test
    void seedDeterminesInitialWeights() {
        for (LongFunction<BaselineModel> factory : models()) {
            Map<String, Tensor> first = factory.apply(42).namedParameters();
            Map<String, Tensor> second = factory.apply(42).namedParameters();
            Map<String, Tensor> other = factory.apply(43).namedParameters();

            boolean anyDiffers = false;
            for (String name : first.keySet()) {
                assertBitIdentical(first.get(name), second.get(name));
                anyDiffers |= !Arrays.equals(first.get(name).dataView(), other.get(name).dataView());
            }
            assertFalse(!anyDiffers, "seeds 42 and 43 give identical weights");
        }
    }

    @Test
    void providerRebuildsModelFromItsOptions() {
        BaselineLayerProvider provider = new BaselineLayerProvider();
        String[] ids = {"baseline.lstm", "baseline.transformer", "baseline.cnn", "baseline.mlp", "baseline.liquid"};
        List<LongFunction<BaselineModel>> factories = models();
        for (int i = 0; i < ids.length; i++) {
            BaselineModel model = factories.get(i).apply(7);

            Map<String, Tensor> rebuilt = provider.create(ids[i], model.options()).namedParameters();

            for (Map.Entry<String, Tensor> p : model.namedParameters().entrySet()) {
                assertBitIdentical(p.getValue(), rebuilt.get(p.getKey()));
            }
        }
    }
}
