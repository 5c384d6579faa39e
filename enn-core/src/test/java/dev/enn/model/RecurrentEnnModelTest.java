package dev.enn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.data.Dataset;
import dev.enn.layer.Layer;
import dev.enn.loss.MseLoss;
import dev.enn.optim.AdamW;
import dev.enn.tensor.Autograd;
import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import dev.enn.train.Trainer;
import dev.enn.train.TrainingHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RecurrentEnnModelTest {
    private static final double GRADIENT_TOLERANCE = 1e-6;
    /** Streaming and full-sequence calls run the same ops; batched matrix products may round differently. */
    private static final double STREAM_TOLERANCE = 1e-12;

    /**
     * Options for finite-difference checks. The collapse's interference factor jumps from 0.7 to
     * 1.5 where an entry crosses its neuron's mean, and a central difference across that jump is
     * meaningless, so the model-level checks leave the collapse out. EnnDynamicsTest checks the
     * collapse's pieces.
     */
    private static final RecurrentOptions SMOOTH = new RecurrentOptions(false, 0.0, false);

    private static EnnModel.Builder smallRecurrent() {
        return EnnModel.builder().inputFeatures(2).numNeurons(4).numStates(3).numLayers(2).compressedDim(2)
                .lowPowerK(2).bufferSize(3).dynamics(EnnDynamicsMode.RECURRENT).seed(5);
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return smallRecurrent().recurrentOptions(SMOOTH).head(TaskHead.linear(2)).seed(rng.nextLong()).build();
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 4, 2);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return new int[] {inputShape[0], 2};
        }
    }

    @Test
    void outputDependsOnEarlierSteps() {
        EnnModel model = smallRecurrent().build();
        Tensor input = Tensor.randn(new Rng(1), 1, 5, 2);
        Tensor changed = input.copy();
        changed.dataView()[0] += 1.0;
        assertFalse(Arrays.equals(model.forward(input).toArray(), model.forward(changed).toArray()));
    }

    @Test
    void outputDependsOnMemorySettings() {
        Tensor input = Tensor.randn(new Rng(1), 2, 5, 2);
        double[] base = smallRecurrent().build().forward(input).toArray();
        assertFalse(Arrays.equals(base, smallRecurrent().decayRate(0.5).build().forward(input).toArray()));
        assertFalse(Arrays.equals(base, smallRecurrent().recencyFactor(0.2).build().forward(input).toArray()));
        assertFalse(Arrays.equals(base, smallRecurrent().bufferSize(1).build().forward(input).toArray()));
    }

    @Test
    void gradientsMatchFiniteDifferencesThroughTime() {
        for (RecurrentOptions options : new RecurrentOptions[] {SMOOTH, new RecurrentOptions(false, 0.0, true)}) {
            EnnModel model = smallRecurrent().recurrentOptions(options).sparsityThreshold(0.05)
                    .head(TaskHead.linear(2)).build();
            Tensor input = Tensor.randn(new Rng(2), 2, 4, 2).requireGrad(true);
            List<Tensor> inputs = new ArrayList<>();
            inputs.add(input);
            inputs.addAll(model.namedParameters().values());
            GradientCheck.assertGradients(in -> model.forward(in[0]).square().sum(), GRADIENT_TOLERANCE,
                    inputs.toArray(new Tensor[0]));
        }
    }

    @Test
    void everyReachableParameterGetsGradient() {
        EnnModel model = smallRecurrent().head(TaskHead.linear(2)).build();
        model.forward(Tensor.randn(new Rng(3), 2, 4, 2)).square().sum().backward();
        for (Map.Entry<String, Tensor> entry : model.reachableParameters().entrySet()) {
            double norm = 0;
            for (double g : entry.getValue().gradView()) {
                norm += g * g;
            }
            assertTrue(norm > 0, entry.getKey() + " got no gradient");
        }
        assertTrue(model.reachableParameters().containsKey("autoencoder.encoder.weight"));
    }

    @Test
    void streamingMatchesFullSequence() {
        EnnModel model = smallRecurrent().head(TaskHead.linear(2)).build();
        model.setTraining(false);
        Tensor input = Tensor.randn(new Rng(4), 3, 6, 2);
        try (Autograd.Scope scope = Autograd.noGrad()) {
            RecurrentState state = model.newRecurrentState(3);
            for (int t = 0; t < 6; t++) {
                double[] streamed = model.step(input.select(1, t), state).toArray();
                double[] full = model.forward(input.slice(1, 0, t + 1)).toArray();
                assertArrayEquals(full, streamed, STREAM_TOLERANCE, "step " + t);
            }
            assertEquals(6, state.steps());
        }
    }

    @Test
    void paddedBatchMatchesEachSequenceAlone() {
        EnnModel model = smallRecurrent().head(TaskHead.linear(2)).build();
        int[] lengths = {5, 2, 4};
        Tensor input = Tensor.randn(new Rng(6), 3, 5, 2);
        double[] mask = new double[3 * 5];
        for (int b = 0; b < 3; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                mask[b * 5 + t] = 1.0;
            }
        }
        double[] batched = model.forward(input, Tensor.of(mask, 3, 5)).toArray();
        for (int b = 0; b < 3; b++) {
            Tensor alone = input.slice(0, b, b + 1).slice(1, 0, lengths[b]);
            double[] expected = model.forward(alone).toArray();
            assertArrayEquals(expected, Arrays.copyOfRange(batched, b * 2, b * 2 + 2), STREAM_TOLERANCE, "sample " + b);
        }
    }

    @Test
    void paddedStepLeavesStateUnchanged() {
        EnnModel model = smallRecurrent().build();
        RecurrentState state = model.newRecurrentState(2);
        model.step(Tensor.randn(new Rng(7), 2, 2), state);
        double[] before = state.state().toArray();
        model.step(Tensor.randn(new Rng(8), 2, 2), Tensor.vector(0.0, 1.0), state);
        double[] after = state.state().toArray();
        assertArrayEquals(Arrays.copyOfRange(before, 0, 12), Arrays.copyOfRange(after, 0, 12));
        assertFalse(Arrays.equals(Arrays.copyOfRange(before, 12, 24), Arrays.copyOfRange(after, 12, 24)));
    }

    @Test
    void rejectsBadMaskAndStep() {
        EnnModel model = smallRecurrent().build();
        Tensor input = Tensor.zeros(2, 3, 2);
        ShapeMismatchException shape = assertThrows(ShapeMismatchException.class,
                () -> model.forward(input, Tensor.ones(2, 4)));
        assertTrue(shape.getMessage().contains("[2, 3]"), shape.getMessage());
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> model.forward(input, Tensor.full(0.5, 2, 3)));
        assertTrue(value.getMessage().contains("0.5"), value.getMessage());
        RecurrentState state = model.newRecurrentState(2);
        ShapeMismatchException step = assertThrows(ShapeMismatchException.class,
                () -> model.step(Tensor.zeros(3, 2), state));
        assertTrue(step.getMessage().contains("[2, 2]"), step.getMessage());
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> smallRecurrent().build().step(Tensor.zeros(2, 2), state));
        assertTrue(foreign.getMessage().contains("another model"), foreign.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.newRecurrentState(0));
    }

    @Test
    void referenceModelRejectsRecurrentCalls() {
        EnnModel reference = EnnModel.builder().build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> reference.newRecurrentState(1));
        assertTrue(e.getMessage().contains("RECURRENT"), e.getMessage());
        EnnModel recurrent = smallRecurrent().build();
        assertThrows(IllegalStateException.class,
                () -> recurrent.forward(Tensor.zeros(1, 2, 2), recurrent.newMemory()));
    }

    @Test
    void configRejectsRecurrentWithoutSequences() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> smallRecurrent().inputFormat(InputFormat.VECTOR).build());
        assertTrue(e.getMessage().contains("SEQUENCE"), e.getMessage());
    }

    @Test
    void configMapRoundTripsDynamics() {
        EnnConfig config = smallRecurrent().recurrentOptions(new RecurrentOptions(false, 0.25, true)).buildConfig();
        assertEquals(config, EnnConfig.fromMap(config.toMap()));
        Map<String, Object> legacy = new java.util.HashMap<>(config.toMap());
        legacy.remove(EnnConfig.DYNAMICS_KEY);
        assertEquals(EnnDynamicsMode.REFERENCE, EnnConfig.fromMap(legacy).dynamics());
    }

    // ---------------------------------------------------------------- threads and seeds

    @Test
    void concurrentInferenceIsExact() throws Exception {
        EnnModel model = EnnModel.builder().inputFeatures(3).numNeurons(6).numStates(4).bufferSize(2)
                .dynamics(EnnDynamicsMode.RECURRENT).head(TaskHead.linear(2)).seed(9).build();
        model.setTraining(false);
        Tensor inputA = Tensor.full(0.1, 1, 5, 3);
        Tensor inputB = Tensor.full(-0.3, 1, 5, 3);
        double[] outputA = model.forward(inputA).toArray();
        double[] outputB = model.forward(inputB).toArray();
        Map<String, double[]> before = snapshot(model);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                Callable<Integer> task = () -> {
                    int mismatches = 0;
                    for (int call = 0; call < 500; call++) {
                        boolean useA = call % 2 == 0;
                        double[] out;
                        try (Autograd.Scope scope = Autograd.noGrad()) {
                            out = model.forward(useA ? inputA : inputB).toArray();
                        }
                        mismatches += Arrays.equals(out, useA ? outputA : outputB) ? 0 : 1;
                    }
                    return mismatches;
                };
                results.add(pool.submit(task));
            }
            for (Future<Integer> result : results) {
                assertEquals(0, result.get());
            }
        } finally {
            pool.shutdown();
        }
        Map<String, double[]> after = snapshot(model);
        for (String name : before.keySet()) {
            assertArrayEquals(before.get(name), after.get(name), name);
        }
    }

    @Test
    void trainingIsBitIdenticalAcrossRunsAndThreads() throws Exception {
        for (EnnDynamicsMode mode : EnnDynamicsMode.values()) {
            Run first = train(mode, 8, false);
            Run second = train(mode, 8, false);
            assertArrayEquals(first.losses, second.losses, mode + " repeat");
            assertEquals(first.weights.keySet(), second.weights.keySet());
            first.weights.forEach((name, w) -> assertArrayEquals(w, second.weights.get(name), mode + " " + name));

            Run wider = train(mode, 16, false);
            assertArrayEquals(first.firstOrder, wider.firstOrder, mode + " batch order with another model size");

            Run evaluated = train(mode, 8, true);
            assertArrayEquals(first.losses, evaluated.losses, mode + " with validation");
            first.weights.forEach((name, w) -> assertArrayEquals(w, evaluated.weights.get(name), mode + " " + name));

            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Run> a = pool.submit(() -> train(mode, 8, false));
                Future<Run> b = pool.submit(() -> train(mode, 8, false));
                for (Run run : new Run[] {a.get(), b.get()}) {
                    assertArrayEquals(first.losses, run.losses, mode + " on two threads");
                    first.weights.forEach((name, w) -> assertArrayEquals(w, run.weights.get(name), mode + " " + name));
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    private record Run(double[] losses, Map<String, double[]> weights, int[] firstOrder) {
    }

    private static Run train(EnnDynamicsMode mode, int numNeurons, boolean validate) {
        Rng data = new Rng(42);
        Tensor x = Tensor.randn(data.fork("x"), 16, 5, 3);
        Tensor y = Tensor.randn(data.fork("y"), 16, 1);
        Dataset train = new Dataset(x, y);
        EnnModel model = EnnModel.builder().inputFeatures(3).numNeurons(numNeurons).numStates(4).bufferSize(2)
                .dynamics(mode).head(TaskHead.linear(1)).seed(42).build();
        int[][] order = new int[1][];
        Trainer.Builder builder = Trainer.builder(model, new MseLoss(), new AdamW(model.namedParameters(), 1e-2))
                .epochs(5).batchSize(4).seed(42)
                .listener(new dev.enn.train.TrainingListener() {
                    @Override
                    public void onEpochStart(int epoch, int[] sampleOrder) {
                        if (epoch == 0) {
                            order[0] = sampleOrder.clone();
                        }
                    }
                });
        if (validate) {
            builder.validation(new Dataset(Tensor.randn(data.fork("vx"), 4, 5, 3), Tensor.randn(data.fork("vy"), 4, 1)));
        }
        TrainingHistory history = builder.build().fit(train);
        return new Run(history.trainLosses(), snapshot(model), order[0]);
    }

    private static Map<String, double[]> snapshot(Layer model) {
        Map<String, double[]> copy = new java.util.LinkedHashMap<>();
        model.namedParameters().forEach((name, tensor) -> copy.put(name, tensor.toArray()));
        return copy;
    }
}
