package dev.enn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.enn.data.Dataset;
import dev.enn.layer.Sequential;
import dev.enn.loss.MseLoss;
import dev.enn.optim.AdamW;
import dev.enn.tensor.ProductPrecision;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link Trainer.Builder#productPrecision}: an MLP 32 → 32 → 1 on 64 samples in batches of 32,
 * wide enough that its products run in float32 when asked.
 */
class TrainerProductPrecisionTest {
    private static final int FEATURES = 32;
    private static final Dataset TRAIN = TrainingFixtures.regression(64, FEATURES, 300);

    private static double[] train(ProductPrecision precision) {
        Sequential model = TrainingFixtures.mlp(FEATURES, 32, 1, 42);
        Trainer.Builder builder = Trainer.builder(model, new MseLoss(), new AdamW(model.namedParameters(), 0.01))
                .epochs(3)
                .batchSize(32)
                .seed(42);
        if (precision != null) {
            builder.productPrecision(precision);
        }
        builder.build().fit(TRAIN);
        return TrainingFixtures.flatParameters(model);
    }

    @Test
    void float32TrainingIsReproducible() {
        double[] first = train(ProductPrecision.FLOAT32);
        double[] second = train(ProductPrecision.FLOAT32);
        assertEquals(0, Arrays.compare(first, second), "two float32 runs must give the same weights");
    }

    @Test
    void float32TrainingStaysNearFloat64() {
        double[] float32 = train(ProductPrecision.FLOAT32);
        double[] float64 = train(ProductPrecision.FLOAT64);
        assertNotEquals(0, Arrays.compare(float32, float64), "float32 products should change the last bits");
        assertArrayEquals(float64, float32, 1e-4);
    }

    @Test
    void fitRestoresThreadPrecision() {
        ProductPrecision before = ProductPrecision.current();
        train(ProductPrecision.FLOAT32);
        assertEquals(before, ProductPrecision.current());
        assertEquals(0, Arrays.compare(train(null), train(ProductPrecision.defaultPrecision())),
                "without the option fit keeps the thread's precision");
    }

    @Test
    void rejectsANullPrecision() {
        Sequential model = TrainingFixtures.mlp(FEATURES, 32, 1, 42);
        Trainer.Builder builder = Trainer.builder(model, new MseLoss(), new AdamW(model.namedParameters(), 0.01));
        NullPointerException e = assertThrows(NullPointerException.class, () -> builder.productPrecision(null));
        assertEquals("Trainer: productPrecision is null", e.getMessage());
    }
}
