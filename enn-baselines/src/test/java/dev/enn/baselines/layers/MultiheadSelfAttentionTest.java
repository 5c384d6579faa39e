package dev.enn.baselines.layers;

import static dev.enn.testing.TestTensors.assertAllFinite;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MultiheadSelfAttentionTest {
    private static final double GRADIENT_TOLERANCE = 1e-6;
    /** The fused kernel and the composed reference differ only in summation order. */
    private static final double KERNEL_TOLERANCE = 1e-12;

    private static MultiheadSelfAttention attention(int width, int heads, long seed) {
        Rng rng = new Rng(seed);
        return new MultiheadSelfAttention(width, heads, 0.0, rng.fork("init"), rng.fork("dropout"));
    }

    @Test
    void parametersHavePyTorchNamesAndInit() {
        MultiheadSelfAttention layer = attention(8, 2, 1);
        Map<String, Tensor> p = layer.namedParameters();

        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"), List.copyOf(p.keySet()));
        assertEquals(4 * 64 + 4 * 8, layer.parameterCount());
        assertClose(new double[24], p.get("in_proj_bias"), 0);
        assertClose(new double[8], p.get("out_proj.bias"), 0);
        double xavierBound = Math.sqrt(6.0 / (8 + 24));
        for (double v : p.get("in_proj_weight").dataView()) {
            assertTrue(Math.abs(v) < xavierBound, v + " lies outside ±" + xavierBound);
        }
    }

    @Test
    void paddingOnlySequenceGivesOutputBias() {
        MultiheadSelfAttention layer = attention(4, 2, 2);
        Tensor outBias = layer.namedParameters().get("out_proj.bias");
        System.arraycopy(new double[] {0.1, -0.2, 0.3, -0.4}, 0, outBias.dataView(), 0, 4);
        Tensor input = TestTensors.param(3, 2, 3, 4);
        // sample 0 has its last step padded, sample 1 is padding only
        Tensor padding = Tensor.of(new double[] {0, 0, 1, 1, 1, 1}, 2, 3);

        ScaledDotProductAttention.Result r = layer.attend(input, padding);
        r.output().sum().backward();

        for (int t = 0; t < 3; t++) {
            assertClose(outBias.detach(), r.output().select(0, 1).select(0, t), 1e-15);
        }
        assertClose(new double[3 * 3 * 2], r.weights().select(0, 1), 0);
        assertClose(new double[2 * 3], r.weights().select(0, 0).select(2, 2), 0);
        assertAllFinite(input.grad());
        for (Tensor p : layer.parameters()) {
            assertAllFinite(p.grad());
        }
    }

    @Test
    void backwardWithPaddingMatchesFiniteDifferences() {
        MultiheadSelfAttention layer = attention(4, 2, 4);
        Tensor input = TestTensors.param(5, 2, 3, 4);
        Tensor padding = Tensor.of(new double[] {0, 0, 1, 0, 0, 0}, 2, 3);
        Tensor[] checked = {input, layer.namedParameters().get("in_proj_weight"), layer.namedParameters().get("in_proj_bias"),
            layer.namedParameters().get("out_proj.weight"), layer.namedParameters().get("out_proj.bias")};

        GradientCheck.assertGradients(in -> layer.forward(input, padding), GRADIENT_TOLERANCE, checked);
    }

    @Test
    void equalScoresAverageValuesOverTime() {
        // zero query and key projections give equal scores; identity value and output projections pass values through
        MultiheadSelfAttention layer = attention(4, 2, 6);
        Tensor w = layer.namedParameters().get("in_proj_weight");
        java.util.Arrays.fill(w.dataView(), 0.0);
        for (int i = 0; i < 4; i++) {
            w.dataView()[(8 + i) * 4 + i] = 1.0;
        }
        Tensor out = layer.namedParameters().get("out_proj.weight");
        java.util.Arrays.fill(out.dataView(), 0.0);
        for (int i = 0; i < 4; i++) {
            out.dataView()[i * 4 + i] = 1.0;
        }
        Tensor input = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 4);

        Tensor y = layer.forward(input);

        assertClose(new double[] {3, 4, 5, 6, 3, 4, 5, 6}, y, 1e-15);
    }

    @Test
    void attentionDropoutOfOneGivesOutputBias() {
        Rng rng = new Rng(7);
        MultiheadSelfAttention layer = new MultiheadSelfAttention(4, 2, 1.0, rng.fork("init"), rng.fork("dropout"));
        Tensor outBias = layer.namedParameters().get("out_proj.bias");
        System.arraycopy(new double[] {0.5, -0.5, 0.25, 0}, 0, outBias.dataView(), 0, 4);
        Tensor input = TestTensors.param(8, 2, 3, 4);

        Tensor y = layer.forward(input);
        y.sum().backward();

        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                assertClose(outBias.detach(), y.select(0, b).select(0, t), 0);
            }
        }
        assertClose(new double[2 * 3 * 4], input.grad(), 0);
    }

    @Test
    void fusedMatchesReferenceWithDropoutAndPadding() {
        int[][] sizes = {
            // batch, steps, width, heads
            {1, 1, 1, 1}, {0, 3, 4, 2}, {2, 3, 4, 2}, {3, 5, 8, 2}, {2, 4, 6, 3}, {2, 6, 8, 8},
        };
        for (int[] s : sizes) {
            MultiheadSelfAttention fused = new MultiheadSelfAttention(s[2], s[3], 0.3, new Rng(20).fork("init"), new Rng(20).fork("dropout"));
            MultiheadSelfAttention reference = new MultiheadSelfAttention(s[2], s[3], 0.3, new Rng(20).fork("init"), new Rng(20).fork("dropout"));
            Tensor input = TestTensors.randn(21, s[0], s[1], s[2]);
            Tensor upstream = TestTensors.randn(22, s[0], s[1], s[2]);
            // the last sample is padding only; the others have their last key padded
            double[] padding = new double[s[0] * s[1]];
            for (int b = 0; b < s[0]; b++) {
                for (int t = 0; t < s[1]; t++) {
                    padding[b * s[1] + t] = b == s[0] - 1 || t == s[1] - 1 ? 1 : 0;
                }
            }
            Tensor mask = Tensor.of(padding, s[0], s[1]);

            for (Tensor keyPadding : new Tensor[] {null, mask}) {
                Tensor fusedInput = input.copy().requireGrad(true);
                Tensor fusedOut = fused.forward(fusedInput, keyPadding);
                fusedOut.backward(upstream);
                Tensor referenceInput = input.copy().requireGrad(true);
                Tensor referenceOut = reference.forwardReference(referenceInput, keyPadding);
                referenceOut.backward(upstream);

                String size = java.util.Arrays.toString(s) + (keyPadding == null ? "" : " padded");
                assertClose(referenceOut.detach(), fusedOut.detach(), KERNEL_TOLERANCE);
                if (s[0] > 0) {
                    assertClose(referenceInput.grad(), fusedInput.grad(), KERNEL_TOLERANCE);
                }
                for (Map.Entry<String, Tensor> p : reference.namedParameters().entrySet()) {
                    Tensor fusedGrad = fused.namedParameters().get(p.getKey()).grad();
                    if (p.getValue().grad() != null) {
                        assertClose(p.getValue().grad(), fusedGrad, KERNEL_TOLERANCE);
                    }
                }
                assertEquals(reference.namedGenerators().get("dropout").nextLong(), fused.namedGenerators().get("dropout").nextLong(),
                        "the fused and the reference path drew different counts from the dropout generator for " + size);
                fused.zeroGrad();
                reference.zeroGrad();
            }
        }
    }

    @Test
    void attendWeightsMatchReference() {
        MultiheadSelfAttention layer = attention(8, 2, 23);
        Tensor input = TestTensors.randn(24, 2, 5, 8);
        Tensor padding = Tensor.of(new double[] {0, 0, 0, 1, 1, 0, 0, 0, 0, 0}, 2, 5);

        ScaledDotProductAttention.Result fused = layer.attend(input, padding);
        ScaledDotProductAttention.Result reference = layer.attendReference(input, padding);

        assertClose(reference.weights().detach(), fused.weights(), KERNEL_TOLERANCE);
        assertClose(reference.output().detach(), fused.output().detach(), KERNEL_TOLERANCE);
    }

    @Test
    void fusedBackwardWithDropoutMatchesFiniteDifferences() {
        Rng rng = new Rng(25);
        MultiheadSelfAttention layer = new MultiheadSelfAttention(4, 2, 0.4, rng.fork("init"), rng.fork("dropout"));
        Tensor input = TestTensors.param(26, 2, 3, 4);
        Tensor padding = Tensor.of(new double[] {0, 1, 0, 0, 0, 0}, 2, 3);
        Rng dropoutRng = layer.namedGenerators().get("dropout");
        long[] start = dropoutRng.saveState();
        Tensor[] checked = {input, layer.namedParameters().get("in_proj_weight"), layer.namedParameters().get("in_proj_bias"),
            layer.namedParameters().get("out_proj.weight")};

        // every evaluation restores the generator, so all of them see the same dropout mask
        GradientCheck.assertGradients(in -> {
            dropoutRng.restoreState(start);
            return layer.forward(input, padding);
        }, GRADIENT_TOLERANCE, checked);
    }

    @Test
    void rejectsWidthNotDivisibleByHeads() {
        Rng rng = new Rng(1);
        assertThrowsWithMessage(IllegalArgumentException.class, () -> new MultiheadSelfAttention(6, 4, 0, rng, rng),
                "embedDim 6", "numHeads 4");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> new MultiheadSelfAttention(4, 2, -0.1, rng, rng),
                "dropout", "-0.1");
    }

    @Test
    void rejectsWrongMaskShape() {
        MultiheadSelfAttention layer = attention(4, 2, 1);

        assertThrowsWithMessage(ShapeMismatchException.class,
                () -> layer.forward(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 4)), "[2, 4]", "[2, 3]");
        assertThrowsWithMessage(ShapeMismatchException.class, () -> layer.forward(Tensor.zeros(2, 3, 5)), "[2, 3, 5]", "[B, T, 4]");
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return new MultiheadSelfAttention(4, 2, 0.0, rng.fork("init"), rng.fork("dropout"));
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 3, 4);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return inputShape;
        }
    }
}
