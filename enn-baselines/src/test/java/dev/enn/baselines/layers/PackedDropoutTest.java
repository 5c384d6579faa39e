package dev.enn.baselines.layers;

import static dev.enn.testing.TestTensors.assertBitIdentical;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.testing.TestTensors;
import org.junit.jupiter.api.Test;

class PackedDropoutTest {
    private static final double GRADIENT_TOLERANCE = 1e-6;
    /** Shapes of the comparisons, including an empty one and sizes around the 64 bits of a mask word. */
    private static final int[][] SHAPES = {{0, 3}, {1}, {63}, {2, 32}, {5, 13}, {3, 4, 20}};

    @Test
    void matchesTensorDropoutBitForBit() {
        for (int[] shape : SHAPES) {
            for (double p : new double[] {0.1, 0.5, 1.0}) {
                Tensor x = TestTensors.randn(1, shape);
                Tensor upstream = TestTensors.randn(2, shape);
                Rng packedRng = new Rng(3);
                Rng coreRng = new Rng(3);
                Tensor packedInput = x.detach().copy().requireGrad(true);
                Tensor coreInput = x.detach().copy().requireGrad(true);

                Tensor packed = PackedDropout.apply(packedInput, p, true, packedRng);
                packed.backward(upstream);
                Tensor core = coreInput.dropout(p, true, coreRng);
                core.backward(upstream);

                assertBitIdentical(core.detach(), packed.detach());
                assertBitIdentical(coreInput.grad(), packedInput.grad());
                assertEquals(coreRng.nextLong(), packedRng.nextLong(), "generator state after p = " + p);
            }
        }
    }

    @Test
    void identityInEvaluationAndForZero() {
        Tensor x = TestTensors.randn(4, 3, 5);
        Rng rng = new Rng(5);
        long next = new Rng(5).nextLong();

        assertSame(x, PackedDropout.apply(x, 0.5, false, rng));
        assertSame(x, PackedDropout.apply(x, 0.0, true, rng));
        assertSame(x, PackedDropout.apply(x, 0.5, false, null));
        assertEquals(next, rng.nextLong());
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Tensor x = TestTensors.param(6, 3, 7);

        GradientCheck.assertGradients(in -> PackedDropout.apply(in[0], 0.3, true, new Rng(7)), GRADIENT_TOLERANCE, x);
    }

    @Test
    void rejectsProbabilityOutsideUnitRange() {
        Tensor x = TestTensors.randn(8, 4);

        assertThrowsWithMessage(IllegalArgumentException.class, () -> PackedDropout.apply(x, 1.5, true, new Rng(9)),
                "p = 1.5", "[0, 1]");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> PackedDropout.apply(x, Double.NaN, true, new Rng(9)),
                "p = NaN", "[0, 1]");
    }

    @Test
    void rejectsMissingGeneratorInTraining() {
        Tensor x = TestTensors.randn(10, 4);

        assertThrowsWithMessage(IllegalArgumentException.class, () -> PackedDropout.apply(x, 0.5, true, null),
                "p = 0.5", "needs a random generator");
    }
}
