package dev.enn.layer;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Shapes;
import dev.enn.tensor.Tensor;

/**
 * Fully connected layer {@code y = x·Wᵀ + b} over the last axis: {@code [..., in] → [..., out]}.
 * Parameters {@code weight [out, in]} and {@code bias [out]}, both initialised uniformly in
 * ±1/√in as PyTorch does (weight drawn first).
 */
public final class Linear extends AbstractLayer {
    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /** Creates a layer with a bias. */
    public Linear(int inFeatures, int outFeatures, Rng rng) {
        this(inFeatures, outFeatures, true, rng);
    }

    /**
     * Creates a layer.
     *
     * @throws IllegalArgumentException if a size is not positive
     */
    public Linear(int inFeatures, int outFeatures, boolean withBias, Rng rng) {
        Shapes.requirePositive("Linear inFeatures", inFeatures);
        Shapes.requirePositive("Linear outFeatures", outFeatures);
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Init.fanInUniform(Tensor.zeros(outFeatures, inFeatures), inFeatures, rng));
        this.bias = withBias
                ? registerParameter("bias", Init.fanInUniform(Tensor.zeros(outFeatures), inFeatures, rng))
                : null;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.linear(weight, bias);
    }

    /** Returns the weight {@code [out, in]}. */
    public Tensor weight() {
        return weight;
    }

    /** Returns the bias {@code [out]}, or {@code null} for a layer without one. */
    public Tensor bias() {
        return bias;
    }

    /** Returns the input width. */
    public int inFeatures() {
        return inFeatures;
    }

    /** Returns the output width. */
    public int outFeatures() {
        return outFeatures;
    }
}
