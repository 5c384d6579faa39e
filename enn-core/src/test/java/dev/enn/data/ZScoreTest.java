package dev.enn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ZScoreTest {
    private static final double TOL = 1e-12;
    private static final double GRADIENT_TOL = 1e-6;

    @Test
    void fitsMeanAndPopulationStd() {
        ZScore scaler = ZScore.fit(Tensor.vector(1, 2, 3, 4));

        assertEquals(1, scaler.featureCount());
        assertEquals(2.5, scaler.mean()[0], TOL);
        // Population std: sqrt(((1.5)² + (0.5)² + (0.5)² + (1.5)²) / 4) = sqrt(1.25).
        assertEquals(Math.sqrt(1.25), scaler.std()[0], TOL);
        assertArrayEquals(new double[] {-1.3416407865, -0.4472135955, 0.4472135955, 1.3416407865},
                scaler.transform(Tensor.vector(1, 2, 3, 4)).toArray(), 1e-10);
    }

    @Test
    void featuresAreFittedSeparately() {
        Tensor data = Tensor.of(new double[] {1, 10, 3, 30, 5, 50}, 3, 2);
        ZScore scaler = ZScore.fit(data);

        assertArrayEquals(new double[] {3, 30}, scaler.mean(), TOL);
        assertArrayEquals(new double[] {Math.sqrt(8.0 / 3), Math.sqrt(800.0 / 3)}, scaler.std(), TOL);
        Tensor z = scaler.transform(data);
        assertArrayEquals(new int[] {3, 2}, z.shape());
        assertArrayEquals(new double[] {-1.2247448714, -1.2247448714, 0, 0, 1.2247448714, 1.2247448714}, z.toArray(), 1e-10);
    }

    @Test
    void allLeadingAxesCountAsRows() {
        Tensor windows = Tensor.of(new double[] {1, 10, 3, 30, 5, 50, 7, 70}, 2, 2, 2);

        assertArrayEquals(new double[] {4, 40}, ZScore.fit(windows).mean(), TOL);
    }

    @Test
    void constantFeatureGetsStdOne() {
        Tensor data = Tensor.of(new double[] {0.1, 1, 0.1, 2, 0.1, 3}, 3, 2);
        ZScore scaler = ZScore.fit(data);

        assertArrayEquals(new int[] {0}, scaler.constantFeatures());
        // Ten additions of 0.1 do not give exactly 1, so the mean of a constant feature is taken as the value itself.
        assertEquals(0.1, scaler.mean()[0]);
        assertEquals(1.0, scaler.std()[0]);
        Tensor z = scaler.transform(data);
        assertEquals(0.0, z.get(0, 0));
        assertEquals(0.0, z.get(2, 0));
        assertArrayEquals(data.toArray(), scaler.inverseTransform(z).toArray());
    }

    @Test
    void singleRowIsConstant() {
        ZScore scaler = ZScore.fit(Tensor.of(new double[] {3, -4}, 1, 2));

        assertArrayEquals(new int[] {0, 1}, scaler.constantFeatures());
        assertArrayEquals(new double[] {1, 1}, scaler.std());
    }

    @Test
    void largeOffsetKeepsPrecision() {
        ZScore scaler = ZScore.fit(Tensor.vector(1e8, 1e8 + 1, 1e8 + 2, 1e8 + 3));

        assertEquals(Math.sqrt(1.25), scaler.std()[0], 1e-9);
        assertArrayEquals(new double[] {-1.3416407865, -0.4472135955, 0.4472135955, 1.3416407865},
                scaler.transform(Tensor.vector(1e8, 1e8 + 1, 1e8 + 2, 1e8 + 3)).toArray(), 1e-9);
        assertEquals(0, scaler.constantFeatures().length);
    }

    @Test
    void hugeValuesDoNotOverflow() {
        ZScore scaler = ZScore.fit(Tensor.vector(1e300, 3e300, 1e300, 3e300));

        assertEquals(2e300, scaler.mean()[0], 1e288);
        assertEquals(1e300, scaler.std()[0], 1e288);
    }

    @Test
    void tinyValuesDoNotUnderflow() {
        ZScore scaler = ZScore.fit(Tensor.vector(1e-300, 3e-300));

        assertEquals(2e-300, scaler.mean()[0], 1e-312);
        assertEquals(1e-300, scaler.std()[0], 1e-312);
    }

    @Test
    void deviationsBeyondDoubleRangeRejected() {
        Tensor data = Tensor.vector(-1.7e308, 1.7e308, 1.7e308);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ZScore.fit(data));
        assertTrue(e.getMessage().contains("exceed the double range"), e.getMessage());
    }

    @Test
    void fitRejectsNonFiniteWithIndex() {
        Tensor data = Tensor.of(new double[] {1, 2, 3, Double.NaN}, 2, 2);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ZScore.fit(data));
        assertTrue(e.getMessage().contains("ZScore.fit: value NaN at index [1, 1] of shape [2, 2]"), e.getMessage());
    }

    @Test
    void transformRejectsNonFiniteWithIndex() {
        ZScore scaler = ZScore.fit(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2));
        Tensor x = Tensor.of(new double[] {1, 2, Double.NEGATIVE_INFINITY, 4}, 2, 2);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scaler.transform(x));
        assertTrue(e.getMessage().contains("value -Infinity at index [1, 0]"), e.getMessage());
    }

    @Test
    void inverseRejectsNonFinite() {
        ZScore scaler = ZScore.fit(Tensor.vector(1, 2));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> scaler.inverseTransform(Tensor.vector(0, Double.NaN)));
        assertTrue(e.getMessage().contains("index [1]"), e.getMessage());
        assertTrue(e.getMessage().contains("diverged"), e.getMessage());
    }

    @Test
    void emptyAndScalarDataRejected() {
        assertThrows(IllegalArgumentException.class, () -> ZScore.fit(Tensor.scalar(1)));
        assertThrows(IllegalArgumentException.class, () -> ZScore.fit(Tensor.zeros(0, 2)));
    }

    @Test
    void wrongFeatureAxisRejected() {
        ZScore scaler = ZScore.fit(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> scaler.transform(Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("shape [3, 2] does not end in the 3 features"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> scaler.inverseTransform(Tensor.zeros(2, 6)));
        assertThrows(IllegalArgumentException.class, () -> scaler.transform(Tensor.scalar(0)));
    }

    @Test
    void oneFeatureScalerAcceptsAnyShape() {
        ZScore scaler = ZScore.fit(Tensor.vector(0, 2));
        Tensor windows = Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, 2, 3, 1);

        assertArrayEquals(new double[] {-1, 0, 1, 2, 3, 4}, scaler.transform(windows).toArray(), TOL);
        assertArrayEquals(new int[] {2, 3, 1}, scaler.transform(windows).shape());
    }

    @Test
    void inverseColumnsFollowsStepMajorTargets() {
        // Feature 0: mean 1, std 1. Feature 1: mean 20, std 10.
        ZScore scaler = ZScore.fit(Tensor.of(new double[] {0, 10, 2, 30}, 2, 2));
        // Targets [n = 1, H·K = 2·2] with target columns (1, 0).
        Tensor z = Tensor.of(new double[] {1, 1, -1, -1}, 1, 4);

        Tensor data = scaler.inverseTransformColumns(z, 1, 0);
        assertArrayEquals(new double[] {30, 2, 10, 0}, data.toArray(), TOL);
        assertArrayEquals(z.toArray(), scaler.transformColumns(data, 1, 0).toArray(), TOL);
        assertArrayEquals(new double[] {30, 10, 50}, scaler.inverseTransformColumns(Tensor.vector(1, -1, 3), 1).toArray(), TOL);
    }

    @Test
    void columnsArgumentsValidated() {
        ZScore scaler = ZScore.fit(Tensor.of(new double[] {0, 10, 2, 30}, 2, 2));

        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> scaler.inverseTransformColumns(Tensor.zeros(1, 2), 0, 2));
        assertTrue(range.getMessage().contains("feature index 2 is out of range"), range.getMessage());
        IllegalArgumentException multiple = assertThrows(IllegalArgumentException.class,
                () -> scaler.inverseTransformColumns(Tensor.zeros(1, 3), 0, 1));
        assertTrue(multiple.getMessage().contains("must be a multiple of 2"), multiple.getMessage());
        assertThrows(IllegalArgumentException.class, () -> scaler.transformColumns(Tensor.zeros(1, 2)));
    }

    @Test
    void fitOnSplitIgnoresLaterParts() {
        Tensor series = Tensor.vector(1, 2, 3, 4, 1000, -1000);
        TimeSplit split = TimeSplit.split(series, 4.0 / 6, 1.0 / 6);
        ZScore scaler = ZScore.fit(series, split);

        assertEquals(4, split.trainEnd());
        assertEquals(2.5, scaler.mean()[0], TOL);
        assertEquals(Math.sqrt(1.25), scaler.std()[0], TOL);
    }

    @Test
    void inputsAreNotModified() {
        Tensor data = Tensor.of(new double[] {1, 10, 3, 30}, 2, 2);
        double[] before = data.toArray();
        ZScore scaler = ZScore.fit(data);

        scaler.transform(data);
        scaler.inverseTransform(data);

        assertArrayEquals(before, data.toArray());
    }

    @Test
    void transformsMatchFiniteDifferences() {
        Rng rng = new Rng(11);
        ZScore scaler = ZScore.fit(Tensor.randn(rng, 8, 3).mul(4.0).add(2.0));
        Tensor x = Tensor.randn(rng, 2, 4, 3).requireGrad(true);
        Tensor targets = Tensor.randn(rng, 2, 6).requireGrad(true);

        GradientCheck.assertGradients(in -> scaler.transform(in[0]).square(), GRADIENT_TOL, x);
        GradientCheck.assertGradients(in -> scaler.inverseTransform(in[0]).square(), GRADIENT_TOL, x);
        GradientCheck.assertGradients(in -> scaler.inverseTransformColumns(in[0], 2, 0).square(), GRADIENT_TOL, targets);
        assertFalse(scaler.transform(x.detach()).requiresGrad());
    }
}
