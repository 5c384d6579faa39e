package dev.enn.bench.jmh;

import dev.enn.tensor.Autograd;
import dev.enn.tensor.MatrixKernels;
import dev.enn.tensor.ProductPrecision;
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
 * JMH benchmark of one matrix product {@code C[640×192] += A·B} with 48 terms, the shape of the
 * Transformer baseline's first feed-forward layer on a batch of 32 × 20 steps, in the three
 * layouts of {@link MatrixKernels} (plain, Aᵀ as in a weight gradient, Bᵀ as in a linear forward)
 * and both {@link ProductPrecision}s. Divide 2·640·192·48 = 11.8 million operations by the time
 * per product for GFLOP/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MatrixProductBenchmark {
    private static final int ROWS = 640;
    private static final int COLUMNS = 192;
    private static final int TERMS = 48;

    @Param({"plain", "transA", "transB"})
    String layout;

    @Param({"FLOAT64", "FLOAT32"})
    ProductPrecision precision;

    private double[] a;
    private double[] b;
    private double[] c;

    @Setup
    public void setUp() {
        Rng rng = new Rng(42);
        a = Tensor.randn(rng, ROWS * TERMS).dataView();
        b = Tensor.randn(rng, TERMS * COLUMNS).dataView();
        c = new double[ROWS * COLUMNS];
    }

    @Benchmark
    public double[] product() {
        try (Autograd.Scope scope = precision.use()) {
            switch (layout) {
                case "plain" -> MatrixKernels.multAdd(ROWS, COLUMNS, TERMS, a, 0, b, 0, c, 0);
                case "transA" -> MatrixKernels.multAddTransA(ROWS, COLUMNS, TERMS, a, 0, b, 0, c, 0);
                default -> MatrixKernels.multAddTransB(ROWS, COLUMNS, TERMS, a, 0, b, 0, c, 0);
            }
        }
        return c;
    }
}
