package dev.enn.attention;

import static dev.enn.attention.AttentionAssertions.assertClose;
import static dev.enn.attention.AttentionAssertions.assertFinite;
import static dev.enn.attention.AttentionAssertions.assertShape;
import static dev.enn.attention.AttentionAssertions.inputsAndParameters;
import static dev.enn.attention.AttentionAssertions.setIdentity;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.layer.Layer;
import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MultiHeadAttentionTest {
    private static final double EXACT = 1e-10;
    private static final double GRADIENT_TOLERANCE = 1e-6;

    private static MultiHeadAttention evalLayer(int modelDim, int heads, double dropout, long seed) {
        MultiHeadAttention layer = new MultiHeadAttention(modelDim, heads, dropout, new Rng(seed));
        layer.setTraining(false);
        return layer;
    }

    @Test
    void parametersHaveOriginalNamesAndCount() {
        MultiHeadAttention layer = new MultiHeadAttention(8, 2, new Rng(1));
        Map<String, Tensor> params = layer.namedParameters();

        assertEquals(List.of("W_q.weight", "W_k.weight", "W_v.weight", "W_o.weight", "W_o.bias",
                "layer_norm.weight", "layer_norm.bias"), List.copyOf(params.keySet()));
        assertEquals(4 * 8 * 8 + 3 * 8, layer.parameterCount());
        assertEquals(0.1, layer.dropout(), 0.0);
    }

    @Test
    void initUsesXavierAndLinearBounds() {
        int d = 16;
        MultiHeadAttention layer = new MultiHeadAttention(d, 4, new Rng(2));
        double xavier = Math.sqrt(6.0 / (d + d));
        double linear = 1.0 / Math.sqrt(d);

        for (String name : List.of("W_q.weight", "W_k.weight", "W_v.weight", "W_o.weight")) {
            double max = 0;
            for (double w : layer.namedParameters().get(name).dataView()) {
                max = Math.max(max, Math.abs(w));
            }
            assertTrue(max <= xavier, name + " max |w| " + max + " exceeds " + xavier);
            assertTrue(max > linear, name + " max |w| " + max + " looks like the Linear default, not Xavier");
        }
        for (double b : layer.namedParameters().get("W_o.bias").dataView()) {
            assertTrue(Math.abs(b) <= linear, "W_o.bias entry " + b);
        }
        assertClose(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
                layer.namedParameters().get("layer_norm.weight").toArray(), 0.0, "layer_norm.weight");
    }

    @Test
    void outputAndWeightShapesAllowOtherKeyLength() {
        MultiHeadAttention layer = evalLayer(8, 2, 0.1, 3);
        Rng rng = new Rng(4);
        Tensor q = Tensor.randn(rng, 2, 3, 8);
        Tensor kv = Tensor.randn(rng, 2, 5, 8);

        AttentionResult r = layer.attend(q, kv, kv, null);

        assertShape(r.output(), 2, 3, 8);
        assertShape(r.weights(), 2, 2, 3, 5);
        for (double s : r.weights().sum(-1, false).toArray()) {
            assertEquals(1.0, s, 1e-12);
        }
    }

    @Test
    void selfAttentionForwardEqualsAttendOutput() {
        MultiHeadAttention layer = evalLayer(8, 4, 0.1, 5);
        Tensor x = Tensor.randn(new Rng(6), 2, 4, 8);

        assertArrayEquals(layer.attend(x, null).output().toArray(), layer.forward(x).toArray());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        MultiHeadAttention layer = evalLayer(6, 2, 0.1, 7);
        Rng rng = new Rng(8);
        Tensor q = Tensor.randn(rng, 2, 3, 6).requireGrad(true);
        Tensor k = Tensor.randn(rng, 2, 4, 6).requireGrad(true);
        Tensor v = Tensor.randn(rng, 2, 4, 6).requireGrad(true);

        GradientCheck.assertGradients(in -> layer.attend(in[0], in[1], in[2], null).output(), GRADIENT_TOLERANCE,
                inputsAndParameters(layer, q, k, v));
    }

    @Test
    void gradientsMatchFiniteDifferencesWithMasks() {
        MultiHeadAttention layer = evalLayer(4, 2, 0.1, 9);
        Rng rng = new Rng(10);
        Tensor q = Tensor.randn(rng, 2, 3, 4).requireGrad(true);
        Tensor kv = Tensor.randn(rng, 2, 3, 4).requireGrad(true);
        Tensor full = Tensor.of(new double[] {
            1, 0, 1, 0, 0, 0, 1, 1, 1,
            0, 1, 0, 1, 1, 0, 0, 0, 1}, 2, 3, 3);
        Tensor padding = Tensor.of(new double[] {1, 1, 0, 0, 0, 0}, 2, 3);

        GradientCheck.assertGradients(in -> layer.attend(in[0], in[1], in[1], full).output(), GRADIENT_TOLERANCE,
                inputsAndParameters(layer, q, kv));
        GradientCheck.assertGradients(in -> layer.attend(in[0], in[1], in[1], padding).output(), GRADIENT_TOLERANCE,
                inputsAndParameters(layer, q, kv));
    }

    @Test
    void identityProjectionsReproduceWorkedExample() {
        // one head of width 1 with W_q = W_k = W_v = 1,
        // so the kernel receives q = [1, 2], k = [1, 0, -1], v = [10, 20, 30]
        MultiHeadAttention layer = evalLayer(1, 1, 0.0, 11);
        for (String name : List.of("W_q.weight", "W_k.weight", "W_v.weight")) {
            setIdentity(layer.namedParameters().get(name));
        }
        Tensor q = Tensor.of(new double[] {1, 2}, 1, 2, 1);
        Tensor k = Tensor.of(new double[] {1, 0, -1}, 1, 3, 1);
        Tensor v = Tensor.of(new double[] {10, 20, 30}, 1, 3, 1);
        Tensor mask = Tensor.of(new double[] {1, 1, 1, 0, 0, 0}, 1, 2, 3);

        AttentionResult r = layer.attend(q, k, v, mask);

        assertClose(new double[] {0.6652409558, 0.2447284711, 0.0900305732, 0, 0, 0}, r.weights().toArray(), EXACT,
                "weights");
        assertFinite(r.output().toArray(), "output");
    }

    @Test
    void paddedItemGetsZeroWeights() {
        MultiHeadAttention layer = evalLayer(4, 2, 0.1, 12);
        Rng rng = new Rng(13);
        Tensor q = Tensor.randn(rng, 2, 2, 4).requireGrad(true);
        Tensor kv = Tensor.randn(rng, 2, 3, 4).requireGrad(true);
        Tensor padding = Tensor.of(new double[] {1, 1, 0, 0, 0, 0}, 2, 3);

        AttentionResult r = layer.attend(q, kv, kv, padding);
        r.output().sum().backward();

        assertClose(new double[2 * 2 * 3], r.weights().slice(0, 1, 2).toArray(), 0.0, "weights of the padded item");
        // no attention term: the padded item's output is LayerNorm(b_o + q)
        Tensor bias = layer.namedParameters().get("W_o.bias");
        Tensor expected = q.slice(0, 1, 2).add(bias).layerNorm(null, null, 1e-5);
        assertClose(expected.toArray(), r.output().slice(0, 1, 2).toArray(), EXACT, "output of the padded item");
        assertClose(new double[3 * 4], kv.grad().slice(0, 1, 2).toArray(), 0.0, "gradient to padded keys");
        for (Map.Entry<String, Tensor> p : layer.namedParameters().entrySet()) {
            assertFinite(p.getValue().gradBuffer(), p.getKey() + " gradient");
        }
    }

    /** Builds a layer whose attention term is 0 (W_v, W_o and b_o zero), so out = LayerNorm(query). */
    private static MultiHeadAttention residualOnlyLayer() {
        MultiHeadAttention layer = evalLayer(4, 2, 0.0, 27);
        for (String name : List.of("W_v.weight", "W_o.weight", "W_o.bias")) {
            java.util.Arrays.fill(layer.namedParameters().get(name).dataView(), 0.0);
        }
        return layer;
    }

    @Test
    void residualNormHandlesLargeOffsets() {
        MultiHeadAttention layer = residualOnlyLayer();
        Tensor offset = Tensor.of(new double[] {1e8, 1e8 + 1, 1e8 + 2, 1e8 + 3}, 1, 1, 4);
        Tensor constant = Tensor.of(new double[] {10000000.7, 10000000.7, 10000000.7, 10000000.7}, 1, 1, 4);

        assertClose(new double[] {-1.3416354200, -0.4472118067, 0.4472118067, 1.3416354200},
                layer.forward(offset).toArray(), 1e-9, "offset input");
        assertClose(new double[4], layer.forward(constant).toArray(), 0.0, "constant input");
    }

    @Test
    void residualNormBackwardOnConstantInput() {
        MultiHeadAttention layer = residualOnlyLayer();
        Tensor q = Tensor.full(3.0, 1, 1, 4).requireGrad(true);

        layer.forward(q).backward(Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 4));

        assertClose(new double[] {-474.3416490, -158.1138830, 158.1138830, 474.3416490}, q.grad().toArray(), 1e-6,
                "query gradient");
        assertClose(new double[4], layer.namedParameters().get("layer_norm.weight").gradBuffer(), 0.0,
                "layer_norm.weight gradient");
        assertClose(new double[] {1, 2, 3, 4}, layer.namedParameters().get("layer_norm.bias").gradBuffer(), 0.0,
                "layer_norm.bias gradient");
    }

    @Test
    void dropoutOfOneZeroesWeightsWithoutNaN() {
        MultiHeadAttention layer = new MultiHeadAttention(4, 2, 1.0, new Rng(14));
        Tensor q = Tensor.randn(new Rng(15), 1, 3, 4).requireGrad(true);

        AttentionResult r = layer.attend(q, null);
        r.output().sum().backward();

        assertClose(new double[2 * 3 * 3], r.weights().toArray(), 0.0, "weights");
        Tensor bias = layer.namedParameters().get("W_o.bias");
        assertClose(q.add(bias).layerNorm(null, null, 1e-5).toArray(), r.output().toArray(), EXACT, "output");
        assertFinite(q.grad().toArray(), "query gradient");
        for (String name : List.of("W_q.weight", "W_k.weight", "W_v.weight")) {
            assertClose(new double[16], layer.namedParameters().get(name).gradBuffer(), 0.0, name + " gradient");
        }
    }

    @Test
    void dropoutOfZeroInTrainingEqualsEvaluation() {
        MultiHeadAttention layer = new MultiHeadAttention(4, 2, 0.0, new Rng(16));
        Tensor x = Tensor.randn(new Rng(17), 2, 3, 4);

        Tensor training = layer.forward(x);
        layer.setTraining(false);

        assertArrayEquals(layer.forward(x).toArray(), training.toArray());
    }

    @Test
    void dropoutOfHalfKeepsOrDoublesEachWeight() {
        MultiHeadAttention layer = new MultiHeadAttention(4, 2, 0.5, new Rng(18));
        Tensor x = Tensor.randn(new Rng(19), 2, 5, 4);
        layer.setTraining(false);
        double[] evaluation = layer.attend(x, null).weights().toArray();
        layer.setTraining(true);

        double[] training = layer.attend(x, null).weights().toArray();

        int dropped = 0;
        for (int i = 0; i < training.length; i++) {
            boolean zero = training[i] == 0.0;
            assertTrue(zero || training[i] == 2 * evaluation[i], "weight " + i + " is " + training[i]
                    + ", neither 0 nor 2 x " + evaluation[i]);
            dropped += zero ? 1 : 0;
        }
        assertTrue(dropped > 0, "no weight was dropped");
        assertTrue(dropped < training.length, "every weight was dropped");
    }

    @Test
    void evaluationIgnoresDropout() {
        Tensor x = Tensor.randn(new Rng(20), 2, 3, 4);
        MultiHeadAttention heavy = evalLayer(4, 2, 0.9, 21);
        MultiHeadAttention none = evalLayer(4, 2, 0.0, 21);

        assertArrayEquals(none.forward(x).toArray(), heavy.forward(x).toArray());
    }

    @Test
    void rejectsDropoutOutsideUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(4, 2, -0.1, new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(4, 2, 1.2, new Rng(1)));
    }

    @Test
    void sameSeedGivesSameBitsInTraining() {
        Tensor x = Tensor.randn(new Rng(22), 2, 4, 8);
        MultiHeadAttention a = new MultiHeadAttention(8, 2, 0.3, new Rng(23));
        MultiHeadAttention b = new MultiHeadAttention(8, 2, 0.3, new Rng(23));

        assertArrayEquals(a.forward(x).toArray(), b.forward(x).toArray());
        assertArrayEquals(a.forward(x).toArray(), b.forward(x).toArray());
    }

    @Test
    void forwardLeavesInputUnchanged() {
        MultiHeadAttention layer = evalLayer(4, 2, 0.1, 24);
        Tensor x = Tensor.randn(new Rng(25), 2, 3, 4);
        double[] before = x.toArray();

        layer.forward(x);

        assertArrayEquals(before, x.toArray());
    }

    @Test
    void rejectsWidthNotDivisibleByHeads() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MultiHeadAttention(10, 4, new Rng(1)));

        assertTrue(e.getMessage().contains("modelDim 10 is not divisible by numHeads 4"), e.getMessage());
    }

    @Test
    void rejectsBadInputShapes() {
        MultiHeadAttention layer = evalLayer(4, 2, 0.1, 26);
        Tensor q = Tensor.zeros(2, 3, 4);

        IllegalArgumentException unbatched = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(Tensor.zeros(3, 4)));
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(Tensor.zeros(2, 3, 5)));
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> layer.attend(q, Tensor.zeros(1, 3, 4), Tensor.zeros(1, 3, 4), null));
        IllegalArgumentException valueLength = assertThrows(IllegalArgumentException.class,
                () -> layer.attend(q, Tensor.zeros(2, 3, 4), Tensor.zeros(2, 2, 4), null));
        IllegalArgumentException mask = assertThrows(IllegalArgumentException.class,
                () -> layer.attend(q, q, q, Tensor.ones(3, 3)));

        assertTrue(unbatched.getMessage().contains("unsqueeze(0)"), unbatched.getMessage());
        assertTrue(width.getMessage().contains("[B, L, 4]"), width.getMessage());
        assertTrue(width.getMessage().contains("[2, 3, 5]"), width.getMessage());
        assertTrue(batch.getMessage().contains("batch size 1"), batch.getMessage());
        assertTrue(valueLength.getMessage().contains("value length 2"), valueLength.getMessage());
        assertTrue(mask.getMessage().contains("[3, 3]"), mask.getMessage());
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return new MultiHeadAttention(6, 2, 0.1, rng);
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 4, 6);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return inputShape;
        }

        @Override
        protected boolean checkInTrainingMode() {
            return false;
        }
    }
}
