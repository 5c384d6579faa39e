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
