package dev.enn.model;

import dev.enn.layer.AbstractLayer;
import dev.enn.layer.Layer;
import dev.enn.layer.LayerProvider;
import dev.enn.tensor.Tensor;
import java.util.Map;
import java.util.Set;

/**
 * A broken attention provider for tests: its neuron attention drops the last neuron, which a
 * correct provider never does. Registered only on enn-core's test class path.
 */
public final class ShapeChangingAttentionProvider implements LayerProvider {
    static final String ID = "attention.enn.test-drops-a-neuron";

    @Override
    public String artifact() {
        return "dev.enn:enn-core (tests)";
    }

    @Override
    public Set<String> ids() {
        return Set.of(ID);
    }

    @Override
    public Layer create(String id, Map<String, Object> options) {
        return new Modules();
    }

    private static final class DropLastNeuron extends AbstractLayer {
        @Override
        public Tensor forward(Tensor input) {
            return input.slice(1, 0, input.dim(1) - 1);
        }
    }

    private static final class Modules extends AbstractLayer implements EnnAttentionModules {
        private final Layer neuronAttention = registerChild("neuron_attention", new DropLastNeuron());

        @Override
        public Tensor forward(Tensor input) {
            throw new UnsupportedOperationException("the ENN model calls the sub-layers itself");
        }

        @Override
        public Layer neuronAttention() {
            return neuronAttention;
        }

        @Override
        public Layer temporalAttention() {
            return null;
        }

        @Override
        public Layer sparseAttention() {
            return null;
        }

        @Override
        public Layer attentionPooling() {
            return null;
        }
    }
}
