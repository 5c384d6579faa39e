package dev.enn.baselines.layers;

import static dev.enn.testing.TestTensors.assertAllFinite;
import static dev.enn.testing.TestTensors.assertBitIdentical;
import static dev.enn.testing.TestTensors.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.enn.layer.Layer;
import dev.enn.layer.LayerNorm;
import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import dev.enn.testing.TestTensors;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TransformerEncoderLayerTest {
    private static final double GRADIENT_TOLERANCE = 1e-6;
    /** The fused ops differ from the composed reference in summation order and in how GELU evaluates Φ. */
    private static final double KERNEL_TOLERANCE = 1e-12;

    private static TransformerEncoderLayer layer(int width, int heads, double dropout, long seed) {
        Rng rng = new Rng(seed);
        return new TransformerEncoderLayer(width, heads, dropout, rng.fork("init"), rng.fork("dropout"));
    }

    @Test
    void parametersFollowPyTorchStateDict() {
        TransformerEncoderLayer encoder = layer(8, 2, 0.1, 1);

        assertEquals(List.of("self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight",
                "self_attn.out_proj.bias", "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias",
                "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"), List.copyOf(encoder.namedParameters().keySet()));
        assertEquals(12 * 64 + 13 * 8, encoder.parameterCount());
    }

    @Test
    void fusedMatchesReferenceWithDropoutAndPadding() {
        int[][] sizes = {
            // batch, steps, width, heads
            {1, 1, 2, 1}, {2, 3, 4, 2}, {3, 5, 8, 2}, {2, 4, 6, 3},
        };
        for (int[] s : sizes) {
            TransformerEncoderLayer fused = layer(s[2], s[3], 0.3, 30);
            TransformerEncoderLayer reference = layer(s[2], s[3], 0.3, 30);
            Tensor input = TestTensors.randn(31, s[0], s[1], s[2]);
            Tensor upstream = TestTensors.randn(32, s[0], s[1], s[2]);
            double[] padding = new double[s[0] * s[1]];
            padding[padding.length - 1] = 1;
            Tensor mask = Tensor.of(padding, s[0], s[1]);

            for (Tensor keyPadding : new Tensor[] {null, mask}) {
                Tensor fusedInput = input.copy().requireGrad(true);
                Tensor fusedOut = fused.forward(fusedInput, keyPadding);
                fusedOut.backward(upstream);
                Tensor referenceInput = input.copy().requireGrad(true);
                Tensor referenceOut = reference.forwardReference(referenceInput, keyPadding);
                referenceOut.backward(upstream);

                assertClose(referenceOut.detach(), fusedOut.detach(), KERNEL_TOLERANCE);
                assertClose(referenceInput.grad(), fusedInput.grad(), KERNEL_TOLERANCE);
                for (var p : reference.namedParameters().entrySet()) {
                    assertClose(p.getValue().grad(), fused.namedParameters().get(p.getKey()).grad(), KERNEL_TOLERANCE);
                }
                fused.zeroGrad();
                reference.zeroGrad();
            }
        }
    }

    @Test
    void fusedBackwardWithDropoutMatchesFiniteDifferences() {
        TransformerEncoderLayer encoder = layer(4, 2, 0.3, 33);
        Tensor input = TestTensors.param(34, 2, 3, 4);
        Tensor padding = Tensor.of(new double[] {0, 0, 1, 0, 0, 0}, 2, 3);
        var generators = encoder.namedGenerators();
        var starts = new java.util.LinkedHashMap<String, long[]>();
        generators.forEach((name, rng) -> starts.put(name, rng.saveState()));
        Tensor[] checked = new Tensor[encoder.parameters().size() + 1];
        checked[0] = input;
        for (int i = 0; i < encoder.parameters().size(); i++) {
            checked[i + 1] = encoder.parameters().get(i);
        }

        // every evaluation restores the generators, so all of them see the same dropout masks
        GradientCheck.assertGradients(in -> {
            generators.forEach((name, rng) -> rng.restoreState(starts.get(name)));
            return encoder.forward(input, padding);
        }, GRADIENT_TOLERANCE, checked);
    }

    @Test
    void backwardWithPaddingMatchesFiniteDifferences() {
        TransformerEncoderLayer encoder = layer(4, 2, 0.0, 2);
        Tensor input = TestTensors.param(3, 2, 3, 4);
        Tensor padding = Tensor.of(new double[] {0, 0, 0, 0, 1, 1}, 2, 3);
        Tensor[] checked = new Tensor[encoder.parameters().size() + 1];
        checked[0] = input;
        for (int i = 0; i < encoder.parameters().size(); i++) {
            checked[i + 1] = encoder.parameters().get(i);
        }

        GradientCheck.assertGradients(in -> encoder.forward(input, padding), GRADIENT_TOLERANCE, checked);
    }

    @Test
    void sequenceOfOnlyPaddingStaysFinite() {
        TransformerEncoderLayer encoder = layer(4, 2, 0.0, 5);
        Tensor input = TestTensors.param(6, 2, 3, 4);
        Tensor padding = Tensor.of(new double[] {0, 0, 0, 1, 1, 1}, 2, 3);

        Tensor y = encoder.forward(input, padding);
        y.sum().backward();

        assertAllFinite(y);
        assertAllFinite(input.grad());
        for (Tensor p : encoder.parameters()) {
            assertAllFinite(p.grad());
        }
    }

    @Test
    void dropoutActsOnlyInTraining() {
        TransformerEncoderLayer encoder = layer(4, 2, 0.5, 7);
        TransformerEncoderLayer noDropout = layer(4, 2, 0.0, 7);
        Tensor input = TestTensors.randn(8, 2, 3, 4);

        Tensor trained = encoder.forward(input);
        encoder.setTraining(false);

        assertBitIdentical(noDropout.forward(input), encoder.forward(input));
        assertFalse(Arrays.equals(trained.dataView(), encoder.forward(input).dataView()), "dropout changed nothing in training");
    }

    @Test
    void layerNormHandlesConstantAndLargeOffsetRows() {
        LayerNorm norm = new LayerNorm(4);
        Tensor constant = Tensor.of(new double[] {5e6, 5e6, 5e6, 5e6}, 1, 4).requireGrad(true);
        Tensor offset = Tensor.of(new double[] {1e8, 1e8 + 1, 1e8 + 2, 1e8 + 3}, 1, 4);

        Tensor y = norm.forward(constant);
        y.backward(Tensor.of(new double[] {1, 2, 3, 4}, 1, 4));

        assertClose(new double[4], y, 0);
        assertClose(new double[] {-474.3416490, -158.1138830, 158.1138830, 474.3416490}, constant.grad(), 1e-7);
        assertClose(new double[] {-1.3416354200, -0.4472118067, 0.4472118067, 1.3416354200}, norm.forward(offset), 1e-9);
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return new TransformerEncoderLayer(4, 2, 0.0, rng.fork("init"), rng.fork("dropout"));
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
