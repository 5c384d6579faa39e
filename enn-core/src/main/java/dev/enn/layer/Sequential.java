package dev.enn.layer;

import dev.enn.tensor.Tensor;

/** Applies layers in order; child {@code i} is named {@code "i"} in parameter names. */
public final class Sequential extends AbstractLayer {
    private final Layer[] layers;

    /** Chains the given layers. */
    public Sequential(Layer... layers) {
        this.layers = layers.clone();
        for (int i = 0; i < layers.length; i++) {
            registerChild(Integer.toString(i), layers[i]);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Layer layer : layers) {
            x = layer.forward(x);
        }
        return x;
    }
}
