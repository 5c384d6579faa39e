package dev.enn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.data.Dataset;
import dev.enn.layer.Sequential;
import dev.enn.loss.MseLoss;
import dev.enn.optim.Adam;
import dev.enn.optim.ParameterState;
import dev.enn.tensor.Tensor;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TrainerInputTest {
    private static final Dataset DATA = TrainingFixtures.regression(10, 2, 7);

    private static Sequential model() {
        return TrainingFixtures.mlp(2, 4, 1, 9);
    }

    private static Trainer.Builder builder(Sequential model) {
        return Trainer.builder(model, new MseLoss(), new Adam(model.namedParameters(), 0.01)).batchSize(4).epochs(2);
    }

    @Test
    void emptyDatasetIsRejectedWhenBuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(Tensor.zeros(0, 2), Tensor.zeros(0, 1)));
        assertTrue(e.getMessage().contains("no samples"), e.getMessage());
    }

    @Test
    void rejectsNullDataset() {
        Trainer trainer = builder(model()).build();
        NullPointerException e = assertThrows(NullPointerException.class, () -> trainer.fit(null));
        assertTrue(e.getMessage().contains("training dataset is null"), e.getMessage());
    }

    @Test
    void rejectsNonPositiveBatchSize() {
        for (int batchSize : new int[] {0, -3}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> builder(model()).batchSize(batchSize));
            assertTrue(e.getMessage().contains("batchSize must be positive, got " + batchSize), e.getMessage());
        }
    }

    @Test
    void rejectsNonPositiveEpochs() {
        for (int epochs : new int[] {0, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> builder(model()).epochs(epochs));
            assertTrue(e.getMessage().contains("epochs must be positive, got " + epochs), e.getMessage());
        }
    }

    @Test
    void rejectsNonPositiveClipNorm() {
        for (double maxNorm : new double[] {0.0, -1.0, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> builder(model()).clipNorm(maxNorm));
            assertTrue(e.getMessage().contains("maxNorm = " + maxNorm), e.getMessage());
        }
    }

    @Test
    void rejectsInvalidEarlyStopping() {
        assertThrows(IllegalArgumentException.class, () -> builder(model()).earlyStopping(-1, 0.0));
        assertThrows(IllegalArgumentException.class, () -> builder(model()).earlyStopping(2, -0.1));
        assertThrows(IllegalArgumentException.class, () -> builder(model()).earlyStopping(2, Double.NaN));
    }

    @Test
    void rejectsOptimizerOfAnotherModel() {
        Sequential other = model();
        Trainer.Builder builder = Trainer.builder(model(), new MseLoss(), new Adam(other.namedParameters(), 0.01));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().contains("'0.weight' is not a parameter of the model"), e.getMessage());
    }

    @Test
    void rejectsValidationSetOfOtherShape() {
        Trainer trainer = builder(model()).validation(TrainingFixtures.regression(5, 3, 1)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(DATA));
        assertTrue(e.getMessage().contains("input shape [3]"), e.getMessage());
        assertTrue(e.getMessage().contains("[2]"), e.getMessage());
    }

    @Test
    void nanLossFailsNamingEpochAndStep() {
        Sequential model = model();
        TrainingFixtures.RecordingListener recorder = new TrainingFixtures.RecordingListener();
        AtomicReference<double[]> weightsAfterLastStep = new AtomicReference<>();
        // 10 samples in batches of 4 make 3 batches per epoch, so loss call 4 is epoch 1, step 4
        Trainer trainer = Trainer.builder(model, new TrainingFixtures.FaultyLoss(4, true),
                        new Adam(model.namedParameters(), 0.01))
                .batchSize(4)
                .epochs(3)
                .listener(recorder)
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(StepMetrics metrics) {
                        weightsAfterLastStep.set(TrainingFixtures.flatParameters(model));
                    }
                })
                .build();

        NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> trainer.fit(DATA));
        assertEquals(1, e.epoch());
        assertEquals(4, e.step());
        assertEquals("loss", e.quantity());
        assertTrue(Double.isNaN(e.value()));
        assertTrue(e.getMessage().contains("loss is NaN at epoch 1, step 4"), e.getMessage());
        assertArrayEquals(weightsAfterLastStep.get(), TrainingFixtures.flatParameters(model));
        assertEquals(4, recorder.steps.size());
    }

    @Test
    void infiniteGradientFailsNamingEpochAndStep() {
        Sequential model = model();
        Trainer trainer = Trainer.builder(model, new TrainingFixtures.FaultyLoss(0, false),
                new Adam(model.namedParameters(), 0.01)).batchSize(4).build();
        double[] initial = TrainingFixtures.flatParameters(model);

        NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> trainer.fit(DATA));
        assertEquals(0, e.epoch());
        assertEquals(0, e.step());
        assertEquals("gradient norm", e.quantity());
        assertEquals(Double.POSITIVE_INFINITY, e.value());
        assertTrue(e.getMessage().contains("gradient norm is Infinity at epoch 0, step 0"), e.getMessage());
        assertArrayEquals(initial, TrainingFixtures.flatParameters(model));
    }

    @Test
    void skipPolicyLeavesWeightsAndOptimizerStateUnchanged() {
        for (boolean poisonLoss : new boolean[] {true, false}) {
            Sequential model = model();
            Adam adam = new Adam(model.namedParameters(), 0.01);
            TrainingFixtures.RecordingListener recorder = new TrainingFixtures.RecordingListener();
            AtomicReference<double[]> weightsBeforeSkip = new AtomicReference<>();
            AtomicReference<Map<String, ParameterState>> stateBeforeSkip = new AtomicReference<>();
            Trainer trainer = Trainer.builder(model, new TrainingFixtures.FaultyLoss(2, poisonLoss), adam)
                    .batchSize(4)
                    .epochs(1)
                    .nonFinitePolicy(NonFinitePolicy.SKIP_STEP)
                    .listener(recorder)
                    .listener(new TrainingListener() {
                        @Override
                        public void onStep(StepMetrics metrics) {
                            weightsBeforeSkip.set(TrainingFixtures.flatParameters(model));
                            stateBeforeSkip.set(adam.state());
                        }

                        @Override
                        public void onSkippedStep(SkippedStep skipped) {
                            assertArrayEquals(weightsBeforeSkip.get(), TrainingFixtures.flatParameters(model));
                            assertEquals(2, adam.stepCount("0.weight"));
                            assertArrayEquals(stateBeforeSkip.get().get("0.weight").buffers().get("exp_avg"),
                                    adam.state().get("0.weight").buffers().get("exp_avg"));
                        }
                    })
                    .build();
            TrainingHistory history = trainer.fit(DATA);

            assertEquals(1, recorder.skipped.size());
            SkippedStep skipped = recorder.skipped.get(0);
            assertEquals(0, skipped.epoch());
            assertEquals(2, skipped.step());
            assertEquals(poisonLoss ? "loss" : "gradient norm", skipped.quantity());
            assertEquals(1, history.skippedSteps());
            assertEquals(2, history.completedSteps());
            assertEquals(1, history.epochs().get(0).skippedSteps());
            double[] losses = recorder.stepLosses();
            assertEquals((losses[0] * 4 + losses[1] * 4) / 8, history.trainLosses()[0], 1e-15);
        }
    }

    @Test
    void everyBatchSkippedGivesNaNAndWarning() {
        Sequential model = model();
        TrainingFixtures.RecordingListener recorder = new TrainingFixtures.RecordingListener();
        TrainingHistory history = Trainer.builder(model, (prediction, target) -> prediction.mean().mul(Double.NaN),
                        new Adam(model.namedParameters(), 0.01))
                .epochs(1)
                .nonFinitePolicy(NonFinitePolicy.SKIP_STEP)
                .restoreBestWeights(true)
                .listener(recorder)
                .build()
                .fit(DATA);
        assertTrue(Double.isNaN(history.trainLosses()[0]));
        assertEquals(-1, history.bestEpoch());
        assertTrue(recorder.warnings.get(0).contains("every batch of epoch 0 was skipped"), recorder.warnings.toString());
        assertTrue(recorder.warnings.get(1).contains("restoreBestWeights"), recorder.warnings.toString());
    }
}
