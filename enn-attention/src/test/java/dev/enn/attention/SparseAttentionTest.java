package dev.enn.attention;

import static dev.enn.attention.AttentionAssertions.assertClose;
import static dev.enn.attention.AttentionAssertions.assertFinite;
import static dev.enn.attention.AttentionAssertions.assertShape;
import static dev.enn.attention.AttentionAssertions.inputsAndParameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.layer.Layer;
import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SparseAttentionTest {
    private static final double CLOSE = 1e-12;
    private static final double GRADIENT_TOLERANCE = 1e-6;

    private static SparseAttention evalLayer(int modelDim, int heads, int topK, long seed) {
        SparseAttention layer = new SparseAttention(modelDim, heads, topK, 0.1, new Rng(seed));
        layer.setTraining(false);
        return layer;
    }

    /**
     * Computes top-k attention with plain loops from the layer's parameters: per head and query,
     * sort the keys by score, keep the best {@code min(topK, Lk)}, softmax over them, sum their values.
     */
    private static double[] referenceOutput(SparseAttention layer, Tensor query, Tensor key, Tensor value) {
        Map<String, Tensor> p = layer.namedParameters();
        Tensor q = query.linear(p.get("W_q.weight"), null);
        Tensor k = key.linear(p.get("W_k.weight"), null);
        Tensor v = value.linear(p.get("W_v.weight"), null);
        int batch = query.dim(0);
        int queries = query.dim(1);
        int keys = key.dim(1);
        int d = layer.modelDim();
        int heads = layer.numHeads();
        int dh = d / heads;
        int selected = Math.min(layer.topK(), keys);

        double[] merged = new double[batch * queries * d];
        for (int b = 0; b < batch; b++) {
            for (int a = 0; a < heads; a++) {
                for (int i = 0; i < queries; i++) {
                    double[] scores = new double[keys];
                    for (int j = 0; j < keys; j++) {
                        double dot = 0;
                        for (int c = 0; c < dh; c++) {
                            dot += q.get(b, i, a * dh + c) * k.get(b, j, a * dh + c);
                        }
                        scores[j] = dot / Math.sqrt(dh);
                    }

                    Integer[] order = new Integer[keys];
                    for (int j = 0; j < keys; j++) {
                        order[j] = j;
                    }
                    Arrays.sort(order, Comparator.comparingDouble((Integer j) -> -scores[j]));

                    double max = scores[order[0]];
                    double total = 0;
                    for (int s = 0; s < selected; s++) {
                        total += Math.exp(scores[order[s]] - max);
                    }
                    for (int s = 0; s < selected; s++) {
                        double w = Math.exp(scores[order[s]] - max) / total;
                        for (int c = 0; c < dh; c++) {
                            merged[(b * queries + i) * d + a * dh + c] += w * v.get(b, order[s], a * dh + c);
                        }
                    }
                }
            }
        }

        Tensor attended = Tensor.of(merged, batch, queries, d).linear(p.get("W_o.weight"), p.get("W_o.bias"));
        return attended.add(query).layerNorm(p.get("layer_norm.weight"), p.get("layer_norm.bias"), 1e-5).toArray();
    }

    @Test
    void parameterNamesCountAndDefaultInit() {
        int d = 16;
        SparseAttention layer = new SparseAttention(d, 4, 8, 0.1, new Rng(1));

        assertEquals(List.of("W_q.weight", "W_k.weight", "W_v.weight", "W_o.weight", "W_o.bias",
                "layer_norm.weight", "layer_norm.bias"), List.copyOf(layer.namedParameters().keySet()));
        assertEquals(4L * d * d + 3L * d, layer.parameterCount());
        double bound = 1.0 / Math.sqrt(d);
        for (String name : List.of("W_q.weight", "W_k.weight", "W_v.weight", "W_o.weight", "W_o.bias")) {
            for (double w : layer.namedParameters().get(name).dataView()) {
                assertTrue(Math.abs(w) <= bound, name + " entry " + w + " exceeds " + bound);
            }
        }
    }

    @Test
    void matchesLoopReferenceForSeveralK() {
        Rng rng = new Rng(2);
        Tensor q = Tensor.randn(rng, 2, 4, 6);
        Tensor kv = Tensor.randn(rng, 2, 7, 6);
        for (int topK : new int[] {1, 2, 3, 7, 9}) {
            SparseAttention layer = evalLayer(6, 2, topK, 3);

            SparseAttentionResult r = layer.attend(q, kv, kv, null);

            assertClose(referenceOutput(layer, q, kv, kv), r.output().toArray(), CLOSE, "output for topK " + topK);
            assertShape(r.weights(), 2, 2, 4, Math.min(topK, 7));
        }
    }

    @Test
    void keepingAllKeysEqualsDenseAttention() {
        SparseAttention sparse = evalLayer(8, 2, 8, 4);
        MultiHeadAttention dense = new MultiHeadAttention(8, 2, 0.1, new Rng(5));
        dense.setTraining(false);
        for (Map.Entry<String, Tensor> p : sparse.namedParameters().entrySet()) {
            double[] target = dense.namedParameters().get(p.getKey()).dataView();
            System.arraycopy(p.getValue().dataView(), 0, target, 0, target.length);
        }
        Tensor x = Tensor.randn(new Rng(6), 2, 5, 8);

        SparseAttentionResult s = sparse.attend(x, x, x, null);
        AttentionResult d = dense.attend(x, null);

        assertClose(d.output().toArray(), s.output().toArray(), CLOSE, "output");
        assertClose(d.weights().toArray(), s.denseWeights().toArray(), CLOSE, "weights");
    }

    @Test
    void selectedIndicesHoldTheHighestScores() {
        SparseAttention layer = evalLayer(4, 1, 2, 7);
        Tensor x = Tensor.randn(new Rng(8), 1, 5, 4);

        SparseAttentionResult r = layer.attend(x, x, x, null);
        Tensor dense = r.denseWeights();

        assertShape(dense, 1, 1, 5, 5);
        for (int i = 0; i < 5; i++) {
            int nonzero = 0;
            double sum = 0;
            for (int j = 0; j < 5; j++) {
                nonzero += dense.get(0, 0, i, j) > 0 ? 1 : 0;
                sum += dense.get(0, 0, i, j);
            }
            assertEquals(2, nonzero, "keys used by query " + i);
            assertEquals(1.0, sum, 1e-12, "weight sum of query " + i);
            assertTrue(r.weights().get(0, 0, i, 0) >= r.weights().get(0, 0, i, 1), "weights sorted for query " + i);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        SparseAttention layer = evalLayer(4, 2, 2, 9);
        Rng rng = new Rng(10);
        Tensor q = Tensor.randn(rng, 2, 3, 4).requireGrad(true);
        Tensor kv = Tensor.randn(rng, 2, 4, 4).requireGrad(true);
        Tensor mask = Tensor.of(new double[] {1, 1, 0, 1, 0, 1, 1, 1}, 2, 4);

        GradientCheck.assertGradients(in -> layer.attend(in[0], in[1], in[1], null).output(), GRADIENT_TOLERANCE,
                inputsAndParameters(layer, q, kv));
        GradientCheck.assertGradients(in -> layer.attend(in[0], in[1], in[1], mask).output(), GRADIENT_TOLERANCE,
                inputsAndParameters(layer, q, kv));
    }

    @Test
    void maskedSelectedKeysGetZeroWeight() {
        SparseAttention layer = evalLayer(4, 1, 3, 11);
        Tensor x = Tensor.randn(new Rng(12), 2, 4, 4).requireGrad(true);
        Tensor mask = Tensor.of(new double[] {1, 0, 0, 1, 0, 0, 0, 0}, 2, 4);

        SparseAttentionResult r = layer.attend(x, x, x, mask);
        r.output().sum().backward();

        Tensor dense = r.denseWeights();
        for (int i = 0; i < 4; i++) {
            assertEquals(0.0, dense.get(0, 0, i, 1), 0.0, "masked key 1 for query " + i);
            assertEquals(0.0, dense.get(0, 0, i, 2), 0.0, "masked key 2 for query " + i);
            assertEquals(1.0, dense.get(0, 0, i, 0) + dense.get(0, 0, i, 3), 1e-12, "visible weight of query " + i);
        }
        assertClose(new double[4 * 4], dense.slice(0, 1, 2).toArray(), 0.0, "weights of the fully masked item");
        assertFinite(r.output().toArray(), "output");
        assertFinite(x.grad().toArray(), "input gradient");
    }

    @Test
    void dropoutOfHalfKeepsOrDoublesEachWeight() {
        SparseAttention layer = new SparseAttention(4, 2, 3, 0.5, new Rng(13));
        Tensor x = Tensor.randn(new Rng(14), 2, 5, 4);
        layer.setTraining(false);
        double[] evaluation = layer.attend(x, x, x, null).weights().toArray();
        layer.setTraining(true);

        double[] training = layer.attend(x, x, x, null).weights().toArray();

        for (int i = 0; i < training.length; i++) {
            assertTrue(training[i] == 0.0 || training[i] == 2 * evaluation[i], "weight " + i + " is " + training[i]);
        }
    }

    @Test
    void rejectsWidthNotDivisibleByHeads() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparseAttention(5, 4, 8, 0.1, new Rng(1)));

        assertTrue(e.getMessage().contains("modelDim 5 is not divisible by numHeads 4"), e.getMessage());
    }

    @Test
    void rejectsNonPositiveTopK() {
        assertThrows(IllegalArgumentException.class, () -> new SparseAttention(4, 2, 0, 0.1, new Rng(1)));
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return new SparseAttention(6, 2, 3, 0.1, rng);
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 5, 6);
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
