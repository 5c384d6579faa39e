package dev.enn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Seeded random cases for the split, scale and window pipeline: random series, split fractions,
 * window shapes and target columns.
 */
class WindowPipelinePropertyTest {
    private static final int CASES = 300;
    private static final double ROUND_TRIP_TOL = 1e-12;

    /** One random configuration, drawn from a seed. */
    private record Case(int length, int featureCount, int window, int horizon, int stride, int[] targetColumns,
            double trainFraction, double validationFraction) {
        static Case draw(Rng rng) {
            int featureCount = 1 + rng.nextInt(4);
            int window = 1 + rng.nextInt(8);
            int horizon = 1 + rng.nextInt(4);
            int stride = 1 + rng.nextInt(3);
            int length = 20 * (window + horizon + stride) + rng.nextInt(60);
            int[] columns = new int[1 + rng.nextInt(featureCount)];
            for (int k = 0; k < columns.length; k++) {
                columns[k] = rng.nextInt(featureCount);
            }
            double trainFraction = rng.uniform(0.4, 0.7);
            double validationFraction = rng.uniform(0.1, 0.25);
            return new Case(length, featureCount, window, horizon, stride, columns, trainFraction, validationFraction);
        }

        SlidingWindows windows() {
            return SlidingWindows.of(window, horizon).withStride(stride).withTargetColumns(targetColumns);
        }
    }

    private static Tensor randomSeries(Rng rng, int length, int featureCount) {
        double[] values = new double[length * featureCount];
        for (int f = 0; f < featureCount; f++) {
            double offset = rng.uniform(-1000, 1000);
            double scale = Math.pow(10, rng.uniform(-3, 3));
            for (int t = 0; t < length; t++) {
                values[t * featureCount + f] = offset + scale * rng.nextGaussian();
            }
        }
        return Tensor.of(values, length, featureCount);
    }

    /** Series whose value at [t, f] is t · 16 + f, so each value encodes its time step and feature. */
    private static Tensor indexSeries(int length, int featureCount) {
        double[] values = new double[length * featureCount];
        for (int t = 0; t < length; t++) {
            for (int f = 0; f < featureCount; f++) {
                values[t * featureCount + f] = t * 16 + f;
            }
        }
        return Tensor.of(values, length, featureCount);
    }

    private static double maxAbs(Tensor x) {
        double max = 0;
        for (double v : x.dataView()) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    @Test
    void inverseTransformRestoresWindows() {
        for (int seed = 0; seed < CASES; seed++) {
            Rng rng = new Rng(seed);
            Case c = Case.draw(rng);
            Tensor raw = randomSeries(rng, c.length(), c.featureCount());
            TimeSplit split = TimeSplit.split(raw, c.trainFraction(), c.validationFraction());
            ZScore scaler = ZScore.fit(raw, split);
            SlidingWindows windows = c.windows();

            SplitDatasets scaled = windows.buildSplit(scaler.transform(raw), split);
            SplitDatasets expected = windows.buildSplit(raw, split);
            double tolerance = ROUND_TRIP_TOL * Math.max(1, maxAbs(raw));
            int[] columns = windows.targetColumns(c.featureCount());

            Dataset[] scaledParts = {scaled.train(), scaled.validation(), scaled.test()};
            Dataset[] rawParts = {expected.train(), expected.validation(), expected.test()};
            for (int p = 0; p < 3; p++) {
                Batch z = scaledParts[p].all();
                Batch x = rawParts[p].all();
                String label = "seed " + seed + " " + c + " part " + p;
                assertArrayEquals(x.inputs().toArray(), scaler.inverseTransform(z.inputs()).toArray(), tolerance, label);
                assertArrayEquals(x.targets().toArray(), scaler.inverseTransformColumns(z.targets(), columns).toArray(),
                        tolerance, label);
            }
        }
    }

    @Test
    void trainingStatisticsStandardiseTrainingPart() {
        for (int seed = 0; seed < CASES; seed++) {
            Rng rng = new Rng(seed);
            Case c = Case.draw(rng);
            Tensor raw = randomSeries(rng, c.length(), c.featureCount());
            TimeSplit split = TimeSplit.split(raw, c.trainFraction(), c.validationFraction());
            ZScore scaler = ZScore.fit(raw, split);

            ZScore refit = ZScore.fit(split.train(scaler.transform(raw)));
            for (int f = 0; f < c.featureCount(); f++) {
                assertEquals(0.0, refit.mean()[f], 1e-9, "seed " + seed);
                assertEquals(1.0, refit.std()[f], 1e-9, "seed " + seed);
            }
        }
    }

    @Test
    void windowsMatchTheirDefinition() {
        for (int seed = 0; seed < CASES; seed++) {
            Rng rng = new Rng(seed);
            Case c = Case.draw(rng);
            Tensor series = indexSeries(c.length(), c.featureCount());
            SlidingWindows windows = c.windows();
            Batch all = windows.build(series).all();
            int count = (c.length() - c.window() - c.horizon()) / c.stride() + 1;
            int k = c.targetColumns().length;

            assertEquals(count, windows.windowCount(c.length()), "seed " + seed);
            assertArrayEquals(new int[] {count, c.window(), c.featureCount()}, all.inputs().shape(), "seed " + seed);
            assertArrayEquals(new int[] {count, c.horizon() * k}, all.targets().shape(), "seed " + seed);
            for (int i = 0; i < count; i++) {
                int anchor = c.window() + i * c.stride();
                for (int w = 0; w < c.window(); w++) {
                    for (int f = 0; f < c.featureCount(); f++) {
                        assertEquals((anchor - c.window() + w) * 16 + f, all.inputs().get(i, w, f), "seed " + seed);
                    }
                }
                for (int h = 0; h < c.horizon(); h++) {
                    for (int j = 0; j < k; j++) {
                        assertEquals((anchor + h) * 16 + c.targetColumns()[j], all.targets().get(i, h * k + j),
                                "seed " + seed);
                    }
                }
            }
        }
    }

    @Test
    void splitWindowsNeverLeak() {
        for (int seed = 0; seed < CASES; seed++) {
            Rng rng = new Rng(seed);
            Case c = Case.draw(rng);
            Tensor series = indexSeries(c.length(), c.featureCount());
            TimeSplit split = TimeSplit.split(series, c.trainFraction(), c.validationFraction());
            SplitDatasets sets = c.windows().buildSplit(series, split);

            int[][] targetRanges = {
                {0, split.trainEnd()},
                {split.trainEnd(), split.validationEnd()},
                {split.validationEnd(), split.length()},
            };
            Dataset[] parts = {sets.train(), sets.validation(), sets.test()};
            for (int p = 0; p < 3; p++) {
                Batch batch = parts[p].all();
                int start = targetRanges[p][0];
                int end = targetRanges[p][1];
                String label = "seed " + seed + " part " + p + " " + split;

                // Every target lies in the part; every input lies before the part's end.
                for (double value : batch.targets().dataView()) {
                    int step = (int) value / 16;
                    assertTrue(step >= start, label + ": target step " + step);
                    assertTrue(step < end, label + ": target step " + step);
                }
                for (double value : batch.inputs().dataView()) {
                    int step = (int) value / 16;
                    assertTrue(step < end, label + ": input step " + step);
                }

                // The part contains every anchor that fits, starting at max(start, W) and stepping by the stride.
                int first = Math.max(start, c.window());
                int expectedCount = (end - c.horizon() - first) / c.stride() + 1;
                assertEquals(expectedCount, parts[p].size(), label);
                assertEquals(first * 16 + c.targetColumns()[0], batch.targets().get(0, 0), label);
            }
        }
    }
}
