package dev.enn.baselines;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.data.Dataset;
import dev.enn.layer.Layer;
import dev.enn.loss.MseLoss;
import dev.enn.optim.Adam;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.train.Metrics;
import dev.enn.train.Trainer;
import dev.enn.train.TrainingHistory;
import org.junit.jupiter.api.Test;

/**
 * Trains each baseline with {@link Trainer} and Adam on a small synthetic regression task:
 * 128 sequences of T = 8 steps with F = 3 features drawn uniformly in [−1, 1], and the target
 * {@code y = 2·mean_t x[t, 0] + x[T−1, 1] − mean_t x[t, 2]}. Predicting the target's mean gives
 * an MSE equal to its variance, 0.68 on this sample. Each model must reach a training MSE
 * below {@value #MAX_MSE} in evaluation mode; the runs are seeded, so they are repeatable. The
 * epoch counts keep the whole class to a few seconds.
 */
class BaselineTrainingTest {
    private static final int SAMPLES = 128;
    private static final int STEPS = 8;
    private static final int FEATURES = 3;
    private static final int BATCH_SIZE = 16;
    /** Under a quarter of the target variance (0.68), so a model must explain most of it. */
    private static final double MAX_MSE = 0.15;

    private static Dataset syntheticTask() {
        Rng rng = new Rng(2024);
        double[] x = new double[SAMPLES * STEPS * FEATURES];
        double[] y = new double[SAMPLES];
        for (int n = 0; n < SAMPLES; n++) {
            double mean0 = 0;
            double mean2 = 0;
            for (int t = 0; t < STEPS; t++) {
                for (int f = 0; f < FEATURES; f++) {
                    x[(n * STEPS + t) * FEATURES + f] = rng.uniform(-1, 1);
                }
                mean0 += x[(n * STEPS + t) * FEATURES] / STEPS;
                mean2 += x[(n * STEPS + t) * FEATURES + 2] / STEPS;
            }
            y[n] = 2 * mean0 + x[(n * STEPS + STEPS - 1) * FEATURES + 1] - mean2;
        }
        return new Dataset(Tensor.wrap(x, SAMPLES, STEPS, FEATURES), Tensor.wrap(y, SAMPLES, 1));
    }

    private static double targetVariance(Dataset data) {
        double[] y = data.all().targets().dataView();
        double mean = 0;
        for (double v : y) {
            mean += v / y.length;
        }
        double variance = 0;
        for (double v : y) {
            variance += (v - mean) * (v - mean) / y.length;
        }
        return variance;
    }

    /** Trains and returns the evaluation-mode MSE on the training set. */
    private static double trainedMse(Layer model, Dataset data, int epochs, double learningRate) {
        Trainer trainer = Trainer.builder(model, new MseLoss(), new Adam(model.namedParameters(), learningRate))
                .epochs(epochs).batchSize(BATCH_SIZE).shuffle(true).seed(7).build();
        TrainingHistory history = trainer.fit(data);
        assertTrue(history.epochs().size() == epochs, "training stopped after " + history.epochs().size() + " epochs");
        return Metrics.evaluate(model, data, SAMPLES).mse();
    }

    private static void assertLearns(String name, double mse, Dataset data) {
        assertTrue(mse < MAX_MSE, name + " reached MSE " + mse + ", expected below " + MAX_MSE
                + " (target variance " + targetVariance(data) + ")");
    }

    @Test
    void lstmLearnsSyntheticTask() {
        Dataset data = syntheticTask();
        LstmModel model = LstmModel.builder().inputFeatures(FEATURES).hiddenSize(16).numLayers(1).outputs(1).seed(1).build();

        assertLearns("LSTM", trainedMse(model, data, 12, 0.02), data);
    }

    @Test
    void transformerLearnsSyntheticTask() {
        Dataset data = syntheticTask();
        TransformerModel model = TransformerModel.builder().inputFeatures(FEATURES).hiddenSize(8).numLayers(1).numHeads(2)
                .outputs(1).seed(1).build();

        assertLearns("Transformer", trainedMse(model, data, 20, 0.01), data);
    }

    @Test
    void cnnLearnsSyntheticTask() {
        Dataset data = syntheticTask();
        CnnModel model = CnnModel.builder().inputFeatures(FEATURES).hiddenSize(16).outputs(1).seed(1).build();

        assertLearns("CNN", trainedMse(model, data, 12, 0.02), data);
    }

    @Test
    void mlpLearnsSyntheticTask() {
        Dataset data = syntheticTask();
        MlpModel model = MlpModel.builder().inputFeatures(FEATURES).hiddenSize(16).windowLength(STEPS).outputs(1).seed(1).build();

        assertLearns("MLP", trainedMse(model, data, 12, 0.02), data);
    }

    @Test
    void liquidLearnsSyntheticTask() {
        Dataset data = syntheticTask();
        LiquidModel model = LiquidModel.builder().inputFeatures(FEATURES).hiddenSize(16).outputs(1).seed(1).build();

        assertLearns("Liquid", trainedMse(model, data, 12, 0.02), data);
    }
}
