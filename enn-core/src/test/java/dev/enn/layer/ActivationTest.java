package dev.enn.layer;

import static dev.enn.testing.TestTensors.assertClose;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ActivationTest {
    /** Contract for one kind, on inputs at least 0.1 away from 0 so that the ReLU kink is out of reach. */
    abstract static class KindContract extends LayerContractTest {
        abstract Activation.Kind kind();

        @Override
        protected Layer createLayer(Rng rng) {
            return new Activation(kind());
        }

        @Override
        protected Tensor createInput(Rng rng) {
            Tensor x = Tensor.zeros(2, 3, 4);
            double[] d = x.dataView();
            for (int i = 0; i < d.length; i++) {
                double magnitude = rng.uniform(0.1, 3);
                d[i] = rng.nextDouble() < 0.5 ? -magnitude : magnitude;
            }
            return x;
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return inputShape;
        }
    }

    @Nested
    class ReluContract extends KindContract {
        @Override
        Activation.Kind kind() {
            return Activation.Kind.RELU;
        }
    }

    @Nested
    class TanhContract extends KindContract {
        @Override
        Activation.Kind kind() {
            return Activation.Kind.TANH;
        }
    }

    @Nested
    class SigmoidContract extends KindContract {
        @Override
        Activation.Kind kind() {
            return Activation.Kind.SIGMOID;
        }
    }

    @Nested
    class GeluContract extends KindContract {
        @Override
        Activation.Kind kind() {
            return Activation.Kind.GELU;
        }
    }

    @Nested
    class IdentityContract extends KindContract {
        @Override
        Activation.Kind kind() {
            return Activation.Kind.IDENTITY;
        }
    }

    @Test
    void eachKindAppliesItsFunction() {
        Tensor x = Tensor.vector(-1, 0.5, 2);

        assertClose(x.relu(), new Activation(Activation.Kind.RELU).forward(x), 0);
        assertClose(x.tanh(), new Activation(Activation.Kind.TANH).forward(x), 0);
        assertClose(x.sigmoid(), new Activation(Activation.Kind.SIGMOID).forward(x), 0);
        assertClose(x.gelu(), new Activation(Activation.Kind.GELU).forward(x), 0);
        assertSame(x, new Activation(Activation.Kind.IDENTITY).forward(x));
    }

    @Test
    void hasNoParameters() {
        for (Activation.Kind kind : Activation.Kind.values()) {
            assertTrue(new Activation(kind).namedParameters().isEmpty(), kind.toString());
        }
    }

    @Test
    void parsesNamesCaseInsensitively() {
        assertEquals(Activation.Kind.RELU, Activation.of("relu").kind());
        assertEquals(Activation.Kind.GELU, Activation.of("GELU").kind());
        assertEquals(Activation.Kind.IDENTITY, Activation.of("Identity").kind());
    }

    @Test
    void rejectsUnknownName() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> Activation.of("swish"),
                "unknown activation 'swish'", "relu, tanh, sigmoid, gelu, identity");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> Activation.of(null),
                "null", "relu, tanh, sigmoid, gelu, identity");
    }

    @Test
    void rejectsNullKind() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new Activation(null));

        assertTrue(e.getMessage().contains("kind is null"), e.getMessage());
    }
}
