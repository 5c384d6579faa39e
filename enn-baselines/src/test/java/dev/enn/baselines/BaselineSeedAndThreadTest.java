package dev.enn.baselines;

import static dev.enn.testing.SeedAndThreadChecks.FEATURES;
import static dev.enn.testing.SeedAndThreadChecks.STEPS;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.enn.layer.Layer;
import dev.enn.testing.SeedAndThreadChecks;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Reproducible training and exact concurrent inference for each baseline (see
 * {@link SeedAndThreadChecks}). Every model gets F = 3, T = 5, seed 42, dropout 0.1 where it has
 * dropout, and hidden size 8 against 16 for the batch-order check. The LSTM has two layers, so its
 * dropout between them draws random numbers; the CNN has BatchNorm running statistics.
 */
class BaselineSeedAndThreadTest {
    private static final int HIDDEN = 8;
    private static final int OTHER_HIDDEN = 16;

    private static final IntFunction<Layer> LSTM = hidden -> LstmModel.builder()
            .inputFeatures(FEATURES).hiddenSize(hidden).outputs(1).numLayers(2).dropout(0.1).seed(42).build();
    private static final IntFunction<Layer> MLP = hidden -> MlpModel.builder()
            .inputFeatures(FEATURES).hiddenSize(hidden).outputs(1).windowLength(STEPS).dropout(0.1).seed(42).build();
    private static final IntFunction<Layer> CNN = hidden -> CnnModel.builder()
            .inputFeatures(FEATURES).hiddenSize(hidden).outputs(1).dropout(0.1).seed(42).build();
    private static final IntFunction<Layer> TRANSFORMER = hidden -> TransformerModel.builder()
            .inputFeatures(FEATURES).hiddenSize(hidden).outputs(1).numHeads(2).dropout(0.1).seed(42).build();
    private static final IntFunction<Layer> LIQUID = hidden -> LiquidModel.builder()
            .inputFeatures(FEATURES).hiddenSize(hidden).outputs(1).seed(42).build();

    @Test
    void lstmTrainsReproducibly() throws Exception {
        SeedAndThreadChecks.assertTrainingReproducible("LSTM", LSTM, HIDDEN, OTHER_HIDDEN);
    }

    @Test
    void lstmInfersConcurrently() throws Exception {
        SeedAndThreadChecks.assertConcurrentInferenceExact("LSTM", LSTM.apply(HIDDEN));
    }

    @Test
    void mlpTrainsReproducibly() throws Exception {
        SeedAndThreadChecks.assertTrainingReproducible("MLP", MLP, HIDDEN, OTHER_HIDDEN);
    }

    @Test
    void mlpInfersConcurrently() throws Exception {
        SeedAndThreadChecks.assertConcurrentInferenceExact("MLP", MLP.apply(HIDDEN));
    }

    @Test
    void cnnTrainsReproducibly() throws Exception {
        SeedAndThreadChecks.assertTrainingReproducible("CNN", CNN, HIDDEN, OTHER_HIDDEN);
    }

    @Test
    void cnnInfersConcurrently() throws Exception {
        SeedAndThreadChecks.assertConcurrentInferenceExact("CNN", CNN.apply(HIDDEN));
    }

    @Test
    void transformerTrainsReproducibly() throws Exception {
        SeedAndThreadChecks.assertTrainingReproducible("Transformer", TRANSFORMER, HIDDEN, OTHER_HIDDEN);
    }

    @Test
    void transformerInfersConcurrently() throws Exception {
        SeedAndThreadChecks.assertConcurrentInferenceExact("Transformer", TRANSFORMER.apply(HIDDEN));
    }

    @Test
    void liquidTrainsReproducibly() throws Exception {
        SeedAndThreadChecks.assertTrainingReproducible("Liquid", LIQUID, HIDDEN, OTHER_HIDDEN);
    }

    @Test
    void liquidInfersConcurrently() throws Exception {
        SeedAndThreadChecks.assertConcurrentInferenceExact("Liquid", LIQUID.apply(HIDDEN));
    }

    @Test
    void checkDetectsSeedChange() {
        AtomicLong seed = new AtomicLong(42);
        IntFunction<Layer> reseeded = hidden -> LstmModel.builder()
                .inputFeatures(FEATURES).hiddenSize(hidden).outputs(1).seed(seed.getAndIncrement()).build();
        assertThrows(AssertionError.class,
                () -> SeedAndThreadChecks.assertTrainingReproducible("reseeded LSTM", reseeded, HIDDEN, OTHER_HIDDEN));
    }
}
