package dev.enn.baselines.layers;

import static dev.enn.testing.TestTensors.assertClose;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.layer.Layer;
import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import dev.enn.testing.TestTensors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class Conv1dTest {
    /** Fused and reference kernels differ only in summation order. */
    private static final double KERNEL_TOLERANCE = 1e-12;
    private static final double GRADIENT_TOLERANCE = 1e-6;

    @Test
    void fusedMatchesReferenceOverSizes() {
        int[][] sizes = {
            // batch, in, out, kernel, length
            {1, 1, 1, 1, 1}, {0, 2, 3, 3, 4}, {2, 3, 4, 3, 1}, {2, 3, 2, 5, 2}, {3, 2, 5, 7, 9}, {1, 4, 3, 5, 6},
        };
        for (int[] s : sizes) {
            Conv1d conv = new Conv1d(s[1], s[2], s[3], new Rng(s[4]));
            Tensor input = TestTensors.randn(3, s[0], s[1], s[4]);
            Tensor upstream = TestTensors.randn(4, s[0], s[2], s[4]);

            Tensor fusedInput = input.copy().requireGrad(true);
            Tensor fusedOut = conv.forward(fusedInput);
            fusedOut.backward(upstream);
            Tensor weightGrad = gradOrZeros(conv.weight());
            Tensor biasGrad = gradOrZeros(conv.bias());
            conv.zeroGrad();

            Tensor referenceInput = input.copy().requireGrad(true);
            Tensor referenceOut = conv.forwardReference(referenceInput);
            referenceOut.backward(upstream);

            assertClose(referenceOut.detach(), fusedOut.detach(), KERNEL_TOLERANCE);
            assertClose(gradOrZeros(referenceInput), gradOrZeros(fusedInput), KERNEL_TOLERANCE);
            assertClose(gradOrZeros(conv.weight()), weightGrad, KERNEL_TOLERANCE);
            assertClose(gradOrZeros(conv.bias()), biasGrad, KERNEL_TOLERANCE);
        }
    }

    private static Tensor gradOrZeros(Tensor t) {
        Tensor g = t.grad();
        return g == null ? Tensor.zeros(t.shape()) : g;
    }

    @Test
    void forwardMatchesHandComputedValues() {
        Conv1d conv = new Conv1d(1, 1, 3, new Rng(1));
        System.arraycopy(new double[] {1, 2, 3}, 0, conv.weight().dataView(), 0, 3);
        conv.bias().dataView()[0] = 0.5;

        Tensor y = conv.forward(Tensor.of(new double[] {1, 0, 2, 0}, 1, 1, 4));

        // y[l] = 0.5 + 1·x[l−1] + 2·x[l] + 3·x[l+1], with x = 0 outside [0, 4)
        assertClose(new double[] {2.5, 7.5, 4.5, 2.5}, y, 1e-15);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Conv1d conv = new Conv1d(2, 3, 5, new Rng(2));
        Tensor input = TestTensors.param(5, 2, 2, 4);

        GradientCheck.assertGradients(in -> conv.forward(input), GRADIENT_TOLERANCE, input, conv.weight(), conv.bias());
    }

    @Test
    void initialWeightsLieWithinInverseSqrtFanIn() {
        Conv1d conv = new Conv1d(4, 6, 5, new Rng(3));
        double bound = 1.0 / Math.sqrt(4 * 5);

        assertEquals(6 * 4 * 5 + 6, conv.parameterCount());
        for (Tensor p : conv.parameters()) {
            for (double v : p.dataView()) {
                assertTrue(Math.abs(v) < bound, v + " lies outside ±" + bound);
            }
        }
    }

    @Test
    void rejectsEvenKernelSize() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> new Conv1d(2, 2, 4, new Rng(1)),
                "kernelSize", "odd", "4");
    }

    @Test
    void rejectsWrongChannelCount() {
        Conv1d conv = new Conv1d(3, 2, 3, new Rng(1));

        assertThrowsWithMessage(ShapeMismatchException.class, () -> conv.forward(Tensor.zeros(2, 5, 3)),
                "[2, 5, 3]", "[B, 3, L]", "transpose(1, 2)");
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return new Conv1d(3, 4, 3, rng);
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 3, 5);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return new int[] {inputShape[0], 4, inputShape[2]};
        }
    }
}
