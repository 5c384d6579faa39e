package dev.enn.baselines.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.enn.tensor.Rng;
import org.junit.jupiter.api.Test;

class GateFunctionsTest {
    /** Largest absolute distance of the logistic function from its exp form. */
    private static final double SIGMOID_ABSOLUTE = 4e-16;

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
