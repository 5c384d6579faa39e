package dev.enn.baselines.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Rng;
import dev.enn.tensor.SpecialFunctions;
import org.junit.jupiter.api.Test;

class NormalCdfTableTest {
    /**
     * Largest relative distance from {@link SpecialFunctions#normalCdf}; both claim about 1e-15 in
     * the centre, and the erfc that builds the table claims 3e-14 in the tail.
     */
    private static final double RELATIVE_TOLERANCE = 5e-14;
    /**
     * Largest relative distance from {@link SpecialFunctions#normalPdf}: the table's degree-7
     * density leaves out less than 1e-14, and exp(−x²/2) in the reference carries the rounding
     * of x² times up to 36 at |x| = 8.5.
     */
    private static final double DENSITY_RELATIVE_TOLERANCE = 5e-14;

    @Test
    void cdfMatchesSpecialFunctionsOverRange() {
        Rng rng = new Rng(1);
        for (int n = 0; n < 200_000; n++) {
            double x = (rng.nextDouble() - 0.5) * 24;
            double expected = SpecialFunctions.normalCdf(x);
            double actual = NormalCdfTable.cdf(x);
            assertTrue(Math.abs(actual - expected) <= RELATIVE_TOLERANCE * expected,
                    "cdf(" + x + ") = " + actual + ", normalCdf gives " + expected);
        }
    }

    @Test
    void cdfAtGridPointsAndEdges() {
        for (int i = -544; i <= 544; i++) {
            double x = i / 64.0;
            double expected = SpecialFunctions.normalCdf(x);
            assertEquals(expected, NormalCdfTable.cdf(x), RELATIVE_TOLERANCE * expected, "cdf at grid point " + x);
        }
        assertEquals(0.5, NormalCdfTable.cdf(0.0));
        assertEquals(0.5, NormalCdfTable.cdf(-0.0));
        assertEquals(SpecialFunctions.normalCdf(-8.5), NormalCdfTable.cdf(-8.5));
        assertEquals(1.0, NormalCdfTable.cdf(Double.POSITIVE_INFINITY));
        assertEquals(0.0, NormalCdfTable.cdf(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(NormalCdfTable.cdf(Double.NaN)));
    }

    @Test
    void densityMatchesSpecialFunctionsOverRange() {
        Rng rng = new Rng(2);
        for (int n = 0; n < 200_000; n++) {
            double x = (rng.nextDouble() - 0.5) * 24;
            double expected = SpecialFunctions.normalPdf(x);
            double actual = NormalCdfTable.density(x);
            assertTrue(Math.abs(actual - expected) <= DENSITY_RELATIVE_TOLERANCE * expected,
                    "density(" + x + ") = " + actual + ", normalPdf gives " + expected);
        }
    }

    @Test
    void densityAtGridPointsAndEdges() {
        for (int i = -544; i <= 544; i++) {
            double x = i / 64.0;
            double expected = SpecialFunctions.normalPdf(x);
            assertEquals(expected, NormalCdfTable.density(x), DENSITY_RELATIVE_TOLERANCE * expected, "density at grid point " + x);
        }
        assertEquals(SpecialFunctions.normalPdf(0.0), NormalCdfTable.density(-0.0));
        assertEquals(SpecialFunctions.normalPdf(8.5), NormalCdfTable.density(-8.5));
        assertEquals(0.0, NormalCdfTable.density(Double.POSITIVE_INFINITY));
        assertEquals(0.0, NormalCdfTable.density(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(NormalCdfTable.density(Double.NaN)));
    }
}
