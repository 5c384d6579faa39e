package dev.enn.bench;

import dev.enn.data.Dataset;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;

/**
 * Seeded versions of the three synthetic data sets of the original benchmark. The formulas are
 * the original's, but every draw comes from the {@link Rng} passed in, so the same seed gives the
 * same bits. Inputs are {@code [n, T, F]}.
 */
public final class SyntheticData {
    /** Standard deviation of the noise of {@link #regression}, the original's default. */
    public static final double REGRESSION_NOISE = 0.1;
    /** Steps back from the end that the delay task must recall, the original's default. */
    public static final int DEFAULT_DELAY = 5;

    private SyntheticData() {
    }

    /**
     * Generates the regression set: with {@code t_k = 4πk/(T−1)} (0 when T = 1) and
     * {@code base(t) = sin t + 0.3·sin(3t + π/4)}, every feature of sample i at step k is
     * {@code base(t_k) + noise·ε_ik}, where one ε ~ N(0, 1) per (i, k) is shared by all features.
     * The target is {@code F·v + 0.1·F·v²} with {@code v = x[i, T−1, 0]}.
     *
     * <p>NOTE: the target depends only on the last step, and an affine function of it reaches an
     * MSE of about {@code 0.02·F²·noise⁴} (1.8e-5 for F = 3), so a low score here says little about
     * sequence modelling.
     *
     * @return inputs {@code [n, T, F]}, targets {@code [n, 1]}
     * @throws IllegalArgumentException if n, T or F is below 1
     */
    public static Dataset regression(Rng rng, int samples, int steps, int features, double noise) {
        requireSizes(samples, steps, features);
        double[] x = new double[samples * steps * features];
        double[] y = new double[samples];
        for (int i = 0; i < samples; i++) {
            for (int k = 0; k < steps; k++) {
                double t = steps == 1 ? 0 : 4 * Math.PI * k / (steps - 1);
                double value = Math.sin(t) + 0.3 * Math.sin(3 * t + Math.PI / 4) + noise * rng.nextGaussian();
                int offset = (i * steps + k) * features;
                for (int f = 0; f < features; f++) {
                    x[offset + f] = value;
                }
            }
            double last = x[(i * steps + steps - 1) * features];
            y[i] = features * last + 0.1 * features * last * last;
        }
        return new Dataset(Tensor.of(x, samples, steps, features), Tensor.of(y, samples, 1));
    }

    /**
     * Generates the two-class set: inputs N(0, 1), labels uniform in {0, 1}. Label 0 adds a ramp
     * rising from −1 to +1 over the T steps to feature 0, label 1 the falling ramp.
     *
     * @return inputs {@code [n, T, F]}, class indices {@code [n]}
     * @throws IllegalArgumentException if n, T or F is below 1
     */
    public static Dataset classification(Rng rng, int samples, int steps, int features) {
        requireSizes(samples, steps, features);
        double[] x = gaussian(rng, samples * steps * features);
        double[] labels = new double[samples];
        for (int i = 0; i < samples; i++) {
            int label = rng.nextInt(2);
            labels[i] = label;
            for (int k = 0; k < steps; k++) {
                double ramp = steps == 1 ? -1 : -1 + 2.0 * k / (steps - 1);
                x[(i * steps + k) * features] += label == 0 ? ramp : -ramp;
            }
        }
        return new Dataset(Tensor.of(x, samples, steps, features), Tensor.of(labels, samples));
    }

    /**
     * Generates the delay (memory) task: inputs N(0, 1), target {@code x[i, max(0, T − delay), :]},
     * every feature of one earlier step.
     *
     * @return inputs {@code [n, T, F]}, targets {@code [n, F]}
     * @throws IllegalArgumentException if n, T, F or the delay is below 1
     */
    public static Dataset delay(Rng rng, int samples, int steps, int features, int delay) {
        requireSizes(samples, steps, features);
        if (delay < 1) {
            throw new IllegalArgumentException("SyntheticData.delay: delay must be at least 1, got " + delay);
        }
        double[] x = gaussian(rng, samples * steps * features);
        double[] y = new double[samples * features];
        int step = Math.max(0, steps - delay);
        for (int i = 0; i < samples; i++) {
            System.arraycopy(x, (i * steps + step) * features, y, i * features, features);
        }
        return new Dataset(Tensor.of(x, samples, steps, features), Tensor.of(y, samples, features));
    }

    private static double[] gaussian(Rng rng, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = rng.nextGaussian();
        }
        return values;
    }

    private static void requireSizes(int samples, int steps, int features) {
        if (samples < 1 || steps < 1 || features < 1) {
            throw new IllegalArgumentException("SyntheticData: samples, steps and features must be at least 1, got "
                    + samples + ", " + steps + ", " + features);
        }
    }
}
