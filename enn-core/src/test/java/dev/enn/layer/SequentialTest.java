package dev.enn.layer;

import static dev.enn.testing.TestTensors.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SequentialTest {
    /** Linear → tanh → LayerNorm → Linear, with every generator forked from one seed. */
    private static Sequential smallNetwork(Rng rng) {
        return new Sequential(new Linear(4, 6, rng.fork("0")), new Activation(Activation.Kind.TANH),
                new LayerNorm(6), new Linear(6, 2, rng.fork("3")));
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return smallNetwork(rng);
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 3, 5, 4);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return new int[] {inputShape[0], inputShape[1], 2};
        }
    }

    @Nested
    class WithDropoutInEvalContract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return new Sequential(new Linear(4, 6, rng.fork("0")), new Dropout(0.5, rng.fork("1")),
                    new Linear(6, 2, rng.fork("2")));
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 3, 4);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return new int[] {inputShape[0], 2};
        }

        @Override
        protected boolean checkInTrainingMode() {
            return false;
        }
    }

    @Test
    void forwardComposesLayersInOrder() {
        Sequential network = smallNetwork(new Rng(1));
        List<Layer> layers = List.copyOf(network.children().values());
        Tensor x = Tensor.randn(new Rng(2), 2, 4);

        Tensor expected = x;
        for (Layer layer : layers) {
            expected = layer.forward(expected);
        }

        assertBitIdentical(expected, network.forward(x));
    }

    @Test
    void namesParametersByPosition() {
        Sequential network = smallNetwork(new Rng(3));

        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "3.weight", "3.bias"),
                List.copyOf(network.namedParameters().keySet()));
        assertEquals(4 * 6 + 6 + 6 + 6 + 6 * 2 + 2, network.parameterCount());
    }

    @Test
    void nestedSequentialNamesAreHierarchical() {
        Sequential inner = new Sequential(new Linear(2, 2, new Rng(4)));
        Sequential outer = new Sequential(new Activation(Activation.Kind.RELU), inner);

        assertEquals(List.of("1.0.weight", "1.0.bias"), List.copyOf(outer.namedParameters().keySet()));
    }

    @Test
    void setTrainingReachesEveryChild() {
        Dropout dropout = new Dropout(0.5, new Rng(5));
        Sequential network = new Sequential(new Linear(2, 2, new Rng(6)), new Sequential(dropout));

        network.setTraining(false);

        assertFalse(network.isTraining());
        assertFalse(dropout.isTraining());
        network.setTraining(true);
        assertTrue(dropout.isTraining());
    }

    @Test
    void zeroGradClearsEveryParameter() {
        Sequential network = smallNetwork(new Rng(7));
        network.forward(Tensor.randn(new Rng(8), 2, 4)).sum().backward();

        network.zeroGrad();

        for (Tensor p : network.parameters()) {
            assertEquals(null, p.gradView());
        }
    }

    @Test
    void emptySequentialIsIdentity() {
        Tensor x = Tensor.vector(1, 2);

        assertSame(x, new Sequential().forward(x));
        assertTrue(new Sequential().namedParameters().isEmpty());
    }
}
