package dev.enn.baselines.layers;

import static dev.enn.testing.TestTensors.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.AttentionKernel;
import dev.enn.tensor.Rng;
import org.junit.jupiter.api.Test;

class SoftmaxKernelTest {
    /** Rows are sums of terms within 1 ulp each, normalised by a reciprocal instead of a division. */
    private static final double ROW_TOLERANCE = 1e-15;

    @Test
    void expWithinOneUlpOfStrictMath() {
        Rng rng = new Rng(1);
        for (int n = 0; n < 400_000; n++) {
            // half of the arguments where softmax uses them, half over the whole supported range
            double x = n % 2 == 0 ? -40 * rng.nextDouble() : rng.uniform(-750, 700);
            double expected = StrictMath.exp(x);
            double actual = SoftmaxKernel.exp(x);
            assertTrue(Math.abs(actual - expected) <= Math.ulp(expected), "exp(" + x + ") = " + actual + ", StrictMath gives " + expected);
        }
    }

    @Test
    void expAtEdges() {
        assertEquals(1.0, SoftmaxKernel.exp(0.0));
        assertEquals(1.0, SoftmaxKernel.exp(-0.0));
        assertEquals(0.0, SoftmaxKernel.exp(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(SoftmaxKernel.exp(Double.NaN)));
        assertEquals(Math.exp(-700.0), SoftmaxKernel.exp(-700.0));
        assertEquals(0.0, SoftmaxKernel.exp(-800.0));
    }

    @Test
    void softmaxMatchesCoreRows() {
        Rng rng = new Rng(2);
        for (int length : new int[] {1, 2, 7, 20, 64}) {
            for (double spread : new double[] {1, 30, 800}) {
                double[] values = new double[length + 3];
                for (int i = 0; i < values.length; i++) {
                    values[i] = spread * (rng.nextDouble() - 0.5);
                }
                values[1] = length > 1 ? Double.NEGATIVE_INFINITY : values[1];
                double[] expected = values.clone();
                double[] actual = values.clone();

                AttentionKernel.softmaxInPlace(expected, 1, length);
                SoftmaxKernel.softmaxInPlace(actual, 1, length);

                assertClose(expected, actual, ROW_TOLERANCE);
                assertEquals(values[0], actual[0], "value before the row");
                assertEquals(values[length + 1], actual[length + 1], "value after the row");
            }
        }
    }

    @Test
    void softmaxOfBlockedAndInfiniteRows() {
        double inf = Double.POSITIVE_INFINITY;
        double[][] rows = {
            {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
            {inf, 1.0, inf},
            {Double.NaN, 1.0},
            {},
        };
        for (double[] row : rows) {
            double[] expected = row.clone();
            double[] actual = row.clone();

            AttentionKernel.softmaxInPlace(expected, 0, row.length);
            SoftmaxKernel.softmaxInPlace(actual, 0, row.length);

            assertArrayEquals(expected, actual);
        }
    }
}
