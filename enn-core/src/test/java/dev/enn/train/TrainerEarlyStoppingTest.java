package dev.enn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.data.Dataset;
import dev.enn.layer.Linear;
import dev.enn.loss.MseLoss;
import dev.enn.optim.Sgd;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerEarlyStoppingTest {
    /** Samples of y = x, the training target. */
    private static final Dataset IDENTITY = line(1.0);
    /** Samples of y = −x: the better the model fits the training set, the worse it does here. */
    private static final Dataset NEGATED = line(-1.0);

    private static Dataset line(double slope) {
        double[] x = {-1.0, -0.5, 0.5, 1.0};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = slope * x[i];
        }
        return new Dataset(Tensor.of(x, 4, 1), Tensor.of(y, 4, 1));
    }

    /** Listener that copies the parameters and the buffer at the end of every epoch. */
    private static final class WeightRecorder implements TrainingListener {
        private final TrainingFixtures.CountingLinear model;
        final List<double[]> parameters = new ArrayList<>();
        final List<Double> calls = new ArrayList<>();

        WeightRecorder(TrainingFixtures.CountingLinear model) {
            this.model = model;
        }

        @Override
        public void onEpochEnd(EpochMetrics metrics) {
            parameters.add(TrainingFixtures.flatParameters(model));
            calls.add(model.namedBuffers().get("calls").item());
        }
    }

    /** Full-batch gradient descent on y = x, validated on y = −x, so the validation loss rises every epoch. */
    private static Trainer.Builder divergingValidation(TrainingFixtures.CountingLinear model) {
        return Trainer.builder(model, new MseLoss(), new Sgd(model.namedParameters(), 0.1))
                .epochs(10)
                .batchSize(4)
                .shuffle(false)
                .validation(NEGATED);
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        TrainingFixtures.CountingLinear model = new TrainingFixtures.CountingLinear(3);
        TrainingHistory history = divergingValidation(model).earlyStopping(2, 0.0).build().fit(IDENTITY);

        assertEquals(0, history.bestEpoch());
        assertEquals(3, history.epochs().size());
        assertTrue(history.stoppedEarly());
        assertFalse(history.restoredBestWeights());
        assertEquals(history.epochs().get(0).validationLoss(), history.bestLoss(), 0.0);
        double[] validationLosses = history.validationLosses();
        assertTrue(validationLosses[1] > validationLosses[0]);
        assertTrue(validationLosses[2] > validationLosses[1]);
    }

    @Test
    void patienceZeroStopsAtFirstEpochWithoutImprovement() {
        TrainingFixtures.CountingLinear model = new TrainingFixtures.CountingLinear(3);
        TrainingHistory history = divergingValidation(model).earlyStopping(0, 0.0).build().fit(IDENTITY);
        assertEquals(2, history.epochs().size());
        assertTrue(history.stoppedEarly());
    }

    @Test
    void restoresParametersAndBuffersOfBestEpoch() {
        TrainingFixtures.CountingLinear model = new TrainingFixtures.CountingLinear(3);
        WeightRecorder recorder = new WeightRecorder(model);
        TrainingHistory history = divergingValidation(model)
                .earlyStopping(2, 0.0)
                .restoreBestWeights(true)
                .listener(recorder)
                .build()
                .fit(IDENTITY);

        assertTrue(history.restoredBestWeights());
        assertEquals(0, history.bestEpoch());
        assertArrayEquals(recorder.parameters.get(0), TrainingFixtures.flatParameters(model));
        assertEquals(1.0, recorder.calls.get(0), 0.0);
        assertEquals(3.0, recorder.calls.get(2), 0.0);
        assertEquals(1.0, model.namedBuffers().get("calls").item(), 0.0);
        double restoredLoss = Metrics.evaluate(model, NEGATED, 4).mse();
        assertEquals(history.bestLoss(), restoredLoss, 1e-15);
    }

    @Test
    void restoreWithoutEarlyStoppingRunsAllEpochs() {
        TrainingFixtures.CountingLinear model = new TrainingFixtures.CountingLinear(3);
        WeightRecorder recorder = new WeightRecorder(model);
        TrainingHistory history = divergingValidation(model).restoreBestWeights(true).listener(recorder).build()
                .fit(IDENTITY);
        assertEquals(10, history.epochs().size());
        assertFalse(history.stoppedEarly());
        assertArrayEquals(recorder.parameters.get(history.bestEpoch()), TrainingFixtures.flatParameters(model));
    }

    @Test
    void monitorsTrainLossWithoutValidationSet() {
        Linear model = new Linear(1, 1, new Rng(4));
        TrainingHistory history = Trainer.builder(model, new MseLoss(), new Sgd(model.namedParameters(), 0.1))
                .epochs(30)
                .batchSize(4)
                .shuffle(false)
                .earlyStopping(1, 0.0)
                .build()
                .fit(IDENTITY);
        double[] trainLosses = history.trainLosses();
        int best = history.bestEpoch();
        for (int e = 0; e < trainLosses.length; e++) {
            assertTrue(trainLosses[best] <= trainLosses[e], "epoch " + e + " beats the best epoch " + best);
        }
        assertEquals(trainLosses[best], history.bestLoss(), 0.0);
        assertTrue(Double.isNaN(history.validationLosses()[0]));
    }

    @Test
    void improvementsBelowMinDeltaDoNotCount() {
        Linear model = new Linear(1, 1, new Rng(4));
        // lr 1e-6 changes the loss by far less than 0.01 per epoch
        TrainingHistory history = Trainer.builder(model, new MseLoss(), new Sgd(model.namedParameters(), 1e-6))
                .epochs(30)
                .batchSize(4)
                .shuffle(false)
                .earlyStopping(3, 0.01)
                .build()
                .fit(IDENTITY);
        assertEquals(0, history.bestEpoch());
        assertEquals(4, history.epochs().size());
        assertTrue(history.trainLosses()[3] < history.trainLosses()[0]);
    }
}
