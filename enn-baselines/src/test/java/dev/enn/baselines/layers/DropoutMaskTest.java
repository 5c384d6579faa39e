package dev.enn.baselines.layers;

import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DropoutMaskTest {
    @Test
    void scalesMatchTensorDropoutBitForBit() {
        // sizes around the 64 bits of a mask word; 2⁻⁵³ and 1 − 2⁻⁵³ lie exactly on a threshold
        for (int size : new int[] {0, 1, 63, 64, 65, 200}) {
            for (double p : new double[] {0x1.0p-53, 0.1, 0.5, 0.9, 1 - 0x1.0p-53, 1.0}) {
                Rng fusedRng = new Rng(3);
                Rng referenceRng = new Rng(3);

                DropoutMask mask = DropoutMask.draw(p, true, fusedRng, size);
                double[] expected = Tensor.ones(size).dropout(p, true, referenceRng).toArray();

                double[] scales = new double[size];
                for (int i = 0; i < size; i++) {
                    scales[i] = mask.scale(i);
                }
                assertArrayEquals(expected, scales, "scales for p = " + p + ", size " + size);
                assertEquals(referenceRng.nextLong(), fusedRng.nextLong(), "generator state after p = " + p + ", size " + size);
            }
        }
    }

    @Test
    void identityDrawsNothing() {
        Rng rng = new Rng(4);
        long next = new Rng(4).nextLong();

        assertNull(DropoutMask.draw(0.5, false, rng, 10));
        assertNull(DropoutMask.draw(0.0, true, rng, 10));
        assertNull(DropoutMask.draw(0.5, false, null, 10));
        assertEquals(next, rng.nextLong());
    }

    @Test
    void rejectsMissingGeneratorInTraining() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> DropoutMask.draw(0.5, true, null, 10),
                "p = 0.5", "needs a random generator");
    }
}
