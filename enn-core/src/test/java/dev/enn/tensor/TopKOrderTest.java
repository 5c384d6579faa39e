package dev.enn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code topK} sorts short lines by insertion and long ones with {@code Arrays.sort}; both must
 * give the order of a plain stable sort: descending, NaN first, +0 before −0, ties by lower index.
 */
class TopKOrderTest {
    @Test
    void shortAndLongLinesRankAsAStableSort() {
        Rng rng = new Rng(41);
        double[] pool = {Double.NaN, 0.0, -0.0, 1.0, -1.0, 2.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rng.nextInt(trial % 2 == 0 ? 64 : 150);
            double[] line = new double[n];
            for (int j = 0; j < n; j++) {
                line[j] = rng.nextDouble() < 0.5 ? pool[rng.nextInt(pool.length)] : rng.nextGaussian();
            }
            int k = rng.nextInt(n + 1);
            List<Integer> order = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                order.add(j);
            }
            order.sort(Comparator.comparing((Integer j) -> line[j], (p, q) -> Double.compare(q, p)));
            int[] expected = new int[k];
            for (int j = 0; j < k; j++) {
                expected[j] = order.get(j);
            }
            // The line goes in as the last axis of [2, n], then as the first axis of [n, 2].
            Tensor rows = Tensor.of(concat(line, line), 2, n);
            assertArrayEquals(concat(expected, expected), rows.topK(k, -1).indices(), "n " + n + ", k " + k);
            double[] columns = new double[2 * n];
            for (int j = 0; j < n; j++) {
                columns[2 * j] = line[j];
                columns[2 * j + 1] = line[j];
            }
            int[] interleaved = new int[2 * k];
            for (int j = 0; j < k; j++) {
                interleaved[2 * j] = expected[j];
                interleaved[2 * j + 1] = expected[j];
            }
            assertArrayEquals(interleaved, Tensor.of(columns, n, 2).topK(k, 0).indices(), "axis 0, n " + n);
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
