package dev.enn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks how layers register the random generators that checkpoints save. */
class LayerGeneratorsTest {
    private static final class TwoGenerators extends AbstractLayer {
        final Rng first = registerGenerator("first", new Rng(1));

        TwoGenerators() {
            registerChild("drop", new Dropout(0.5, new Rng(2)));
        }

        @Override
        public Tensor forward(Tensor input) {
            return input;
        }
    }

    @Test
    void generatorsUseHierarchicalNames() {
        Dropout dropout = new Dropout(0.2, new Rng(3));
        Sequential model = new Sequential(new Linear(2, 2, new Rng(4)), dropout);

        assertEquals(List.of("1.mask"), List.copyOf(model.namedGenerators().keySet()));
        assertEquals(List.of("first", "drop.mask"), List.copyOf(new TwoGenerators().namedGenerators().keySet()));
    }

    @Test
    void dropoutDrawsFromRegisteredGenerator() {
        Rng rng = new Rng(5);
        Dropout dropout = new Dropout(0.5, rng);

        assertSame(rng, dropout.namedGenerators().get("mask"));
    }

    @Test
    void layerWithoutGeneratorsReturnsEmptyMap() {
        assertTrue(new Linear(2, 2, new Rng(6)).namedGenerators().isEmpty());
    }

    @Test
    void registerGeneratorRejectsTakenName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AbstractLayer() {
            {
                registerParameter("w", Tensor.zeros(1));
                registerGenerator("w", new Rng(7));
            }

            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        });

        assertTrue(e.getMessage().contains("'w' is already registered"), e.getMessage());
    }

    @Test
    void registerGeneratorRejectsNull() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new AbstractLayer() {
            {
                registerGenerator("g", null);
            }

            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        });

        assertTrue(e.getMessage().contains("generator 'g' is null"), e.getMessage());
    }
}
