package dev.enn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.layer.Layer;
import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StateAutoencoderTest {
    private static final double GRADIENT_TOLERANCE = 1e-6;

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            StateAutoencoder autoencoder = new StateAutoencoder(3, 4, rng);
            // a positive encoder bias keeps most bottleneck units active, away from the ReLU kink
            java.util.Arrays.fill(autoencoder.encoder().bias().dataView(), 0.5);
            return autoencoder;
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 5, 3);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return inputShape.clone();
        }
    }

    @Test
    void parametersFollowOriginalNames() {
        StateAutoencoder autoencoder = new StateAutoencoder(4, 3, new Rng(1));

        assertEquals(List.of("encoder.weight", "encoder.bias", "decoder.weight", "decoder.bias"),
                List.copyOf(autoencoder.namedParameters().keySet()));
        assertArrayEquals(new int[] {3, 4}, autoencoder.encoder().weight().shape());
        assertArrayEquals(new int[] {4, 3}, autoencoder.decoder().weight().shape());
        assertEquals((4 + 1) * 3 + (3 + 1) * 4, autoencoder.parameterCount());
    }

    @Test
    void outputIsReluOfDecodedReluCode() {
        StateAutoencoder autoencoder = new StateAutoencoder(4, 3, new Rng(2));
        Tensor x = Tensor.randn(new Rng(3), 5, 4);

        Tensor y = autoencoder.forward(x);

        Tensor code = x.linear(autoencoder.encoder().weight(), autoencoder.encoder().bias()).relu();
        Tensor expected = code.linear(autoencoder.decoder().weight(), autoencoder.decoder().bias()).relu();
        assertArrayEquals(expected.dataView(), y.dataView());
        for (double v : y.dataView()) {
            assertTrue(v >= 0, "output entries are non-negative, got " + v);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        StateAutoencoder autoencoder = new StateAutoencoder(3, 2, new Rng(4));
        java.util.Arrays.fill(autoencoder.encoder().bias().dataView(), 0.5);
        Tensor x = Tensor.randn(new Rng(5), 4, 3).requireGrad(true);

        GradientCheck.assertGradients(in -> autoencoder.forward(in[0]), GRADIENT_TOLERANCE, x,
                autoencoder.encoder().weight(), autoencoder.encoder().bias(), autoencoder.decoder().weight(),
                autoencoder.decoder().bias());
    }

    @Test
    void sameGeneratorSeedGivesSameWeights() {
        StateAutoencoder first = new StateAutoencoder(3, 2, new Rng(6));
        StateAutoencoder second = new StateAutoencoder(3, 2, new Rng(6));

        for (String name : first.namedParameters().keySet()) {
            assertArrayEquals(first.namedParameters().get(name).dataView(), second.namedParameters().get(name).dataView(),
                    name);
        }
    }
}
