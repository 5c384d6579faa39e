package dev.enn.bench.jmh;

import dev.enn.model.EnnModel;
import dev.enn.tensor.Autograd;
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
 * JMH benchmark of the evaluation-mode forward pass of the attention presets at the input shapes
 * of the original README's usage examples, with the default config (N = 10, S = 5): {@code full}
 * on 32 × 100 × 13, {@code minimal} on 16 × 50 × 768 and {@code neuron_only} on 64 × 200 × 6.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ReadmeShapesBenchmark {
    /** Preset and input shape, as {@code preset:B:T:F}. */
    @Param({"full:32:100:13", "minimal:16:50:768", "neuron_only:64:200:6"})
    String usage;

    private EnnModel model;
    private Tensor input;

    @Setup
    public void setUp() {
        String[] parts = usage.split(":");
        int features = Integer.parseInt(parts[3]);
        model = EnnModel.builder().inputFeatures(features).attention(parts[0]).seed(42).build();
        model.setTraining(false);
        input = Tensor.randn(new Rng(42), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), features);
    }

    @Benchmark
    public Tensor forward() {
        try (Autograd.Scope scope = Autograd.noGrad()) {
            return model.forward(input);
        }
    }
}
