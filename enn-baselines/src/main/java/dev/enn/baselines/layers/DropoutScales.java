package dev.enn.baselines.layers;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;

/**
 * Inverted-dropout masks for the fused kernels, drawn exactly as {@link Tensor#dropout} draws
 * them, so that a fused op and the composed ops it replaces consume the same numbers from the
 * same generator and give the same masks.
 */
final class DropoutScales {
    private DropoutScales() {
    }

    /**
     * Draws the scale of each of {@code size} elements in row-major order: 0 with probability p,
     * else 1/(1 − p). Returns {@code null} when dropout is the identity (evaluation mode or
     * p = 0), and zeros without drawing anything when p = 1.
     *
     * @throws IllegalArgumentException if dropout is active and {@code rng} is null
     */
    static double[] draw(double p, boolean training, Rng rng, int size) {
        if (!training || p == 0) {
            return null;
        }
        if (rng == null) {
            throw new IllegalArgumentException("dropout: training mode with p = " + p
                    + " needs a random generator, got null; pass an Rng, or training = false for evaluation");
        }
        double[] scales = new double[size];
        if (p < 1) {
            double keep = 1.0 / (1.0 - p);
            for (int i = 0; i < size; i++) {
                scales[i] = rng.nextDouble() < p ? 0.0 : keep;
            }
        }
        return scales;
    }
}
