package dev.enn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Compares the transposed-weight forward kernel of {@code linear} with the reference kernel. */
class LinearKernelTest {
    private static final double RELATIVE_TOLERANCE = 1e-13;
    private static final int[] SIZES = {0, 1, 2, 3, 7, 8, 16, 33, 130};

    @Test
    void transposedKernelMatchesReference() {
        Rng rng = new Rng(11);
        for (int rows : SIZES) {
            for (int inF : SIZES) {
                for (int outF : SIZES) {
                    double[] x = Tensor.randn(rng, rows * inF).dataView();
                    double[] weight = Tensor.randn(rng, outF * inF).dataView();
                    double[] expected = new double[rows * outF];
                    double[] actual = new double[rows * outF];
                    if (rows > 0 && inF > 0 && outF > 0) {
                        LinalgOps.linearForwardReference(rows, inF, outF, x, weight, expected);
                        LinalgOps.linearForwardTransposed(rows, inF, outF, x, weight, actual);
                    }
                    for (int i = 0; i < expected.length; i++) {
                        double scale = Math.max(1, Math.abs(expected[i]));
                        assertEquals(expected[i], actual[i], RELATIVE_TOLERANCE * scale * Math.max(1, inF),
                                "rows " + rows + ", in " + inF + ", out " + outF + ", index " + i);
                    }
                }
            }
        }
    }

    @Test
    void linearUsesBothKernelsConsistently() {
        Rng rng = new Rng(12);
        Tensor weight = Tensor.randn(rng, 5, 4);
        Tensor bias = Tensor.randn(rng, 5);
        Tensor many = Tensor.randn(rng, LinalgOps.TRANSPOSED_LINEAR_MIN_ROWS + 1, 4);

        Tensor batched = many.linear(weight, bias);

        for (int r = 0; r < many.dim(0); r++) {
            Tensor single = many.slice(0, r, r + 1).linear(weight, bias);
            for (int j = 0; j < 5; j++) {
                assertEquals(single.dataView()[j], batched.dataView()[r * 5 + j], 1e-14, "row " + r + ", output " + j);
            }
        }
    }

    @Test
    void transposedPathPassesGradientCheck() {
        Rng rng = new Rng(13);
        Tensor x = Tensor.randn(rng, LinalgOps.TRANSPOSED_LINEAR_MIN_ROWS + 2, 3).requireGrad(true);
        Tensor weight = Tensor.randn(rng, 4, 3).requireGrad(true);
        Tensor bias = Tensor.randn(rng, 4).requireGrad(true);

        GradientCheck.assertGradients(inputs -> inputs[0].linear(inputs[1], inputs[2]).square().sum(), 1e-6,
                x, weight, bias);
    }
    @Test
    void biasMatchesPlainLoops() {
        // The bias runs through the product kernels as C += 1·b. A product by one is exact, so the
        // sums must equal loops of additions in the same order, bit for bit, on every path.
        Rng rng = new Rng(13);
        for (int rows : new int[] {1, 3, 8, 37, 384}) {
            for (int outF : new int[] {1, 3, 4, 9, 64}) {
                Tensor x = Tensor.randn(rng, rows, 5);
                Tensor weight = Tensor.randn(rng, outF, 5);
                Tensor bias = Tensor.randn(rng, outF).requireGrad(true);
                Tensor upstream = Tensor.randn(rng, rows, outF);
                Tensor withBias = x.linear(weight, bias);
                double[] expected = x.linear(weight, null).dataView().clone();
                double[] expectedGrad = new double[outF];
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < outF; j++) {
                        expected[r * outF + j] += bias.dataView()[j];
                        expectedGrad[j] += upstream.dataView()[r * outF + j];
                    }
                }
                withBias.backward(upstream);
                String where = "rows " + rows + ", out " + outF;
                assertArrayEquals(expected, withBias.dataView(), where);
                assertArrayEquals(expectedGrad, bias.grad().dataView(), where);
            }
        }
    }
}
