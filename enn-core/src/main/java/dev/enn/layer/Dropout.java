package dev.enn.layer;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.util.Objects;

/**
 * Inverted dropout: in training mode each element is zeroed with probability {@code p} and the
 * rest are scaled by 1/(1−p); with {@code p = 1} every output and gradient is 0. Identity in
 * evaluation mode, where it draws nothing from its generator.
 */
public final class Dropout extends AbstractLayer {
    private final double p;
    private final Rng rng;

    /**
     * Creates the layer.
     *
     * @param p drop probability in [0, 1]
     * @param rng generator of the masks; used only in training mode
     * @throws IllegalArgumentException if {@code p} lies outside [0, 1]
     * @throws NullPointerException if {@code rng} is null
     */
    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout probability p = " + p + " must lie in [0, 1]");
        }
        Objects.requireNonNull(rng, "Dropout: rng is null; pass a generator for the masks, e.g. rng.fork(\"dropout\")");
        this.p = p;
        this.rng = registerGenerator("mask", rng);
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.dropout(p, isTraining(), rng);
    }

    /** Returns the drop probability. */
    public double p() {
        return p;
    }
}
