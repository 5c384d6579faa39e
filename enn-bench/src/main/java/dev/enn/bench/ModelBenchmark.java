package dev.enn.bench;

import dev.enn.data.Dataset;
import dev.enn.layer.Layer;
import dev.enn.loss.CrossEntropyLoss;
import dev.enn.loss.Loss;
import dev.enn.loss.MseLoss;
import dev.enn.model.EnnModel;
import dev.enn.optim.AdamW;
import dev.enn.tensor.Autograd;
import dev.enn.tensor.Tensor;
import dev.enn.train.Evaluation;
import dev.enn.train.Metric;
import dev.enn.train.Metrics;
import dev.enn.train.Trainer;
import dev.enn.train.TrainingHistory;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.List;

/**
 * Trains one model on one task and measures it. Training uses AdamW (learning rate 1e-3, weight
 * decay 0.01), global-norm clipping at 1.0, batch 32, shuffling from the run's seed and no
 * schedule or early stopping, as the original README's table run did.
 */
public final class ModelBenchmark {
    /** Batch size of training and of the batch latency measurement. */
    public static final int BATCH_SIZE = 32;
    /** Learning rate of AdamW. */
    public static final double LEARNING_RATE = 1e-3;
    /** Maximum global gradient norm. */
    public static final double CLIP_NORM = 1.0;

    private static final int EVALUATION_BATCH = 256;
    private static final double MEBIBYTE = 1024.0 * 1024.0;

    private final int epochs;
    private final int latencyRepeats;

    /**
     * @param epochs training epochs, at least 1
     * @param latencyRepeats timed forward passes per latency figure, after as many warm-up passes
     */
    public ModelBenchmark(int epochs, int latencyRepeats) {
        if (epochs < 1 || latencyRepeats < 1) {
            throw new IllegalArgumentException("ModelBenchmark: epochs and latencyRepeats must be at least 1, got "
                    + epochs + " and " + latencyRepeats);
        }
        this.epochs = epochs;
        this.latencyRepeats = latencyRepeats;
    }

    /** Trains a fresh {@code model} on {@code task} and returns its measurements. */
    public RunResult run(BenchTask task, String name, Layer model, int run, long seed) {
        Loss loss = task.classification() ? new CrossEntropyLoss() : new MseLoss();
        Metric metric = task.classification() ? Metric.ACCURACY : Metric.MSE;
        AdamW optimizer = new AdamW(model.namedParameters(), LEARNING_RATE);
        Trainer trainer = Trainer.builder(model, loss, optimizer)
                .epochs(epochs)
                .batchSize(BATCH_SIZE)
                .seed(seed)
                .clipNorm(CLIP_NORM)
                .validation(task.validation())
                .validationMetric(metric)
                .build();

        List<MemoryPoolMXBean> heapPools = heapPools();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        TrainingHistory history = trainer.fit(task.train());
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        double peakHeap = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / MEBIBYTE;

        Evaluation validation = Metrics.evaluate(model, task.validation(), EVALUATION_BATCH);
        Evaluation test = Metrics.evaluate(model, task.test(), EVALUATION_BATCH);
        int epochsRun = history.epochs().size();
        long reachable = model instanceof EnnModel enn ? enn.reachableParameterCount() : model.parameterCount();
        return new RunResult(task.name(), task.samples(), task.steps(), task.features(), name, run, seed,
                task.metricName(), model.parameterCount(), reachable, metric.of(validation), metric.of(test),
                epochsRun, trainSeconds, (double) task.train().size() * epochsRun / trainSeconds,
                medianForwardMillis(model, inputs(task.test(), BATCH_SIZE)),
                medianForwardMillis(model, inputs(task.test(), 1)), peakHeap, history.trainLosses(),
                history.validationLosses());
    }

    /** Returns the first {@code count} test inputs, repeating them when the split is smaller. */
    private static Tensor inputs(Dataset data, int count) {
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = i % data.size();
        }
        return data.batch(indices).inputs();
    }

    private double medianForwardMillis(Layer model, Tensor input) {
        boolean wasTraining = model.isTraining();
        model.setTraining(false);
        double[] millis = new double[latencyRepeats];
        try (Autograd.Scope scope = Autograd.noGrad()) {
            for (int i = 0; i < latencyRepeats; i++) {
                model.forward(input);
            }
            for (int i = 0; i < latencyRepeats; i++) {
                long start = System.nanoTime();
                model.forward(input);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        } finally {
            model.setTraining(wasTraining);
        }
        Arrays.sort(millis);
        int middle = latencyRepeats / 2;
        return latencyRepeats % 2 == 1 ? millis[middle] : (millis[middle - 1] + millis[middle]) / 2;
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isValid())
                .toList();
    }
}
