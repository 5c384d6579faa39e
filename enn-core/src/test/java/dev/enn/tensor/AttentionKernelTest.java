package dev.enn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link AttentionKernel} against the same attention composed of tensor ops: split the heads,
 * {@code matmul}, scale, {@code maskedFill}, {@code softmax}, {@code dropout}, {@code matmul},
 * merge the heads.
 */
class AttentionKernelTest {
    private static final int BATCH = 2;
    private static final int QUERIES = 3;
    private static final int KEYS = 5;
    private static final int WIDTH = 6;
    private static final int HEADS = 2;

    /** The composed reference; {@code blocked} is 1 where a query may not attend, broadcast over heads. */
    private static Tensor[] composed(Tensor q, Tensor k, Tensor v, int heads, Tensor blocked, double dropout,
                                     boolean training, Rng rng) {
        int batch = q.dim(0);
        int width = q.dim(2);
        int headDim = width / heads;
        Tensor qh = q.reshape(batch, q.dim(1), heads, headDim).permute(0, 2, 1, 3);
        Tensor kh = k.reshape(batch, k.dim(1), heads, headDim).permute(0, 2, 1, 3);
        Tensor vh = v.reshape(batch, v.dim(1), heads, headDim).permute(0, 2, 1, 3);
        Tensor scores = qh.matmul(kh.transpose(-2, -1)).mul(1.0 / Math.sqrt(headDim));
        if (blocked != null) {
            scores = scores.maskedFill(blocked, Double.NEGATIVE_INFINITY);
        }
        Tensor weights = scores.softmax(-1).dropout(dropout, training, rng);
        Tensor out = weights.matmul(vh).permute(0, 2, 1, 3).reshape(batch, q.dim(1), width);
        return new Tensor[] {out, weights};
    }

    private static Tensor[] inputs(long seed) {
        Rng rng = new Rng(seed);
        return new Tensor[] {
            Tensor.randn(rng, BATCH, QUERIES, WIDTH).requireGrad(true),
            Tensor.randn(rng, BATCH, KEYS, WIDTH).requireGrad(true),
            Tensor.randn(rng, BATCH, KEYS, WIDTH).requireGrad(true),
        };
    }

    /** Visibility [B, Lq, Lk]: query 2 of batch entry 1 may attend to no key, and two other keys are blocked. */
    private static Tensor fullMask() {
        double[] visible = new double[BATCH * QUERIES * KEYS];
        java.util.Arrays.fill(visible, 1);
        visible[1] = 0;
        visible[KEYS + 3] = 0;
        for (int j = 0; j < KEYS; j++) {
            visible[(QUERIES + 2) * KEYS + j] = 0;
        }
        return Tensor.wrap(visible, BATCH, QUERIES, KEYS);
    }

    private static Tensor blockedOf(Tensor visible) {
        double[] v = visible.dataView();
        double[] blocked = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            blocked[i] = 1 - v[i];
        }
        int[] shape = visible.shape();
        return shape.length == 3
                ? Tensor.wrap(blocked, shape[0], 1, shape[1], shape[2])
                : Tensor.wrap(blocked, shape[0], 1, 1, shape[1]);
    }

    private static void compareWithComposed(Tensor visible, double dropout, boolean training) {
        Tensor[] fusedIn = inputs(7);
        Tensor[] composedIn = inputs(7);
        AttentionKernel.Result fused = AttentionKernel.multiHead(fusedIn[0], fusedIn[1], fusedIn[2], HEADS, visible,
                dropout, training, new Rng(99));
        Tensor[] reference = composed(composedIn[0], composedIn[1], composedIn[2], HEADS,
                visible == null ? null : blockedOf(visible), dropout, training, new Rng(99));
        // same forward values and dropout draws, bit for bit
        assertArrayEquals(reference[0].toArray(), fused.output().toArray());
        assertArrayEquals(reference[1].toArray(), fused.weights().toArray());

        Tensor upstream = Tensor.randn(new Rng(5), BATCH, QUERIES, WIDTH);
        fused.output().backward(upstream);
        reference[0].backward(upstream);
        for (int i = 0; i < 3; i++) {
            double[] expected = composedIn[i].grad().toArray();
            double[] actual = fusedIn[i].grad().toArray();
            for (int e = 0; e < expected.length; e++) {
                assertEquals(expected[e], actual[e], 1e-13 * Math.max(1, Math.abs(expected[e])),
                        "gradient of input " + i + " at " + e);
                assertFalse(Double.isNaN(actual[e]));
            }
        }
    }

    @Test
    void matchesComposedOpsWithoutMask() {
        compareWithComposed(null, 0.0, false);
    }

    @Test
    void matchesComposedOpsWithFullMask() {
        compareWithComposed(fullMask(), 0.0, false);
    }

    @Test
    void matchesComposedOpsWithPaddingMask() {
        Tensor padding = Tensor.wrap(new double[] {1, 1, 1, 0, 0, 1, 0, 1, 1, 1}, BATCH, KEYS);
        compareWithComposed(padding, 0.0, false);
    }

    @Test
    void matchesComposedOpsWithDropout() {
        compareWithComposed(fullMask(), 0.3, true);
        compareWithComposed(null, 1.0, true);
    }

    @Test
    void fullyMaskedQueryGivesZeros() {
        Tensor[] in = inputs(3);
        AttentionKernel.Result r = AttentionKernel.multiHead(in[0], in[1], in[2], HEADS, fullMask(), 0, false, null);
        double[] weights = r.weights().toArray();
        for (int a = 0; a < HEADS; a++) {
            for (int j = 0; j < KEYS; j++) {
                assertEquals(0.0, weights[((HEADS + a) * QUERIES + 2) * KEYS + j], 0.0);
            }
        }
        for (int d = 0; d < WIDTH; d++) {
            assertEquals(0.0, r.output().get(1, 2, d), 0.0);
        }
        r.output().sum().backward();
        for (int d = 0; d < WIDTH; d++) {
            assertEquals(0.0, in[0].grad().get(1, 2, d), 0.0);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor[] in = inputs(11);
        Tensor mask = fullMask();
        GradientCheck.assertGradients(x -> AttentionKernel.multiHead(x[0], x[1], x[2], HEADS, mask, 0, false, null)
                .output(), 1e-7, in);
        Tensor[] single = inputs(12);
        GradientCheck.assertGradients(x -> AttentionKernel.multiHead(x[0], x[1], x[2], 1, null, 0, false, null)
                .output(), 1e-7, single);
    }

    @Test
    void rejectsBadShapesMasksAndSettings() {
        Tensor[] in = inputs(1);
        Tensor q = in[0];
        Tensor k = in[1];
        Tensor v = in[2];
        ShapeMismatchException rank = assertThrows(ShapeMismatchException.class,
                () -> AttentionKernel.multiHead(q.reshape(BATCH * QUERIES, WIDTH), k, v, HEADS, null, 0, false, null));
        assertTrue(rank.getMessage().contains("[B, L, H]"), rank.getMessage());
        ShapeMismatchException width = assertThrows(ShapeMismatchException.class,
                () -> AttentionKernel.multiHead(q, k.slice(2, 0, 4), v, HEADS, null, 0, false, null));
        assertTrue(width.getMessage().contains("[2, Lk, 6]"), width.getMessage());
        IllegalArgumentException heads = assertThrows(IllegalArgumentException.class,
                () -> AttentionKernel.multiHead(q, k, v, 4, null, 0, false, null));
        assertTrue(heads.getMessage().contains("not divisible by numHeads 4"), heads.getMessage());
        ShapeMismatchException maskShape = assertThrows(ShapeMismatchException.class,
                () -> AttentionKernel.multiHead(q, k, v, HEADS, Tensor.ones(BATCH, QUERIES), 0, false, null));
        assertTrue(maskShape.getMessage().contains("key-padding mask [B, Lk] = [2, 5]"), maskShape.getMessage());
        IllegalArgumentException soft = assertThrows(IllegalArgumentException.class,
                () -> AttentionKernel.multiHead(q, k, v, HEADS, Tensor.full(0.5, BATCH, KEYS), 0, false, null));
        assertTrue(soft.getMessage().contains("got 0.5"), soft.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> AttentionKernel.multiHead(q, k, v, HEADS, null, 1.5, true, new Rng(1)));
        assertTrue(range.getMessage().contains("[0, 1], got 1.5"), range.getMessage());
        IllegalArgumentException generator = assertThrows(IllegalArgumentException.class,
                () -> AttentionKernel.multiHead(q, k, v, HEADS, null, 0.1, true, null));
        assertTrue(generator.getMessage().contains("needs a generator"), generator.getMessage());
    }
}
