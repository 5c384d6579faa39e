package dev.enn.layer;

import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Shapes;
import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * Layer normalisation over the last axis, {@code [..., D] → [..., D]}, with the biased variance
 * computed in two passes. Parameters {@code weight [D]} (γ, initially 1) and {@code bias [D]}
 * (β, initially 0); ε defaults to 1e-5 as in PyTorch.
 */
public final class LayerNorm extends AbstractLayer {
    /** PyTorch's default ε. */
    public static final double DEFAULT_EPS = 1e-5;

    private final int features;
    private final Tensor weight;
    private final Tensor bias;
    private final double eps;

    /** Creates the layer with ε = 1e-5. */
    public LayerNorm(int features) {
        this(features, DEFAULT_EPS);
    }

    /**
     * Creates the layer.
     *
     * @throws IllegalArgumentException if {@code features} is not positive or {@code eps} not positive
     */
    public LayerNorm(int features, double eps) {
        Shapes.requirePositive("LayerNorm features", features);
        if (!(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm eps must be positive, got " + eps);
        }
        this.features = features;
        this.eps = eps;
        this.weight = registerParameter("weight", Tensor.ones(features));
        this.bias = registerParameter("bias", Tensor.zeros(features));
    }

    /**
     * Normalises {@code input [..., D]} over its last axis.
     *
     * @throws ShapeMismatchException if the last axis is not the layer's feature count
     */
    @Override
    public Tensor forward(Tensor input) {
        int[] shape = input.shape();
        if (shape.length == 0 || shape[shape.length - 1] != features) {
            int[] expected = shape.length == 0 ? new int[] {features} : shape.clone();
            expected[expected.length - 1] = features;
            throw new ShapeMismatchException("LayerNorm: input has shape " + Arrays.toString(shape)
                    + " but the layer normalises " + features + " features on the last axis (got "
                    + (shape.length == 0 ? "a scalar" : shape[shape.length - 1])
                    + "); inputs are batch-first [B, F] or [B, T, F]", expected, shape);
        }
        return input.layerNorm(weight, bias, eps);
    }
}
