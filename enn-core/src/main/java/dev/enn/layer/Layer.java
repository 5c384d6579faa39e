package dev.enn.layer;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A differentiable building block with named parameters.
 *
 * <p>Parameter names are stable and hierarchical ({@code attention.wq.weight}); model files are
 * keyed by them. A layer in evaluation mode keeps no per-call state in its fields, so one layer
 * can serve concurrent forward passes. Training records gradients and draws dropout masks, so it
 * is single-threaded per layer.
 */
public interface Layer {
    /**
     * Computes the layer's output. Shapes are documented by each implementation.
     *
     * @throws IllegalArgumentException if the input's shape or values do not fit the layer
     */
    Tensor forward(Tensor input);

    /** Returns the trainable parameters by name, in a stable order. */
    Map<String, Tensor> namedParameters();

    /**
     * Returns non-trainable state that a model file must keep (running statistics, persistent
     * memory), by name. Empty by default.
     */
    default Map<String, Tensor> namedBuffers() {
        return Map.of();
    }

    /**
     * Returns the random generators the layer draws from while training (dropout masks), by
     * name, so that a checkpoint can save and restore their states. Empty by default.
     */
    default Map<String, Rng> namedGenerators() {
        return Map.of();
    }

    /** Switches between training mode (dropout active, batch statistics) and evaluation mode. */
    void setTraining(boolean training);

    /** Returns whether the layer is in training mode. */
    boolean isTraining();

    /** Returns the parameters in the order of {@link #namedParameters()}. */
    default List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Returns the total number of trainable scalars. */
    default long parameterCount() {
        long n = 0;
        for (Tensor p : namedParameters().values()) {
            n += p.size();
        }
        return n;
    }

    /** Clears the gradient of every parameter. */
    default void zeroGrad() {
        for (Tensor p : namedParameters().values()) {
            p.zeroGrad();
        }
    }
}
