package dev.enn.baselines.layers;

import static dev.enn.testing.TestTensors.assertBitIdentical;
import static dev.enn.testing.TestTensors.assertClose;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.layer.Layer;
import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import dev.enn.testing.TestTensors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LstmTest {
    /** Fused and reference kernels differ only in summation order. */
    private static final double KERNEL_TOLERANCE = 1e-12;
    private static final double GRADIENT_TOLERANCE = 1e-6;

    private static Lstm lstm(int in, int hidden, int layers, long seed) {
        Rng rng = new Rng(seed);
        return new Lstm(in, hidden, layers, 0.0, rng.fork("init"), rng.fork("dropout"));
    }

    @Test
    void fusedMatchesReferenceOverSizes() {
        int[][] sizes = {
            // batch, steps, in, hidden, layers
            {1, 1, 1, 1, 1}, {0, 3, 2, 3, 1}, {2, 1, 3, 4, 2}, {3, 5, 2, 3, 2}, {2, 7, 4, 5, 3}, {1, 4, 1, 8, 1},
        };
        for (int[] s : sizes) {
            Lstm layer = lstm(s[2], s[3], s[4], 11 + s[0]);
            Tensor input = TestTensors.randn(3, s[0], s[1], s[2]);
            Tensor upstream = TestTensors.randn(4, s[0], s[1], s[3]);

            Tensor fusedInput = input.copy().requireGrad(true);
            layer.forward(fusedInput).backward(upstream);
            Tensor fusedOut = layer.forward(input);
            Map<String, Tensor> fusedGrads = gradients(layer);
            layer.zeroGrad();

            Tensor referenceInput = input.copy().requireGrad(true);
            layer.forwardReference(referenceInput).backward(upstream);
            Tensor referenceOut = layer.forwardReference(input);

            assertClose(referenceOut, fusedOut, KERNEL_TOLERANCE);
            if (s[0] > 0) {
                assertClose(referenceInput.grad(), fusedInput.grad(), KERNEL_TOLERANCE);
                for (Map.Entry<String, Tensor> p : layer.namedParameters().entrySet()) {
                    assertClose(p.getValue().grad(), fusedGrads.get(p.getKey()), KERNEL_TOLERANCE);
                }
            }
        }
    }

    private static Map<String, Tensor> gradients(Layer layer) {
        Map<String, Tensor> grads = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Tensor> p : layer.namedParameters().entrySet()) {
            Tensor g = p.getValue().grad();
            grads.put(p.getKey(), g == null ? Tensor.zeros(p.getValue().shape()) : g);
        }
        return grads;
    }

    @Test
    void singleStepCellMatchesFiniteDifferences() {
        Lstm layer = lstm(3, 4, 1, 5);
        Tensor input = TestTensors.param(6, 2, 1, 3);
        Tensor[] checked = concat(input, layer.parameters());

        GradientCheck.assertGradients(in -> layer.forward(input), GRADIENT_TOLERANCE, checked);
    }

    @Test
    void stackMatchesFiniteDifferences() {
        Lstm layer = lstm(2, 3, 2, 7);
        Tensor input = TestTensors.param(8, 2, 4, 2);
        Tensor[] checked = concat(input, layer.parameters());

        GradientCheck.assertGradients(in -> layer.forward(input), GRADIENT_TOLERANCE, checked);
    }

    private static Tensor[] concat(Tensor first, List<Tensor> rest) {
        Tensor[] all = new Tensor[rest.size() + 1];
        all[0] = first;
        for (int i = 0; i < rest.size(); i++) {
            all[i + 1] = rest.get(i);
        }
        return all;
    }

    @Test
    void parametersHavePyTorchNamesAndShapes() {
        Lstm layer = lstm(3, 48, 2, 1);
        Map<String, Tensor> p = layer.namedParameters();

        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1"), List.copyOf(p.keySet()));
        assertEquals(List.of(192, 3), List.of(p.get("weight_ih_l0").dim(0), p.get("weight_ih_l0").dim(1)));
        assertEquals(List.of(192, 48), List.of(p.get("weight_ih_l1").dim(0), p.get("weight_ih_l1").dim(1)));
        assertEquals(10_176 + 18_816, layer.parameterCount());
    }

    @Test
    void initialWeightsLieWithinInverseSqrtHidden() {
        Lstm layer = lstm(3, 16, 2, 2);
        double bound = 1.0 / Math.sqrt(16);

        for (Map.Entry<String, Tensor> p : layer.namedParameters().entrySet()) {
            for (double v : p.getValue().dataView()) {
                assertTrue(Math.abs(v) < bound, p.getKey() + " has " + v + " outside ±" + bound);
            }
        }
    }

    @Test
    void interLayerDropoutActsOnlyInTraining() {
        Rng rng = new Rng(9);
        Lstm layer = new Lstm(2, 6, 2, 0.5, rng.fork("init"), rng.fork("dropout"));
        Tensor input = TestTensors.randn(10, 3, 4, 2);
        Lstm noDropout = new Lstm(2, 6, 2, 0.0, new Rng(9).fork("init"), new Rng(9).fork("dropout"));

        Tensor trained = layer.forward(input);
        layer.setTraining(false);
        Tensor evaluated = layer.forward(input);

        assertBitIdentical(noDropout.forward(input), evaluated);
        assertFalse(java.util.Arrays.equals(evaluated.dataView(), trained.dataView()), "dropout changed nothing in training");
    }

    @Test
    void interLayerDropoutOfOneFeedsZeros() {
        Rng rng = new Rng(14);
        Lstm layer = new Lstm(2, 3, 2, 1.0, rng.fork("init"), rng.fork("dropout"));
        Tensor input = TestTensors.param(15, 2, 4, 2);

        Tensor y = layer.forward(input);
        y.sum().backward();

        // the top layer sees only zeros, so its output does not depend on the input
        Map<String, Tensor> p = layer.namedParameters();
        Tensor expected = LstmKernels.reference(Tensor.zeros(2, 4, 3), p.get("weight_ih_l1"), p.get("weight_hh_l1"),
                p.get("bias_ih_l1"), p.get("bias_hh_l1"));
        assertClose(expected.detach(), y.detach(), KERNEL_TOLERANCE);
        assertClose(new double[2 * 4 * 2], input.grad(), 0);
        TestTensors.assertAllFinite(p.get("weight_ih_l0").grad());
    }

    @Test
    void singleLayerAppliesNoDropout() {
        Rng rng = new Rng(12);
        Lstm layer = new Lstm(2, 5, 1, 1.0, rng.fork("init"), rng.fork("dropout"));
        Tensor input = TestTensors.randn(13, 2, 3, 2);

        Tensor trained = layer.forward(input);
        layer.setTraining(false);

        assertBitIdentical(layer.forward(input), trained);
    }

    @Test
    void rejectsWrongFeatureCount() {
        Lstm layer = lstm(3, 4, 1, 1);

        assertThrowsWithMessage(ShapeMismatchException.class, () -> layer.forward(Tensor.zeros(2, 5, 4)),
                "[2, 5, 4]", "[B, T, 3]", "batch-first");
        assertThrowsWithMessage(ShapeMismatchException.class, () -> layer.forward(Tensor.zeros(2, 3)), "[2, 3]");
    }

    @Test
    void rejectsInvalidConstruction() {
        Rng rng = new Rng(1);
        assertThrowsWithMessage(IllegalArgumentException.class, () -> new Lstm(0, 4, 1, 0, rng, rng), "inputSize", "0");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> new Lstm(2, 4, 1, 1.5, rng, rng), "dropout", "1.5");
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return new Lstm(3, 4, 2, 0.0, rng.fork("init"), rng.fork("dropout"));
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 3, 3);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return new int[] {inputShape[0], inputShape[1], 4};
        }
    }
}
