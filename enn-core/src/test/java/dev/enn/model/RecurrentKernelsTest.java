package dev.enn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class RecurrentKernelsTest {
    private static final double GRADIENT_TOLERANCE = 1e-7;
    /** The fused and the composed sum add the same terms in the same order. */
    private static final double ROUNDING_TOLERANCE = 1e-15;

    @Test
    void weightedSumMatchesReferenceOverSizes() {
        Rng rng = new Rng(3);
        for (int parts = 1; parts <= 4; parts++) {
            for (int size : new int[] {0, 1, 7}) {
                Tensor[] inputs = new Tensor[parts];
                double[] coefficients = new double[parts];
                for (int j = 0; j < parts; j++) {
                    inputs[j] = Tensor.randn(rng, 2, size, 3);
                    coefficients[j] = rng.nextGaussian();
                }
                double[] fused = RecurrentKernels.weightedSum(inputs, coefficients).toArray();
                double[] composed = RecurrentKernels.weightedSumReference(inputs, coefficients).toArray();
                assertArrayEquals(composed, fused, ROUNDING_TOLERANCE);
            }
        }
    }

    @Test
    void weightedSumBackwardMatchesFiniteDifferences() {
        Rng rng = new Rng(4);
        Tensor a = Tensor.randn(rng, 2, 3, 2).requireGrad(true);
        Tensor b = Tensor.randn(rng, 2, 3, 2).requireGrad(true);
        Tensor c = Tensor.randn(rng, 2, 3, 2).requireGrad(true);
        double[] coefficients = {1.0, 0.7, -0.2};
        GradientCheck.assertGradients(in -> RecurrentKernels.weightedSum(in, coefficients).square().sum(),
                GRADIENT_TOLERANCE, a, b, c);
    }

    @Test
    void weightedSumRejectsMismatchedParts() {
        Tensor[] parts = {Tensor.zeros(2, 3), Tensor.zeros(3, 2)};
        assertThrows(ShapeMismatchException.class, () -> RecurrentKernels.weightedSum(parts, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> RecurrentKernels.weightedSum(new Tensor[] {Tensor.zeros(2)}, new double[] {1, 2}));
    }

    @Test
    void softThresholdShrinksTowardsZero() {
        Tensor x = Tensor.vector(-2.0, -0.5, 0.0, 0.3, 1.5);
        assertArrayEquals(new double[] {-1.5, 0.0, 0.0, 0.0, 1.0}, RecurrentKernels.softThreshold(x, 0.5).toArray());
        assertSame(x, RecurrentKernels.softThreshold(x, 0.0));
    }

    @Test
    void softThresholdBackwardMatchesFiniteDifferences() {
        // Values at least 0.05 away from ±τ, where the function has no kink.
        Tensor x = Tensor.vector(-1.2, -0.1, 0.05, 0.6, 2.0, -0.7).requireGrad(true);
        GradientCheck.assertGradients(in -> RecurrentKernels.softThreshold(in[0], 0.4).square().sum(),
                GRADIENT_TOLERANCE, x);
    }

    @Test
    void topKByMagnitudeKeepsLargestAbsoluteValues() {
        Tensor x = Tensor.of(new double[] {0.1, -0.9, 0.5, 0.2, 0.3, -0.4}, 2, 3);
        assertArrayEquals(new double[] {0.0, -0.9, 0.5, 0.0, 0.3, -0.4},
                RecurrentKernels.topKByMagnitude(x, 2).toArray());
        assertSame(x, RecurrentKernels.topKByMagnitude(x, 3));
    }

    @Test
    void topKByMagnitudeBackwardMatchesFiniteDifferences() {
        Tensor x = Tensor.of(new double[] {0.1, -0.9, 0.5, 0.2, 0.3, -0.4}, 2, 3).requireGrad(true);
        GradientCheck.assertGradients(in -> RecurrentKernels.topKByMagnitude(in[0], 2).square().sum(),
                GRADIENT_TOLERANCE, x);
    }
}
