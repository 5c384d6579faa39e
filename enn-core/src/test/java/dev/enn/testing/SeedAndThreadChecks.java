package dev.enn.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.enn.data.Dataset;
import dev.enn.layer.Layer;
import dev.enn.loss.MseLoss;
import dev.enn.optim.AdamW;
import dev.enn.tensor.Autograd;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.train.StepMetrics;
import dev.enn.train.Trainer;
import dev.enn.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Reproducibility and thread-safety checks that every model kind must pass, for regression
 * models with inputs {@code [B, 5, 3]} and one output.
 *
 * <p>{@link #assertTrainingReproducible}: with seed 42, 20 training steps (16 samples, batch 4,
 * shuffled, 5 epochs) give bit-identical step losses, weights and buffers when repeated, when
 * the model is evaluated in eval mode after every 5 steps, and when two copies train at once on
 * two threads; the epoch-0 batch order does not depend on the model's size.
 *
 * <p>{@link #assertConcurrentInferenceExact}: after a short training, 8 threads × 500 calls
 * alternating input A (all 0.1) and B (all −0.3) of shape {@code [1, 5, 3]} return exactly the
 * single-threaded outputs, and parameters and buffers (such as BatchNorm running statistics) are
 * unchanged afterwards.
 */
public final class SeedAndThreadChecks {
    public static final int FEATURES = 3;
    public static final int STEPS = 5;
    private static final int SAMPLES = 16;
    private static final int BATCH = 4;
    private static final int EPOCHS = 5;
    private static final long SEED = 42;
    private static final int EVALUATE_EVERY_STEPS = 5;
    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 500;

    private SeedAndThreadChecks() {
    }

    /**
     * Checks that training with seed 42 is reproducible across repeats, model sizes, evaluation
     * and threads, as described in the class javadoc.
     *
     * @param kind the model kind, named in failure messages
     * @param factory builds a fresh model with seed 42 for a size (hidden size or neuron count)
     * @param size the size of the runs compared for bit-identity
     * @param otherSize another size, whose batch order must equal that of {@code size}
     */
    public static void assertTrainingReproducible(String kind, IntFunction<Layer> factory, int size, int otherSize)
            throws Exception {
        Run first = train(factory.apply(size), false);
        Run repeat = train(factory.apply(size), false);
        assertSameRun(kind + " repeated", first, repeat);

        Run resized = train(factory.apply(otherSize), false);
        assertArrayEquals(first.firstOrder(), resized.firstOrder(), kind + ": epoch-0 batch order changes with size");

        Run evaluated = train(factory.apply(size), true);
        assertSameRun(kind + " evaluated every " + EVALUATE_EVERY_STEPS + " steps", first, evaluated);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Run> a = pool.submit(() -> train(factory.apply(size), false));
            Future<Run> b = pool.submit(() -> train(factory.apply(size), false));
            assertSameRun(kind + " on thread 1 of 2", first, a.get());
            assertSameRun(kind + " on thread 2 of 2", first, b.get());
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Checks that 8 threads calling {@code forward} at once get exactly the single-threaded outputs.
     * The model is trained briefly first, and {@code kind} names it in failure messages.
     */
    public static void assertConcurrentInferenceExact(String kind, Layer model) throws Exception {
        train(model, false);
        model.setTraining(false);
        Tensor inputA = Tensor.full(0.1, 1, STEPS, FEATURES);
        Tensor inputB = Tensor.full(-0.3, 1, STEPS, FEATURES);
        double[] outputA;
        double[] outputB;
        try (Autograd.Scope noGrad = Autograd.noGrad()) {
            outputA = model.forward(inputA).toArray();
            outputB = model.forward(inputB).toArray();
        }
        Map<String, double[]> before = snapshot(model);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> mismatches = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                mismatches.add(pool.submit(() -> {
                    int count = 0;
                    for (int call = 0; call < CALLS_PER_THREAD; call++) {
                        boolean useA = call % 2 == 0;
                        double[] output;
                        try (Autograd.Scope noGrad = Autograd.noGrad()) {
                            output = model.forward(useA ? inputA : inputB).toArray();
                        }
                        count += Arrays.equals(output, useA ? outputA : outputB) ? 0 : 1;
                    }
                    return count;
                }));
            }
            for (Future<Integer> result : mismatches) {
                assertEquals(0, result.get(), kind + ": calls that did not return the single-threaded output");
            }
        } finally {
            pool.shutdown();
        }

        Map<String, double[]> after = snapshot(model);
        assertEquals(before.keySet(), after.keySet(), kind + ": parameter and buffer names");
        before.forEach((name, values) -> assertArrayEquals(values, after.get(name),
                kind + ": " + name + " changed during inference"));
    }

    private record Run(List<Double> stepLosses, Map<String, double[]> weights, int[] firstOrder) {
    }

    private static Run train(Layer model, boolean evaluate) {
        Rng data = new Rng(SEED);
        Dataset train = new Dataset(Tensor.randn(data.fork("x"), SAMPLES, STEPS, FEATURES),
                Tensor.randn(data.fork("y"), SAMPLES, 1));
        Tensor validation = Tensor.randn(data.fork("validation"), BATCH, STEPS, FEATURES);
        List<Double> losses = new ArrayList<>();
        int[][] firstOrder = new int[1][];

        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpochStart(int epoch, int[] sampleOrder) {
                if (epoch == 0) {
                    firstOrder[0] = sampleOrder.clone();
                }
            }

            @Override
            public void onStep(StepMetrics metrics) {
                losses.add(metrics.loss());
                if (evaluate && losses.size() % EVALUATE_EVERY_STEPS == 0) {
                    model.setTraining(false);
                    try (Autograd.Scope noGrad = Autograd.noGrad()) {
                        model.forward(validation);
                    }
                    model.setTraining(true);
                }
            }
        };
        Trainer.builder(model, new MseLoss(), new AdamW(model.namedParameters(), 1e-2))
                .epochs(EPOCHS).batchSize(BATCH).shuffle(true).seed(SEED)
                .listener(listener)
                .build()
                .fit(train);
        assertEquals(SAMPLES / BATCH * EPOCHS, losses.size(), "training steps");
        assertNotNull(firstOrder[0], "the trainer reported no epoch 0");
        return new Run(losses, snapshot(model), firstOrder[0]);
    }

    private static void assertSameRun(String what, Run expected, Run actual) {
        assertEquals(expected.stepLosses(), actual.stepLosses(), what + ": step losses differ");
        assertEquals(expected.weights().keySet(), actual.weights().keySet(), what + ": parameter names differ");
        expected.weights().forEach((name, values) -> assertArrayEquals(values, actual.weights().get(name),
                what + ": " + name + " differs"));
    }

    private static Map<String, double[]> snapshot(Layer model) {
        Map<String, double[]> copy = new LinkedHashMap<>();
        model.namedParameters().forEach((name, tensor) -> copy.put("parameter " + name, tensor.toArray()));
        model.namedBuffers().forEach((name, tensor) -> copy.put("buffer " + name, tensor.toArray()));
        return copy;
    }
}
