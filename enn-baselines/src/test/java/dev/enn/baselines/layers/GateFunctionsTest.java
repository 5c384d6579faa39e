package dev.enn.baselines.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Rng;
import org.junit.jupiter.api.Test;

class GateFunctionsTest {
    /** Largest distance from {@link Math#tanh} in units in the last place. */
    private static final double TANH_ULPS = 8;
    /** Largest absolute distance of the logistic function from its exp form. */
    private static final double SIGMOID_ABSOLUTE = 4e-16;

    @Test
    void tanhMatchesMathTanhOverMagnitudes() {
        Rng rng = new Rng(1);
        for (int n = 0; n < 200_000; n++) {
            // magnitudes from 1e-9 to 25, both signs, so that every grid cell and the saturation are hit
            double x = (rng.nextDouble() - 0.5) * 50 * Math.pow(10, -rng.nextInt(10));
            double expected = Math.tanh(x);
            double actual = GateFunctions.tanh(x);
            double ulps = expected == 0 ? Math.abs(actual) / Double.MIN_VALUE : Math.abs(actual - expected) / Math.ulp(expected);
            assertTrue(ulps <= TANH_ULPS, "tanh(" + x + ") = " + actual + ", Math.tanh gives " + expected + " (" + ulps + " ulps)");
        }
    }

    @Test
    void tanhAtGridPointsAndEdges() {
        for (int i = 0; i <= 611; i++) {
            double x = i / 32.0;
            assertEquals(Math.tanh(x), GateFunctions.tanh(x), Math.ulp(Math.tanh(x)), "tanh at grid point " + x);
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(GateFunctions.tanh(-0.0)));
        assertEquals(Math.tanh(19.1), GateFunctions.tanh(19.1));
        assertEquals(1.0, GateFunctions.tanh(19.1));
        assertEquals(-1.0, GateFunctions.tanh(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(GateFunctions.tanh(Double.NaN)));
    }

    @Test
    void sigmoidMatchesExpForm() {
        Rng rng = new Rng(2);
        for (int n = 0; n < 200_000; n++) {
            double a = (rng.nextDouble() - 0.5) * 80;
            double expected = a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a));
            assertEquals(expected, GateFunctions.sigmoid(a), SIGMOID_ABSOLUTE, "sigmoid(" + a + ")");
        }
        assertEquals(0.5, GateFunctions.sigmoid(0.0));
        assertEquals(1.0, GateFunctions.sigmoid(Double.POSITIVE_INFINITY));
        assertEquals(0.0, GateFunctions.sigmoid(Double.NEGATIVE_INFINITY));
    }
}
