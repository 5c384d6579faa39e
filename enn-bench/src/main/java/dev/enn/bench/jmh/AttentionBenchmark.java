package dev.enn.bench.jmh;

import dev.enn.attention.NeuronStateAttention;
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
 * JMH benchmark of multi-head attention across the neurons of a batch of ENN grids
 * {@code [B = 32, N, S]} ({@link NeuronStateAttention}, hidden width 64, dropout 0), forward in
 * evaluation mode and forward plus backward in training mode.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class AttentionBenchmark {
    private static final int BATCH_SIZE = 32;
    private static final int HIDDEN_DIM = 64;

    @Param({"12", "64"})
    int numNeurons;

    @Param({"4", "16"})
    int numStates;

    @Param({"2", "8"})
    int numHeads;

    private NeuronStateAttention attention;
    private Tensor grid;

    @Setup
    public void setUp() {
        Rng rng = new Rng(42);
        attention = new NeuronStateAttention(numStates, HIDDEN_DIM, numHeads, 0.0, rng.fork("attention"));
        grid = Tensor.randn(rng, BATCH_SIZE, numNeurons, numStates).requireGrad(true);
    }

    @Benchmark
    public Tensor forward() {
        attention.setTraining(false);
        try (Autograd.Scope scope = Autograd.noGrad()) {
            return attention.forward(grid);
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        attention.setTraining(true);
        attention.zeroGrad();
        grid.zeroGrad();
        Tensor output = attention.forward(grid);
        output.square().mean().backward();
        return grid.grad();
    }
}
