package dev.enn.baselines.layers;

import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DropoutScalesTest {
    @Test
    void scalesMatchTensorDropoutBitForBit() {
        for (double p : new double[] {0.1, 0.5, 0.9, 1.0}) {
            Rng fusedRng = new Rng(3);
            Rng referenceRng = new Rng(3);

            double[] scales = DropoutScales.draw(p, true, fusedRng, 50);
            double[] expected = Tensor.ones(50).dropout(p, true, referenceRng).toArray();

            assertArrayEquals(expected, scales, "scales for p = " + p);
            assertEquals(referenceRng.nextLong(), fusedRng.nextLong(), "generator state after p = " + p);
        }
    }

    @Test
    void identityDrawsNothing() {
        Rng rng = new Rng(4);
        long next = new Rng(4).nextLong();

        assertNull(DropoutScales.draw(0.5, false, rng, 10));
        assertNull(DropoutScales.draw(0.0, true, rng, 10));
        assertNull(DropoutScales.draw(0.5, false, null, 10));
        assertEquals(next, rng.nextLong());
    }

    @Test
    void rejectsMissingGeneratorInTraining() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> DropoutScales.draw(0.5, true, null, 10),
                "p = 0.5", "needs a random generator");
    }
}
