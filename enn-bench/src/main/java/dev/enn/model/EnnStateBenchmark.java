package dev.enn.model;

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
 * JMH benchmark of the pieces of the ENN state update on a batch of B = 32 grids {@code [B, N, S]}.
 * It lives in {@code dev.enn.model} because the fused gate-and-mix kernel is package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class EnnStateBenchmark {
    private static final int BATCH_SIZE = 32;
    private static final int BUFFER_SIZE = 5;

    @Param({"12", "64"})
    int numNeurons;

    @Param({"4", "16"})
    int numStates;

    private Tensor grid;
    private Tensor gate;
    private Tensor mixing;
    private Tensor history;
    private StateAutoencoder autoencoder;

    @Setup
    public void setUp() {
        Rng rng = new Rng(42);
        grid = Tensor.randn(rng, BATCH_SIZE, numNeurons, numStates);
        gate = Tensor.randn(rng, numNeurons, numStates).sigmoid();
        mixing = Tensor.randn(rng, numNeurons, numNeurons);
        history = Tensor.randn(rng, numNeurons, BUFFER_SIZE, numStates);
        autoencoder = new StateAutoencoder(numStates, 3, rng.fork("autoencoder"));
    }

    @Benchmark
    public Tensor decay() {
        return EnnDynamics.decay(grid, 0.1);
    }

    @Benchmark
    public Tensor sparsify() {
        return EnnDynamics.sparsify(grid, 0.5);
    }

    @Benchmark
    public Tensor gateAndMix() {
        return EnnKernels.gateAndMix(grid, gate, mixing);
    }

    @Benchmark
    public Tensor recencyAverage() {
        return EnnDynamics.recencyAverage(history, 0.9);
    }

    @Benchmark
    public Tensor stateCollapse() {
        return EnnDynamics.stateCollapse(grid, EnnDynamics.REFERENCE_COLLAPSE_THRESHOLD, autoencoder);
    }

    @Benchmark
    public Tensor lowPowerTopK() {
        return EnnDynamics.lowPowerTopK(grid, Math.min(3, numStates));
    }
}
