package dev.enn.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Error function and normal distribution against reference digits computed with mpmath 1.3.0 at
 * 40 significant digits, then rounded to the nearest double.
 */
class SpecialFunctionsTest {
    /** Allowed relative error of erf. */
    private static final double ERF_TOLERANCE = 1e-15;
    /** Allowed relative error of erfc and of Φ below 0. */
    private static final double ERFC_TOLERANCE = 3e-14;
    /** Allowed absolute error of Φ above 0 and of φ. */
    private static final double CENTRE_TOLERANCE = 1e-15;

    private static void assertRelative(double expected, double actual, double tolerance) {
        double error = expected == 0 ? Math.abs(actual) : Math.abs(expected - actual) / Math.abs(expected);
        assertTrue(error <= tolerance, "expected " + expected + " but got " + actual + " (relative error "
                + error + ", allowed " + tolerance + ")");
    }

    @Test
    void erfMatchesKnownDigits() {
        double[][] cases = {
            {0.1, 0.1124629160182849},
            {0.5, 0.5204998778130465},
            {1.0, 0.8427007929497149},
            {1.5, 0.9661051464753108},
            {2.5, 0.9995930479825550},
            {2.9, 0.9999589021219005},
            {3.0, 0.9999779095030014},
            {3.1, 0.9999883513426328},
            {3.5, 0.9999992569016276},
            {4.0, 0.9999999845827421},
            {5.0, 0.9999999999984626},
            {6.0, 1.0},
        };
        for (double[] c : cases) {
            assertRelative(c[1], SpecialFunctions.erf(c[0]), ERF_TOLERANCE);
        }
    }

    @Test
    void erfIsOdd() {
        for (double x : new double[] {0.1, 0.5, 1.0, 2.5, 2.999999, 3.0, 3.5, 10.0}) {
            assertEquals(-SpecialFunctions.erf(x), SpecialFunctions.erf(-x), 0.0, "x = " + x);
        }
    }

    @Test
    void erfIsContinuousAcrossSeriesBoundary() {
        // the series covers |x| < 1.5 and the continued fraction the rest
        assertRelative(0.9657467462988223, SpecialFunctions.erf(1.497), ERF_TOLERANCE);
        assertRelative(0.9661051464753108, SpecialFunctions.erf(Math.nextDown(1.5)), ERF_TOLERANCE);
        assertRelative(0.9661051464753108, SpecialFunctions.erf(1.5), ERF_TOLERANCE);
    }

    @Test
    void erfAtZeroInfinityAndNaN() {
        assertEquals(0.0, SpecialFunctions.erf(0.0), 0.0);
        assertEquals(1.0, SpecialFunctions.erf(Double.POSITIVE_INFINITY), 0.0);
        assertEquals(-1.0, SpecialFunctions.erf(Double.NEGATIVE_INFINITY), 0.0);
        assertTrue(Double.isNaN(SpecialFunctions.erf(Double.NaN)));
    }

    @Test
    void erfcKeepsRelativeAccuracyInTail() {
        assertRelative(7.430983723414128e-07, SpecialFunctions.erfc(3.5), ERFC_TOLERANCE);
        assertRelative(1.537459794428035e-12, SpecialFunctions.erfc(5.0), ERFC_TOLERANCE);
        assertRelative(2.088487583762545e-45, SpecialFunctions.erfc(10.0), ERFC_TOLERANCE);
        assertRelative(5.663192408856143e-296, SpecialFunctions.erfc(26.0), ERFC_TOLERANCE);
        assertEquals(0.0, SpecialFunctions.erfc(30.0), 0.0);
    }

    @Test
    void erfcBetweenOneAndThreeAvoidsCancellation() {
        // 1 − erf(x) here would lose up to 3e-11 of relative accuracy
        assertRelative(0.033894853524689274, SpecialFunctions.erfc(1.5), ERFC_TOLERANCE);
        assertRelative(0.004677734981047266, SpecialFunctions.erfc(2.0), ERFC_TOLERANCE);
        assertRelative(4.109787809945884e-05, SpecialFunctions.erfc(2.9), ERFC_TOLERANCE);
    }

    @Test
    void erfcNearZeroMatchesKnownValues() {
        assertRelative(0.15729920705028513, SpecialFunctions.erfc(1.0), ERFC_TOLERANCE);
        assertRelative(1.8427007929497149, SpecialFunctions.erfc(-1.0), ERFC_TOLERANCE);
        assertEquals(1.0, SpecialFunctions.erfc(0.0), 0.0);
        assertEquals(2.0, SpecialFunctions.erfc(Double.NEGATIVE_INFINITY), 0.0);
    }

    @Test
    void normalCdfMatchesKnownValues() {
        assertEquals(0.5, SpecialFunctions.normalCdf(0.0), 0.0);
        assertEquals(0.8413447460685429, SpecialFunctions.normalCdf(1.0), CENTRE_TOLERANCE);
        assertEquals(0.15865525393145705, SpecialFunctions.normalCdf(-1.0), CENTRE_TOLERANCE);
        assertEquals(0.9986501019683699, SpecialFunctions.normalCdf(3.0), CENTRE_TOLERANCE);
    }

    @Test
    void normalCdfKeepsRelativeAccuracyInLowerTail() {
        assertRelative(3.1671241833119924e-05, SpecialFunctions.normalCdf(-4.0), ERFC_TOLERANCE);
        assertRelative(2.866515718791939e-07, SpecialFunctions.normalCdf(-5.0), ERFC_TOLERANCE);
        assertRelative(7.619853024160525e-24, SpecialFunctions.normalCdf(-10.0), ERFC_TOLERANCE);
        assertEquals(0.0, SpecialFunctions.normalCdf(Double.NEGATIVE_INFINITY), 0.0);
        assertEquals(1.0, SpecialFunctions.normalCdf(Double.POSITIVE_INFINITY), 0.0);
    }

    @Test
    void normalPdfMatchesKnownValues() {
        assertEquals(0.3989422804014327, SpecialFunctions.normalPdf(0.0), CENTRE_TOLERANCE);
        assertEquals(0.24197072451914334, SpecialFunctions.normalPdf(1.0), CENTRE_TOLERANCE);
        assertEquals(0.24197072451914334, SpecialFunctions.normalPdf(-1.0), CENTRE_TOLERANCE);
        assertEquals(0.0, SpecialFunctions.normalPdf(Double.POSITIVE_INFINITY), 0.0);
    }

    @Test
    void tableExpansionMatchesTheReferenceFunctions() {
        // erf and erfc expand around grid points 1/32 apart; erfReference and erfcReference are
        // the slow series and continued fraction the table is built from. The grid covers every
        // table interval many times, both halves around each grid point and the edge at 6.
        double worstErf = 0;
        double worstErfc = 0;
        for (int t = 0; t <= 400_000; t++) {
            double x = -7 + t * (34.0 / 400_000);
            worstErf = Math.max(worstErf, relative(SpecialFunctions.erfReference(x), SpecialFunctions.erf(x)));
            worstErfc = Math.max(worstErfc, relative(SpecialFunctions.erfcReference(x), SpecialFunctions.erfc(x)));
        }
        for (double x : new double[] {Math.nextDown(6.0), 6.0, Math.nextUp(6.0), 1.0 / 64, Math.nextDown(1.0 / 64),
            Double.MIN_VALUE, 1e-300, 1e-9}) {
            worstErf = Math.max(worstErf, relative(SpecialFunctions.erfReference(x), SpecialFunctions.erf(x)));
            worstErfc = Math.max(worstErfc, relative(SpecialFunctions.erfcReference(x), SpecialFunctions.erfc(x)));
        }
        assertTrue(worstErf <= 2 * ERF_TOLERANCE, "erf differs from its reference by " + worstErf);
        assertTrue(worstErfc <= ERFC_TOLERANCE, "erfc differs from its reference by " + worstErfc);
    }

    @Test
    void erfcOfNaNIsNaN() {
        assertTrue(Double.isNaN(SpecialFunctions.erfc(Double.NaN)));
        assertEquals(0.0, SpecialFunctions.erfc(Double.POSITIVE_INFINITY), 0.0);
    }

    @Test
    void tanhStaysWithinSixUlpsOfMathTanh() {
        Rng rng = new Rng(31);
        for (int t = 0; t < 200_000; t++) {
            double x = t < 100_000 ? -25 + t * (50.0 / 100_000) : rng.nextGaussian() * Math.pow(10, -rng.nextInt(12));
            double expected = Math.tanh(x);
            double actual = SpecialFunctions.tanh(x);
            assertTrue(Math.abs(actual - expected) <= 6 * Math.ulp(expected),
                    "tanh(" + x + "): expected " + expected + " but got " + actual);
        }
        for (double x : new double[] {1.0 / 64, Math.nextDown(1.0 / 64), 19.1, Math.nextDown(19.1), Double.MIN_VALUE,
            1e-300}) {
            assertTrue(Math.abs(SpecialFunctions.tanh(x) - Math.tanh(x)) <= 6 * Math.ulp(Math.tanh(x)), "x = " + x);
            assertEquals(-SpecialFunctions.tanh(x), SpecialFunctions.tanh(-x), 0.0, "odd at " + x);
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(SpecialFunctions.tanh(-0.0)));
        assertEquals(1.0, SpecialFunctions.tanh(Double.POSITIVE_INFINITY), 0.0);
        assertEquals(-1.0, SpecialFunctions.tanh(Double.NEGATIVE_INFINITY), 0.0);
        assertTrue(Double.isNaN(SpecialFunctions.tanh(Double.NaN)));
    }

    private static double relative(double expected, double actual) {
        return expected == 0 ? Math.abs(actual) : Math.abs(expected - actual) / Math.abs(expected);
    }
}
