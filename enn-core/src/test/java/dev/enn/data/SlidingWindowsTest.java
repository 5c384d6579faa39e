package dev.enn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SlidingWindowsTest {
    /** Series whose value at time step t is t, so every window shows which indices it took. */
    private static Tensor indexSeries(int length) {
        double[] values = new double[length];
        for (int t = 0; t < length; t++) {
            values[t] = t;
        }
        return Tensor.of(values, length);
    }

    /** Two-feature series: row t is [t, 100 + t]. */
    private static Tensor twoFeatureSeries(int length) {
        double[] values = new double[length * 2];
        for (int t = 0; t < length; t++) {
            values[2 * t] = t;
            values[2 * t + 1] = 100 + t;
        }
        return Tensor.of(values, length, 2);
    }

    @Test
    void nextValueWindows() {
        Dataset set = SlidingWindows.of(2, 1).build(new double[] {0, 1, 2, 3, 4, 5});

        assertEquals(4, set.size());
        assertArrayEquals(new int[] {2, 1}, set.sampleShape());
        assertArrayEquals(new int[] {1}, set.targetShape());
        Batch all = set.all();
        assertArrayEquals(new double[] {0, 1, 1, 2, 2, 3, 3, 4}, all.inputs().toArray());
        assertArrayEquals(new double[] {2, 3, 4, 5}, all.targets().toArray());
        assertArrayEquals(new int[] {4, 2, 1}, all.inputs().shape());
    }

    @Test
    void horizonTwoTargetsNextTwoValues() {
        Batch all = SlidingWindows.of(2, 2).build(indexSeries(6)).all();

        assertArrayEquals(new int[] {3, 2}, all.targets().shape());
        assertArrayEquals(new double[] {2, 3, 3, 4, 4, 5}, all.targets().toArray());
        assertArrayEquals(new double[] {0, 1, 1, 2, 2, 3}, all.inputs().toArray());
    }

    @Test
    void strideSkipsAnchors() {
        SlidingWindows windows = SlidingWindows.of(2, 1).withStride(3);
        Batch all = windows.build(indexSeries(10)).all();

        // Anchors 2, 5, 8: floor((10 - 2 - 1) / 3) + 1 = 3 windows.
        assertEquals(3, windows.windowCount(10));
        assertArrayEquals(new double[] {2, 5, 8}, all.targets().toArray());
        assertArrayEquals(new double[] {0, 1, 3, 4, 6, 7}, all.inputs().toArray());
    }

    @Test
    void multivariateTargetsAreStepMajor() {
        SlidingWindows windows = SlidingWindows.of(2, 2).withTargetColumns(1, 0);
        Batch all = windows.build(twoFeatureSeries(5)).all();

        assertArrayEquals(new int[] {2, 2, 2}, all.inputs().shape());
        assertArrayEquals(new double[] {0, 100, 1, 101, 1, 101, 2, 102}, all.inputs().toArray());
        // Target h·K + k = column c_k at step anchor + h, with columns (1, 0).
        assertArrayEquals(new int[] {2, 4}, all.targets().shape());
        assertArrayEquals(new double[] {102, 2, 103, 3, 103, 3, 104, 4}, all.targets().toArray());
        assertArrayEquals(new int[] {1, 0}, windows.targetColumns(2));
    }

    @Test
    void allColumnsAreTargetsByDefault() {
        Batch all = SlidingWindows.of(1, 1).build(twoFeatureSeries(3)).all();

        assertArrayEquals(new int[] {2, 2}, all.targets().shape());
        assertArrayEquals(new double[] {1, 101, 2, 102}, all.targets().toArray());
        assertArrayEquals(new int[] {0, 1}, SlidingWindows.of(1, 1).targetColumns(2));
    }

    @Test
    void singleTargetColumnOfMultivariate() {
        Batch all = SlidingWindows.of(3, 1).withTargetColumns(1).build(twoFeatureSeries(5)).all();

        assertArrayEquals(new int[] {2, 1}, all.targets().shape());
        assertArrayEquals(new double[] {103, 104}, all.targets().toArray());
    }

    @Test
    void seriesExactlyWindowPlusHorizonGivesOneWindow() {
        Dataset set = SlidingWindows.of(3, 2).build(indexSeries(5));

        assertEquals(1, set.size());
        assertArrayEquals(new double[] {3, 4}, set.all().targets().toArray());
    }

    @Test
    void shortSeriesRejectedWithBothNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlidingWindows.of(3, 2).build(indexSeries(4)));

        assertTrue(e.getMessage().contains("the series has 4 time steps"), e.getMessage());
        assertTrue(e.getMessage().contains("window 3 + horizon 2 needs at least 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(3, 2).windowCount(4));
        assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(1, 1).build(new double[0]));
    }

    @Test
    void invalidConfigurationRejected() {
        IllegalArgumentException window = assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(0, 1));
        assertTrue(window.getMessage().contains("window must be at least 1, got 0"), window.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(1, 0));
        assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(1, 1).withStride(0));
        assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(1, 1).withTargetColumns());
        assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(1, 1).withTargetColumns(-1));
    }

    @Test
    void missingTargetColumnRejected() {
        SlidingWindows windows = SlidingWindows.of(1, 1).withTargetColumns(2);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> windows.build(twoFeatureSeries(4)));
        assertTrue(e.getMessage().contains("target column 2 does not exist in a series with 2 features"), e.getMessage());
    }

    @Test
    void nonFiniteValueRejectedWithIndex() {
        Tensor series = twoFeatureSeries(5);
        series.dataView()[7] = Double.POSITIVE_INFINITY;

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlidingWindows.of(2, 1).build(series));
        assertTrue(e.getMessage().contains("value Infinity at index [3, 1]"), e.getMessage());
    }

    @Test
    void wrongRankRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlidingWindows.of(1, 1).build(Tensor.zeros(4, 2, 1)));

        assertTrue(e.getMessage().contains("[4, 2, 1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(1, 1).build(Tensor.zeros(4, 0)));
    }

    @Test
    void inputIsNotModified() {
        Tensor series = twoFeatureSeries(6);
        double[] before = series.toArray();

        SlidingWindows.of(2, 2).build(series);

        assertArrayEquals(before, series.toArray());
    }

    @Test
    void targetRangeLetsInputsReachBack() {
        Batch all = SlidingWindows.of(3, 1).build(indexSeries(10), 6, 9).all();

        assertArrayEquals(new double[] {6, 7, 8}, all.targets().toArray());
        assertArrayEquals(new double[] {3, 4, 5, 4, 5, 6, 5, 6, 7}, all.inputs().toArray());
    }

    @Test
    void targetRangeBeforeFirstWindowStartsAtWindow() {
        SlidingWindows windows = SlidingWindows.of(3, 1);

        assertEquals(2, windows.windowCount(0, 5));
        assertArrayEquals(new double[] {3, 4}, windows.build(indexSeries(10), 0, 5).all().targets().toArray());
        assertEquals(0, windows.windowCount(0, 3));
    }

    @Test
    void emptyTargetRangeRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlidingWindows.of(3, 2).build(indexSeries(10), 8, 9));

        assertTrue(e.getMessage().contains("no window has all its targets in time steps [8, 9)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(1, 1).build(indexSeries(10), 5, 11));
        assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(1, 1).build(indexSeries(10), 6, 5));
    }

    @Test
    void splitPartsKeepTargetsInside() {
        // L = 20: train [0, 12), validation [12, 16), test [16, 20).
        TimeSplit split = TimeSplit.ofLength(20, 0.6, 0.2);
        SplitDatasets sets = SlidingWindows.of(3, 2).buildSplit(indexSeries(20), split);

        // Training anchors 3..10: inputs and targets stay below 12.
        assertArrayEquals(new double[] {3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11},
                sets.train().all().targets().toArray());
        // Validation anchors 12..14: inputs 9..13 reach into training, targets 12..15.
        Batch validation = sets.validation().all();
        assertArrayEquals(new double[] {12, 13, 13, 14, 14, 15}, validation.targets().toArray());
        assertArrayEquals(new double[] {9, 10, 11, 10, 11, 12, 11, 12, 13}, validation.inputs().toArray());
        // Test anchors 16..18.
        assertArrayEquals(new double[] {16, 17, 17, 18, 18, 19}, sets.test().all().targets().toArray());
    }

    @Test
    void splitPartMethodsMatchBuildSplit() {
        Tensor series = twoFeatureSeries(30);
        TimeSplit split = TimeSplit.split(series, 0.5, 0.25);
        SlidingWindows windows = SlidingWindows.of(4, 1).withStride(2).withTargetColumns(1);
        SplitDatasets sets = windows.buildSplit(series, split);

        assertArrayEquals(windows.train(series, split).all().targets().toArray(), sets.train().all().targets().toArray());
        assertArrayEquals(windows.validation(series, split).all().inputs().toArray(),
                sets.validation().all().inputs().toArray());
        assertArrayEquals(windows.test(series, split).all().targets().toArray(), sets.test().all().targets().toArray());
    }

    @Test
    void splitPartWithoutWindowRejected() {
        TimeSplit split = TimeSplit.ofLength(20, 0.8, 0.1);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlidingWindows.of(3, 3).buildSplit(indexSeries(20), split));
        assertTrue(e.getMessage().contains("the validation part, time steps [16, 18), contains no complete window"),
                e.getMessage());
    }

    @Test
    void emptyTestPartRejected() {
        TimeSplit split = TimeSplit.ofLength(20, 0.8, 0.2);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlidingWindows.of(3, 1).test(indexSeries(20), split));
        assertTrue(e.getMessage().contains("the test part, time steps [20, 20)"), e.getMessage());
    }

    @Test
    void splitOfOtherLengthRejected() {
        TimeSplit split = TimeSplit.ofLength(20, 0.6, 0.2);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlidingWindows.of(3, 1).buildSplit(indexSeries(21), split));
        assertTrue(e.getMessage().contains("[21]"), e.getMessage());
        assertTrue(e.getMessage().contains("made for 20 time steps"), e.getMessage());
    }
}
