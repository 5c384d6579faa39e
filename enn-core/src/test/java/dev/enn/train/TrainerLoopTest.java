package dev.enn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.data.Dataset;
import dev.enn.layer.AbstractLayer;
import dev.enn.layer.Activation;
import dev.enn.layer.Linear;
import dev.enn.layer.Regularized;
import dev.enn.layer.Sequential;
import dev.enn.loss.MseLoss;
import dev.enn.optim.Adam;
import dev.enn.optim.CosineSchedule;
import dev.enn.optim.GradientClipping;
import dev.enn.optim.Sgd;
import dev.enn.tensor.Autograd;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerLoopTest {
    private static final Dataset TEN_SAMPLES = TrainingFixtures.regression(10, 2, 7);

    private static Sequential model() {
        return TrainingFixtures.mlp(2, 4, 1, 9);
    }

    @Test
    void keepsLastIncompleteBatch() {
        Sequential model = model();
        TrainingFixtures.RecordingListener recorder = new TrainingFixtures.RecordingListener();
        List<Integer> batchSizes = new ArrayList<>();
        TrainingHistory history = Trainer.builder(model, (prediction, target) -> {
            batchSizes.add(prediction.dim(0));
            return new MseLoss().compute(prediction, target);
        }, new Adam(model.namedParameters(), 0.01)).batchSize(4).epochs(2).listener(recorder).build().fit(TEN_SAMPLES);

        assertEquals(List.of(4, 4, 2, 4, 4, 2), batchSizes);
        assertEquals(6, history.completedSteps());
        TrainingSetup setup = recorder.starts.get(0);
        assertEquals(3, setup.stepsPerEpoch());
        assertEquals(10, setup.trainSamples());
        assertEquals(model.parameterCount(), setup.parameterCount());
    }

    @Test
    void trainLossIsSampleWeightedMean() {
        Sequential model = model();
        TrainingFixtures.RecordingListener recorder = new TrainingFixtures.RecordingListener();
        TrainingHistory history = Trainer.builder(model, new MseLoss(), new Adam(model.namedParameters(), 0.01))
                .batchSize(4).epochs(1).listener(recorder).build().fit(TEN_SAMPLES);
        double[] losses = recorder.stepLosses();
        double weighted = (losses[0] * 4 + losses[1] * 4 + losses[2] * 2) / 10;
        double unweighted = (losses[0] + losses[1] + losses[2]) / 3;
        assertEquals(weighted, history.trainLosses()[0], 1e-15);
        assertTrue(Math.abs(weighted - unweighted) > 1e-6, "the test data must tell the two means apart");
    }

    @Test
    void everyEpochVisitsEverySampleOnce() {
        TrainingFixtures.RecordingListener recorder = new TrainingFixtures.RecordingListener();
        Sequential model = model();
        Trainer.builder(model, new MseLoss(), new Adam(model.namedParameters(), 0.01))
                .batchSize(3).epochs(3).seed(5).listener(recorder).build().fit(TEN_SAMPLES);
        for (int[] order : recorder.epochOrders) {
            int[] sorted = order.clone();
            Arrays.sort(sorted);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        }
        assertFalse(Arrays.equals(recorder.epochOrders.get(0), recorder.epochOrders.get(1)));
    }

    @Test
    void withoutShuffleKeepsDatasetOrder() {
        TrainingFixtures.RecordingListener recorder = new TrainingFixtures.RecordingListener();
        Sequential model = model();
        Trainer.builder(model, new MseLoss(), new Adam(model.namedParameters(), 0.01))
                .batchSize(3).epochs(2).shuffle(false).listener(recorder).build().fit(TEN_SAMPLES);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, recorder.epochOrders.get(1));
    }

    @Test
    void refitRestartsShuffleStream() {
        Sequential model = model();
        TrainingFixtures.RecordingListener recorder = new TrainingFixtures.RecordingListener();
        Trainer trainer = Trainer.builder(model, new MseLoss(), new Adam(model.namedParameters(), 0.01))
                .batchSize(4).epochs(1).seed(3).listener(recorder).build();
        trainer.fit(TEN_SAMPLES);
        trainer.fit(TEN_SAMPLES);
        assertArrayEquals(recorder.epochOrders.get(0), recorder.epochOrders.get(1));
    }

    @Test
    void stepScheduleSetsRatePerCompletedStep() {
        Sequential model = model();
        CosineSchedule schedule = CosineSchedule.withWarmup(0.1, 0.0, 2, 5);
        TrainingFixtures.RecordingListener recorder = new TrainingFixtures.RecordingListener();
        Trainer.builder(model, new MseLoss(), new Adam(model.namedParameters(), 0.5))
                .batchSize(4).epochs(3).schedule(schedule, ScheduleUnit.STEP).listener(recorder).build().fit(TEN_SAMPLES);
        double[] rates = recorder.stepLearningRates();
        assertEquals(9, rates.length);
        for (int t = 0; t < rates.length; t++) {
            assertEquals(schedule.lr(t), rates[t], 0.0, "step " + t);
        }
    }

    @Test
    void epochScheduleSetsRatePerCompletedEpoch() {
        Sequential model = model();
        CosineSchedule schedule = CosineSchedule.of(0.1, 0.0, 2);
        TrainingFixtures.RecordingListener recorder = new TrainingFixtures.RecordingListener();
        Trainer.builder(model, new MseLoss(), new Adam(model.namedParameters(), 0.5))
                .batchSize(4).epochs(3).schedule(schedule, ScheduleUnit.EPOCH).listener(recorder).build().fit(TEN_SAMPLES);
        double[] expected = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.0, 0.0, 0.0};
        assertArrayEquals(expected, recorder.stepLearningRates(), 1e-17);
    }

    @Test
    void skippedStepDoesNotAdvanceSchedule() {
        Sequential model = model();
        CosineSchedule schedule = CosineSchedule.of(0.1, 0.0, 4);
        TrainingFixtures.RecordingListener recorder = new TrainingFixtures.RecordingListener();
        Trainer.builder(model, new TrainingFixtures.FaultyLoss(1, true), new Adam(model.namedParameters(), 0.5))
                .batchSize(4).epochs(1).schedule(schedule, ScheduleUnit.STEP)
                .nonFinitePolicy(NonFinitePolicy.SKIP_STEP).listener(recorder).build().fit(TEN_SAMPLES);
        assertArrayEquals(new double[] {schedule.lr(0), schedule.lr(1)}, recorder.stepLearningRates(), 0.0);
        assertEquals(2, recorder.steps.get(1).step());
    }

    @Test
    void clipNormScalesUpdateAndReportsPreClipNorm() {
        Linear model = new Linear(2, 1, new Rng(1));
        Linear copy = new Linear(2, 1, new Rng(1));
        Dataset data = new Dataset(Tensor.matrix(new double[][] {{10, -20}, {30, 5}}), Tensor.of(new double[] {100, -80}, 2, 1));
        TrainingFixtures.RecordingListener recorder = new TrainingFixtures.RecordingListener();
        Trainer.builder(model, new MseLoss(), new Sgd(model.namedParameters(), 0.1))
                .batchSize(2).epochs(1).shuffle(false).clipNorm(0.5).listener(recorder).build().fit(data);

        new MseLoss().compute(copy.forward(data.all().inputs()), data.all().targets()).backward();
        double norm = GradientClipping.clipGlobalNorm(copy.namedParameters(), 0.5);
        assertEquals(norm, recorder.steps.get(0).gradNorm(), 0.0);
        assertTrue(norm > 0.5);
        for (String name : new String[] {"weight", "bias"}) {
            Tensor expected = copy.namedParameters().get(name);
            double[] values = expected.toArray();
            for (int i = 0; i < values.length; i++) {
                values[i] -= 0.1 * expected.gradView()[i];
            }
            assertArrayEquals(values, model.namedParameters().get(name).toArray(), 1e-15, name);
        }
    }

    /** Linear(1, 1) whose penalty is 0.5·w², to check that the trainer adds it to the loss. */
    private static final class PenalizedLinear extends AbstractLayer implements Regularized {
        private final Linear linear = registerChild("linear", new Linear(1, 1, new Rng(2)));

        @Override
        public Tensor forward(Tensor input) {
            return linear.forward(input);
        }

        @Override
        public Tensor regularization() {
            return linear.weight().square().sum().mul(0.5);
        }
    }

    @Test
    void addsRegularizationOfRegularizedModel() {
        PenalizedLinear model = new PenalizedLinear();
        Dataset data = new Dataset(Tensor.of(new double[] {1, 2}, 2, 1), Tensor.of(new double[] {3, 5}, 2, 1));
        double w = model.linear.weight().item();
        double b = model.linear.bias().item();
        TrainingFixtures.RecordingListener recorder = new TrainingFixtures.RecordingListener();
        Trainer.builder(model, new MseLoss(), new Sgd(model.namedParameters(), 0.1))
                .batchSize(2).epochs(1).shuffle(false).validation(data).listener(recorder).build().fit(data);

        double r1 = w + b - 3;
        double r2 = 2 * w + b - 5;
        double mse = (r1 * r1 + r2 * r2) / 2;
        assertEquals(mse + 0.5 * w * w, recorder.steps.get(0).loss(), 1e-14);
        // d/dw = (r1·1 + r2·2) + w, d/db = r1 + r2
        assertEquals(w - 0.1 * (r1 + 2 * r2 + w), model.linear.weight().item(), 1e-14);
        assertEquals(b - 0.1 * (r1 + r2), model.linear.bias().item(), 1e-14);
        double w1 = model.linear.weight().item();
        double b1 = model.linear.bias().item();
        double validationMse = (Math.pow(w1 + b1 - 3, 2) + Math.pow(2 * w1 + b1 - 5, 2)) / 2;
        assertEquals(validationMse, recorder.epochs.get(0).validationLoss(), 1e-14);
    }

    @Test
    void addsRegularizationOfNestedLayer() {
        PenalizedLinear inner = new PenalizedLinear();
        Sequential model = new Sequential(inner, new Activation(Activation.Kind.IDENTITY));
        Dataset data = new Dataset(Tensor.of(new double[] {1, 2}, 2, 1), Tensor.of(new double[] {3, 5}, 2, 1));
        double w = inner.linear.weight().item();
        double b = inner.linear.bias().item();
        TrainingFixtures.RecordingListener recorder = new TrainingFixtures.RecordingListener();
        Trainer.builder(model, new MseLoss(), new Sgd(model.namedParameters(), 0.1))
                .batchSize(2).epochs(1).shuffle(false).listener(recorder).build().fit(data);

        double r1 = w + b - 3;
        double r2 = 2 * w + b - 5;
        assertEquals((r1 * r1 + r2 * r2) / 2 + 0.5 * w * w, recorder.steps.get(0).loss(), 1e-14);
    }

    /** Layer that records the training mode and gradient recording of every forward pass. */
    private static final class ModeRecorder extends AbstractLayer {
        private final Linear linear = registerChild("linear", new Linear(2, 1, new Rng(3)));
        final List<String> calls = new ArrayList<>();

        @Override
        public Tensor forward(Tensor input) {
            calls.add((isTraining() ? "train" : "eval") + (Autograd.isGradEnabled() ? "+grad" : "+noGrad"));
            return linear.forward(input);
        }
    }

    @Test
    void validationRunsInEvalModeWithoutGradients() {
        ModeRecorder model = new ModeRecorder();
        model.setTraining(false);
        Dataset validation = TrainingFixtures.regression(3, 2, 8);
        TrainingFixtures.RecordingListener recorder = new TrainingFixtures.RecordingListener();
        Trainer.builder(model, new MseLoss(), new Adam(model.namedParameters(), 0.01))
                .batchSize(5).epochs(2).validation(validation).validationMetric(Metric.RMSE).listener(recorder)
                .build().fit(TEN_SAMPLES);

        assertEquals(List.of("train+grad", "train+grad", "eval+noGrad", "train+grad", "train+grad", "eval+noGrad"),
                model.calls);
        assertFalse(model.isTraining());
        EpochMetrics last = recorder.epochs.get(1);
        assertEquals(Math.sqrt(last.validationLoss()), last.validationMetric(), 1e-15);
        assertEquals(Metrics.evaluate(model, validation, 5).rmse(), last.validationMetric(), 1e-15);
    }

    @Test
    void withoutValidationMetricsAreNaN() {
        Sequential model = model();
        TrainingHistory history = Trainer.builder(model, new MseLoss(), new Adam(model.namedParameters(), 0.01))
                .epochs(1).build().fit(TEN_SAMPLES);
        EpochMetrics metrics = history.epochs().get(0);
        assertTrue(Double.isNaN(metrics.validationLoss()));
        assertTrue(Double.isNaN(metrics.validationMetric()));
        assertTrue(Double.isFinite(metrics.trainLoss()));
    }

    @Test
    void listenerEventsArriveInOrder() {
        List<String> events = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onTrainStart(TrainingSetup setup) {
                events.add("start");
            }

            @Override
            public void onEpochStart(int epoch, int[] sampleOrder) {
                events.add("epoch" + epoch);
            }

            @Override
            public void onStep(StepMetrics metrics) {
                events.add("step" + metrics.step());
            }

            @Override
            public void onEpochEnd(EpochMetrics metrics) {
                events.add("end" + metrics.epoch());
            }

            @Override
            public void onTrainEnd(TrainingHistory history) {
                events.add("finish");
            }
        };
        Sequential model = model();
        Trainer.builder(model, new MseLoss(), new Adam(model.namedParameters(), 0.01))
                .batchSize(5).epochs(2).listener(listener).build().fit(TEN_SAMPLES);
        assertEquals(List.of("start", "epoch0", "step0", "step1", "end0", "epoch1", "step2", "step3", "end1", "finish"),
                events);
    }

    @Test
    void fitPrintsNothing() {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        Sequential model = model();
        try {
            System.setOut(capture);
            System.setErr(capture);
            Trainer.builder(model, new MseLoss(), new Adam(model.namedParameters(), 0.01))
                    .batchSize(3)
                    .epochs(2)
                    .validation(TEN_SAMPLES)
                    .nonFinitePolicy(NonFinitePolicy.SKIP_STEP)
                    .listener(new LoggingListener(1))
                    .build()
                    .fit(TEN_SAMPLES);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }
}
