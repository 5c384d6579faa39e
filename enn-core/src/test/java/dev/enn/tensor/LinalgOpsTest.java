package dev.enn.tensor;

import static dev.enn.testing.TestTensors.assertClose;
import static dev.enn.testing.TestTensors.assertShape;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static dev.enn.testing.TestTensors.param;
import static dev.enn.testing.TestTensors.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class LinalgOpsTest {
    /** Tolerance of the finite-difference checks, relative above magnitude 1. */
    private static final double GRADIENT_TOLERANCE = 1e-6;
    /** Tolerance between the EJML kernels and the naive triple loop, relative above magnitude 1. */
    private static final double KERNEL_TOLERANCE = 1e-12;

    /** Naive product over the last two axes of {@code a [batch, m, k]} and {@code b [batch or 1, k, n]}. */
    private static double[] naiveProduct(double[] a, double[] b, int batch, int m, int k, int n, boolean sharedRight) {
        double[] c = new double[batch * m * n];
        for (int p = 0; p < batch; p++) {
            int offB = sharedRight ? 0 : p * k * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int q = 0; q < k; q++) {
                        s += a[p * m * k + i * k + q] * b[offB + q * n + j];
                    }
                    c[p * m * n + i * n + j] = s;
                }
            }
        }
        return c;
    }

    // ---------------------------------------------------------------- matmul forward

    @Test
    void matmulComputesHandValues() {
        Tensor a = Tensor.matrix(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        Tensor b = Tensor.matrix(new double[][] {{7, 8, 9}, {10, 11, 12}});

        Tensor c = a.matmul(b);

        assertShape(new int[] {3, 3}, c);
        assertClose(new double[] {27, 30, 33, 61, 68, 75, 95, 106, 117}, c, 0);
    }

    @Test
    void sharedRightOperandMatchesNaiveProduct() {
        // [..., M, K]·[K, N] runs as one EJML product over all leading rows
        int[][] leftShapes = {{1, 1}, {3, 4}, {2, 3, 4}, {2, 2, 3, 4}, {1, 7, 4}};
        for (int[] shape : leftShapes) {
            Tensor a = randn(1, shape);
            Tensor b = randn(2, 4, 5);
            if (shape[shape.length - 1] != 4) {
                b = randn(2, shape[shape.length - 1], 5);
            }
            int m = shape[shape.length - 2];
            int k = shape[shape.length - 1];
            int batch = a.size() / (m * k);

            Tensor c = a.matmul(b);

            int[] expectedShape = shape.clone();
            expectedShape[expectedShape.length - 1] = 5;
            assertShape(expectedShape, c);
            assertClose(naiveProduct(a.dataView(), b.dataView(), batch, m, k, 5, true), c, KERNEL_TOLERANCE);
        }
    }

    @Test
    void batchedMatmulMatchesNaiveProduct() {
        Tensor a = randn(3, 2, 3, 4);
        Tensor b = randn(4, 2, 4, 5);

        Tensor c = a.matmul(b);

        assertShape(new int[] {2, 3, 5}, c);
        assertClose(naiveProduct(a.dataView(), b.dataView(), 2, 3, 4, 5, false), c, KERNEL_TOLERANCE);
    }

    @Test
    void batchedAndSharedPathsAgree() {
        Tensor a = randn(5, 3, 2, 4);
        Tensor shared = randn(6, 4, 2);
        Tensor repeated = Tensor.stack(0, shared, shared, shared);

        assertClose(a.matmul(shared), a.matmul(repeated), KERNEL_TOLERANCE);
    }

    @Test
    void sharedLeftOperandBroadcastsOverBatch() {
        Tensor a = randn(7, 3, 4);
        Tensor b = randn(8, 2, 4, 5);

        Tensor c = a.matmul(b);

        assertShape(new int[] {2, 3, 5}, c);
        assertClose(a.matmul(b.select(0, 0)), c.select(0, 0), KERNEL_TOLERANCE);
        assertClose(a.matmul(b.select(0, 1)), c.select(0, 1), KERNEL_TOLERANCE);
    }

    @Test
    void sizeZeroDimensionsGiveEmptyOrZeroProducts() {
        assertShape(new int[] {0, 5}, Tensor.zeros(0, 4).matmul(Tensor.zeros(4, 5)));
        assertShape(new int[] {3, 0}, Tensor.zeros(3, 4).matmul(Tensor.zeros(4, 0)));
        assertClose(new double[6], Tensor.ones(2, 0).matmul(Tensor.ones(0, 3)), 0);
        assertShape(new int[] {2, 3}, Tensor.ones(2, 0).matmul(Tensor.ones(0, 3)));
        assertShape(new int[] {0, 3, 5}, Tensor.zeros(0, 3, 4).matmul(Tensor.zeros(0, 4, 5)));
        assertClose(new double[2 * 2 * 3], Tensor.ones(2, 2, 0).matmul(Tensor.ones(2, 0, 3)), 0);
    }

    @Test
    void sizeZeroInnerDimensionGivesZeroGradients() {
        Tensor a = Tensor.ones(2, 0).requireGrad(true);
        Tensor b = Tensor.ones(0, 3).requireGrad(true);

        a.matmul(b).sum().backward();

        assertShape(new int[] {2, 0}, a.grad());
        assertShape(new int[] {0, 3}, b.grad());
    }

    // ---------------------------------------------------------------- matmul gradients

    @Test
    void matmulGradientsMatchFiniteDifferences() {
        GradientCheck.assertGradients(in -> in[0].matmul(in[1]), GRADIENT_TOLERANCE, param(1, 3, 4), param(2, 4, 2));
        GradientCheck.assertGradients(in -> in[0].matmul(in[1]), GRADIENT_TOLERANCE, param(3, 1, 1), param(4, 1, 1));
        GradientCheck.assertGradients(in -> in[0].matmul(in[1]), GRADIENT_TOLERANCE, param(5, 1, 4), param(6, 4, 1));
    }

    @Test
    void sharedRightMatmulGradientsMatchFiniteDifferences() {
        GradientCheck.assertGradients(in -> in[0].matmul(in[1]), GRADIENT_TOLERANCE, param(7, 2, 3, 4), param(8, 4, 2));
        GradientCheck.assertGradients(in -> in[0].matmul(in[1]), GRADIENT_TOLERANCE,
                param(9, 2, 1, 3, 4), param(10, 4, 2));
    }

    @Test
    void batchedMatmulGradientsMatchFiniteDifferences() {
        GradientCheck.assertGradients(in -> in[0].matmul(in[1]), GRADIENT_TOLERANCE, param(11, 2, 3, 4), param(12, 2, 4, 2));
        GradientCheck.assertGradients(in -> in[0].matmul(in[1]), GRADIENT_TOLERANCE,
                param(13, 2, 2, 3, 4), param(14, 2, 2, 4, 2));
        GradientCheck.assertGradients(in -> in[0].matmul(in[1]), GRADIENT_TOLERANCE, param(15, 3, 4), param(16, 2, 4, 2));
    }

    @Test
    void matmulOfTensorWithItsTranspose() {
        GradientCheck.assertGradients(in -> in[0].matmul(in[0].transpose(0, 1)), GRADIENT_TOLERANCE, param(17, 3, 4));
        GradientCheck.assertGradients(in -> in[0].matmul(in[0].transpose(1, 2)), GRADIENT_TOLERANCE, param(18, 2, 3, 4));
    }

    @Test
    void matmulGradientToOneOperandOnly() {
        Tensor a = param(19, 2, 3, 4);
        Tensor b = randn(20, 2, 4, 2);
        Tensor shared = randn(21, 4, 2);

        GradientCheck.assertGradients(in -> in[0].matmul(b), GRADIENT_TOLERANCE, a);
        GradientCheck.assertGradients(in -> in[0].matmul(shared), GRADIENT_TOLERANCE, a);
        GradientCheck.assertGradients(in -> b.transpose(1, 2).matmul(in[0].transpose(1, 2)), GRADIENT_TOLERANCE, a);
    }

    // ---------------------------------------------------------------- linear

    @Test
    void linearComputesHandValues() {
        Tensor x = Tensor.matrix(new double[][] {{1, 2}, {3, 4}});
        Tensor weight = Tensor.matrix(new double[][] {{1, 0}, {0, 1}, {1, 1}});
        Tensor bias = Tensor.vector(0.5, -0.5, 10);

        Tensor y = x.linear(weight, bias);

        assertShape(new int[] {2, 3}, y);
        assertClose(new double[] {1.5, 1.5, 13, 3.5, 3.5, 17}, y, 0);
        assertClose(new double[] {1, 2, 3, 3, 4, 7}, x.linear(weight, null), 0);
    }

    @Test
    void linearAcceptsAnyLeadingAxes() {
        Tensor weight = randn(30, 5, 4);
        Tensor bias = randn(31, 5);

        assertShape(new int[] {5}, randn(32, 4).linear(weight, bias));
        assertShape(new int[] {2, 5}, randn(33, 2, 4).linear(weight, bias));
        assertShape(new int[] {2, 3, 5}, randn(34, 2, 3, 4).linear(weight, bias));
        assertShape(new int[] {0, 3, 5}, Tensor.zeros(0, 3, 4).linear(weight, bias));
    }

    @Test
    void linearMatchesMatmulWithTransposedWeight() {
        Tensor x = randn(35, 2, 3, 4);
        Tensor weight = randn(36, 5, 4);
        Tensor bias = randn(37, 5);

        assertClose(x.matmul(weight.transpose(0, 1)).add(bias), x.linear(weight, bias), KERNEL_TOLERANCE);
    }

    @Test
    void linearGradientsMatchFiniteDifferences() {
        Tensor weight = param(40, 3, 4);
        Tensor bias = param(41, 3);

        GradientCheck.assertGradients(in -> in[0].linear(in[1], in[2]), GRADIENT_TOLERANCE, param(42, 4), weight, bias);
        GradientCheck.assertGradients(in -> in[0].linear(in[1], in[2]), GRADIENT_TOLERANCE, param(43, 2, 4), weight, bias);
        GradientCheck.assertGradients(in -> in[0].linear(in[1], in[2]), GRADIENT_TOLERANCE,
                param(44, 2, 5, 4), weight, bias);
        GradientCheck.assertGradients(in -> in[0].linear(in[1], null), GRADIENT_TOLERANCE, param(45, 2, 4), weight);
    }

    @Test
    void linearOnEmptyBatchGivesZeroParameterGradients() {
        Tensor weight = param(46, 3, 4);
        Tensor bias = param(47, 3);

        Tensor y = Tensor.zeros(0, 4).linear(weight, bias);
        y.backward(Tensor.zeros(0, 3));

        assertClose(new double[12], weight.grad(), 0);
        assertClose(new double[3], bias.grad(), 0);
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void rejectsMatmulOfRankOne() {
        ShapeMismatchException e = assertThrowsWithMessage(ShapeMismatchException.class,
                () -> Tensor.zeros(3).matmul(Tensor.zeros(3, 2)),
                "matmul:", "rank >= 2", "[3]", "[3, 2]", "unsqueeze");
        assertArrayEquals(new int[] {3}, e.actual());
        assertThrowsWithMessage(ShapeMismatchException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(3)),
                "matmul:", "rank >= 2", "[2, 3]", "[3]");
    }

    @Test
    void rejectsMatmulWithMismatchedInnerDimensions() {
        assertThrowsWithMessage(ShapeMismatchException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)),
                "matmul:", "inner dimensions", "[2, 3]", "[4, 5]", "(3)", "(4)");
        assertThrowsWithMessage(ShapeMismatchException.class,
                () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(2, 4, 5)), "inner dimensions", "(3)", "(4)");
    }

    @Test
    void rejectsMatmulWithDifferentBatchAxes() {
        assertThrowsWithMessage(ShapeMismatchException.class,
                () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)),
                "matmul:", "batch axes differ", "[2, 3, 4]", "[3, 4, 5]", "equal leading axes");
        assertThrowsWithMessage(ShapeMismatchException.class,
                () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(1, 4, 5)), "batch axes differ");
    }

    @Test
    void rejectsLinearWithWrongFeatureCount() {
        Tensor weight = Tensor.zeros(5, 4);

        ShapeMismatchException e = assertThrowsWithMessage(ShapeMismatchException.class,
                () -> Tensor.zeros(2, 3, 12).linear(weight, null),
                "linear:", "[2, 3, 12]", "expects 4 features", "got 12", "batch-first", "[B, T, F]");
        assertArrayEquals(new int[] {2, 3, 4}, e.expected());
        assertArrayEquals(new int[] {2, 3, 12}, e.actual());
    }

    @Test
    void rejectsLinearOfScalar() {
        assertThrowsWithMessage(ShapeMismatchException.class, () -> Tensor.scalar(1).linear(Tensor.zeros(5, 4), null),
                "linear:", "expects 4 features", "a scalar");
    }

    @Test
    void rejectsLinearWeightOfWrongRank() {
        assertThrowsWithMessage(ShapeMismatchException.class, () -> Tensor.zeros(2, 4).linear(Tensor.zeros(4), null),
                "linear:", "weight must be [out, in]", "[4]");
    }

    @Test
    void rejectsLinearBiasOfWrongShape() {
        Tensor weight = Tensor.zeros(5, 4);

        assertThrowsWithMessage(ShapeMismatchException.class,
                () -> Tensor.zeros(2, 4).linear(weight, Tensor.zeros(4)),
                "linear:", "bias must be [5]", "[4]");
        assertThrowsWithMessage(ShapeMismatchException.class,
                () -> Tensor.zeros(2, 4).linear(weight, Tensor.zeros(1, 5)), "bias must be [5]", "[1, 5]");
    }
}
