package dev.enn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.data.Dataset;
import dev.enn.layer.Sequential;
import dev.enn.loss.MseLoss;
import dev.enn.optim.AdamW;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A fixed seed gives bit-identical training, and the random streams of initialisation, dropout
 * and shuffling do not depend on the model width, on validation, or on other threads. The setup
 * is an MLP with 3 inputs, tanh, dropout 0.1 and shuffling, seed 42, 40 samples in batches of 4,
 * so 2 epochs are 20 steps.
 */
class TrainerReproducibilityTest {
    private static final long SEED = 42;
    private static final int FEATURES = 3;
    private static final int HIDDEN = 8;
    private static final int SAMPLES = 40;
    private static final int BATCH_SIZE = 4;
    private static final int EPOCHS = 2;
    private static final double DROPOUT = 0.1;

    private static final Dataset TRAIN = TrainingFixtures.regression(SAMPLES, FEATURES, 100);
    private static final Dataset VALIDATION = TrainingFixtures.regression(12, FEATURES, 200);

    /** Losses, epoch-0 sample order and final weights of one run. */
    private record RunResult(double[] stepLosses, double[] trainLosses, int[] epoch0Order, double[] weights) {
    }

    private static RunResult train(int hidden, boolean validateEachEpoch, boolean evaluateEveryFiveSteps) {
        return train(hidden, DROPOUT, validateEachEpoch, evaluateEveryFiveSteps);
    }

    private static RunResult train(int hidden, double dropout, boolean validateEachEpoch, boolean evaluateEveryFiveSteps) {
        Sequential model = TrainingFixtures.mlpWithDropout(FEATURES, hidden, 1, dropout, SEED);
        TrainingFixtures.RecordingListener recorder = new TrainingFixtures.RecordingListener();
        Trainer.Builder builder = Trainer.builder(model, new MseLoss(), new AdamW(model.namedParameters(), 0.01))
                .epochs(EPOCHS)
                .batchSize(BATCH_SIZE)
                .shuffle(true)
                .seed(SEED)
                .listener(recorder);
        if (validateEachEpoch) {
            builder.validation(VALIDATION).validationMetric(Metric.RMSE);
        }
        if (evaluateEveryFiveSteps) {
            builder.listener(new TrainingListener() {
                @Override
                public void onStep(StepMetrics metrics) {
                    if ((metrics.step() + 1) % 5 == 0) {
                        Metrics.evaluate(model, VALIDATION, 5);
                    }
                }
            });
        }
        TrainingHistory history = builder.build().fit(TRAIN);
        return new RunResult(recorder.stepLosses(), history.trainLosses(), recorder.epochOrders.get(0),
                TrainingFixtures.flatParameters(model));
    }

    /** Asserts that two runs agree bit for bit, comparing every double with ==. */
    private static void assertSameRun(RunResult expected, RunResult actual) {
        assertEquals(20, actual.stepLosses().length);
        assertEqualDoubles("step loss", expected.stepLosses(), actual.stepLosses());
        assertEqualDoubles("epoch train loss", expected.trainLosses(), actual.trainLosses());
        assertEqualDoubles("weight", expected.weights(), actual.weights());
    }

    private static void assertEqualDoubles(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + " count");
        for (int i = 0; i < expected.length; i++) {
            assertTrue(expected[i] == actual[i], what + " " + i + ": expected " + expected[i] + " but was " + actual[i]);
        }
    }

    @Test
    void sameSeedGivesBitIdenticalRuns() {
        assertSameRun(train(HIDDEN, false, false), train(HIDDEN, false, false));
    }

    /** Guards the other tests: they would pass trivially if dropout or shuffling drew nothing. */
    @Test
    void dropoutAndShufflingAreActive() {
        RunResult withDropout = train(HIDDEN, false, false);
        RunResult withoutDropout = train(HIDDEN, 0.0, false, false);
        assertFalse(Arrays.equals(withDropout.stepLosses(), withoutDropout.stepLosses()));
        int[] datasetOrder = new int[SAMPLES];
        Arrays.setAll(datasetOrder, i -> i);
        assertFalse(Arrays.equals(datasetOrder, withDropout.epoch0Order()));
    }

    @Test
    void batchOrderIndependentOfHiddenWidth() {
        RunResult narrow = train(8, false, false);
        RunResult wide = train(16, false, false);
        assertArrayEquals(narrow.epoch0Order(), wide.epoch0Order());
    }

    @Test
    void validationEveryEpochLeavesTrainingUnchanged() {
        assertSameRun(train(HIDDEN, false, false), train(HIDDEN, true, false));
    }

    @Test
    void evaluationEveryFiveStepsLeavesTrainingUnchanged() {
        assertSameRun(train(HIDDEN, false, false), train(HIDDEN, false, true));
    }

    @Test
    void concurrentRunsMatchSingleThreadRun() throws InterruptedException {
        RunResult reference = train(HIDDEN, false, false);
        List<AtomicReference<RunResult>> results = new ArrayList<>();
        List<AtomicReference<Throwable>> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            AtomicReference<RunResult> result = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            results.add(result);
            failures.add(failure);
            Thread thread = new Thread(() -> {
                try {
                    result.set(train(HIDDEN, true, false));
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "trainer-" + t);
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        for (int t = 0; t < 2; t++) {
            assertEquals(null, failures.get(t).get(), "thread " + t + " failed");
            assertSameRun(reference, results.get(t).get());
        }
    }
}
