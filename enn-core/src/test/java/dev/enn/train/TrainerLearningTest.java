package dev.enn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.data.Dataset;
import dev.enn.layer.Linear;
import dev.enn.layer.Sequential;
import dev.enn.loss.MseLoss;
import dev.enn.optim.Adam;
import dev.enn.optim.CosineSchedule;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TrainerLearningTest {
    private static final double XOR_MAX_MSE = 0.01;
    private static final double LINEAR_REGRESSION_MAX_MSE = 1e-4;

    @Test
    void mlpLearnsXorBelowMse001() {
        Tensor inputs = Tensor.matrix(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Dataset xor = new Dataset(inputs, Tensor.of(new double[] {0, 1, 1, 0}, 4, 1));
        Sequential model = TrainingFixtures.mlp(2, 8, 1, 1);
        Adam adam = new Adam(model.namedParameters(), 0.05);
        TrainingHistory history = Trainer.builder(model, new MseLoss(), adam)
                .epochs(500)
                .batchSize(4)
                .seed(1)
                .build()
                .fit(xor);

        double mse = Metrics.evaluate(model, xor, 4).mse();
        assertTrue(mse < XOR_MAX_MSE, "XOR MSE " + mse);
        assertEquals(500, history.epochs().size());
        assertEquals(500, history.completedSteps());
    }

    @Test
    void linearLayerFitsLinearMapBelowMse1e4() {
        Rng rng = new Rng(5);
        int n = 64;
        Tensor x = Tensor.uniform(rng, -1, 1, n, 3);
        Tensor y = x.matmul(Tensor.of(new double[] {2.0, -3.0, 0.5}, 3, 1)).add(1.0);
        Dataset data = new Dataset(x, y);
        Linear model = new Linear(3, 1, new Rng(6));
        int epochs = 300;
        int batchSize = 16;
        Adam adam = new Adam(model.namedParameters(), 0.05);
        Trainer.builder(model, new MseLoss(), adam)
                .epochs(epochs)
                .batchSize(batchSize)
                .schedule(CosineSchedule.of(0.05, 0.0, epochs * n / batchSize), ScheduleUnit.STEP)
                .build()
                .fit(data);

        double mse = Metrics.evaluate(model, data, n).mse();
        assertTrue(mse < LINEAR_REGRESSION_MAX_MSE, "linear regression MSE " + mse);
        assertEquals(2.0, model.weight().get(0, 0), 1e-6);
        assertEquals(-3.0, model.weight().get(0, 1), 1e-6);
        assertEquals(0.5, model.weight().get(0, 2), 1e-6);
        assertEquals(1.0, model.bias().get(0), 1e-6);
    }
}
