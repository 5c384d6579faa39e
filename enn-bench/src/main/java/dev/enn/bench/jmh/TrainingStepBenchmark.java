package dev.enn.bench.jmh;

import dev.enn.bench.BenchTask;
import dev.enn.bench.ModelZoo;
import dev.enn.bench.SyntheticData;
import dev.enn.data.Batch;
import dev.enn.data.Dataset;
import dev.enn.layer.Layer;
import dev.enn.layer.Regularized;
import dev.enn.loss.MseLoss;
import dev.enn.optim.AdamW;
import dev.enn.optim.GradientClipping;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of one training step (zero gradients, forward, MSE, regularization, backward,
 * clip at 1.0, AdamW step) of each model on a batch of 32 × 20 steps × 3 features, the original
 * README's sizes (ENN N = 12, S = 4; baselines hidden 48). This is the step the PyTorch figures in
 * {@code docs/benchmarks.md} time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TrainingStepBenchmark {
    @Param({"enn_reference", "enn_minimal", "enn_neuron_only", "enn_temporal_only", "enn_full", "enn_sparse",
        "enn_recurrent", "lstm", "transformer", "cnn", "mlp", "liquid"})
    String model;

    private Layer layer;
    private AdamW optimizer;
    private Batch batch;
    private final MseLoss loss = new MseLoss();

    @Setup
    public void setUp() {
        Dataset data = SyntheticData.regression(new Rng(42), 32, 20, 3, SyntheticData.REGRESSION_NOISE);
        BenchTask task = new BenchTask("regression", false, 1, 32, 20, 3, data, data, data);
        layer = ModelZoo.create(model, task, ModelZoo.Sizes.readme(), 42);
        layer.setTraining(true);
        optimizer = new AdamW(layer.namedParameters(), 1e-3);
        batch = data.all();
    }

    @Benchmark
    public double trainingStep() {
        optimizer.zeroGrad();
        Tensor objective = loss.compute(layer.forward(batch.inputs()), batch.targets());
        if (layer instanceof Regularized regularized) {
            objective = objective.add(regularized.regularization());
        }
        objective.backward();
        double norm = GradientClipping.clipGlobalNorm(optimizer.parameters(), 1.0);
        optimizer.step();
        return norm;
    }
}
