package dev.enn.baselines.layers;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;

/**
 * Inverted dropout for the baseline models, with the results of {@link Tensor#dropout} bit for
 * bit: it consumes the same draws from the same generator, drops the same elements and gives the
 * same values and gradients. It is faster because it keeps the mask as one bit per element and
 * selects the scale without a branch, where {@link Tensor#dropout} stores a scale per element
 * and branches on every draw.
 */
public final class PackedDropout {
    private PackedDropout() {
    }

    /**
     * Applies dropout with probability p: in training mode each element is zeroed with
     * probability p and the rest are scaled by 1/(1 − p). Returns {@code input} itself in
     * evaluation mode or for p = 0, without drawing.
     *
     * @param input any shape
     * @param rng generator of the mask; unused, and may be null, when dropout is the identity
     * @return a tensor of the input's shape
     * @throws IllegalArgumentException if p lies outside [0, 1], or if dropout is active and
     *     {@code rng} is null
     */
    public static Tensor apply(Tensor input, double p, boolean training, Rng rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout: probability p = " + p + " must lie in [0, 1]; pass the chance of dropping an element, such as 0.1");
        }
        DropoutMask mask = DropoutMask.draw(p, training, rng, input.size());
        return mask == null ? input : mask.apply(input);
    }
}
