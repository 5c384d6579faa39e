package dev.enn.attention;

import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Shapes;
import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * The attention kernel {@code softmax(Q·Kᵀ/√d + mask)·V} without projections, shared by the
 * attention layers and usable on its own.
 *
 * <p>Masked positions get a score of −∞ rather than a large negative number, so a query whose
 * every key is masked gets weights of exactly 0, an output of 0 and a gradient of 0, never NaN.
 * Rows with at least one visible key are unaffected by that choice.
 */
public final class ScaledDotProductAttention {
    private ScaledDotProductAttention() {
    }

    /**
     * Computes attention without dropout.
     *
     * @see #compute(Tensor, Tensor, Tensor, Tensor, double, boolean, Rng)
     */
    public static AttentionResult compute(Tensor query, Tensor key, Tensor value, Tensor mask) {
        return compute(query, key, value, mask, 0.0, false, null);
    }

    /**
     * Computes attention weights and their weighted sum of the values.
     *
     * @param query {@code [..., Lq, D]}
     * @param key {@code [..., Lk, D]}, with the same leading axes as the query
     * @param value {@code [..., Lk, Dv]}, with the same leading axes
     * @param mask {@code null}, or a tensor of 0 (blocked) and 1 (visible) entries that
     *     broadcasts to {@code [..., Lq, Lk]}
     * @param dropout probability of dropping a weight in training mode, in [0, 1]
     * @param training whether dropout is applied
     * @param rng generator of the dropout mask; may be {@code null} when no dropout is drawn
     * @return output {@code [..., Lq, Dv]} and the weights {@code [..., Lq, Lk]} after dropout
     * @throws IllegalArgumentException if the shapes do not fit together, the mask has an entry
     *     other than 0 or 1, or the dropout probability lies outside [0, 1]
     */
    public static AttentionResult compute(Tensor query, Tensor key, Tensor value, Tensor mask,
                                          double dropout, boolean training, Rng rng) {
        checkShapes(query, key, value);
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException("attention dropout must lie in [0, 1], got " + dropout);
        }
        if (training && dropout > 0 && rng == null) {
            throw new IllegalArgumentException("attention dropout " + dropout + " in training mode needs a generator; pass an Rng");
        }
        int depth = query.dim(-1);
        Tensor scores = query.matmul(key.transpose(-2, -1)).mul(1.0 / Math.sqrt(depth));
        if (mask != null) {
            scores = scores.maskedFill(blockedPositions(mask), Double.NEGATIVE_INFINITY);
        }
        Tensor weights = scores.softmax(-1).dropout(dropout, training, rng);
        return new AttentionResult(weights.matmul(value), weights);
    }

    /**
     * Turns a visibility mask (1 = may attend, 0 = blocked) into the fill mask that
     * {@link Tensor#maskedFill} takes (1 = blocked). The result carries no gradient.
     *
     * @throws IllegalArgumentException if an entry is neither 0 nor 1
     */
    static Tensor blockedPositions(Tensor mask) {
        double[] visible = mask.dataView();
        double[] blocked = new double[visible.length];
        for (int i = 0; i < visible.length; i++) {
            if (visible[i] == 0) {
                blocked[i] = 1;
            } else if (visible[i] != 1) {
                throw new IllegalArgumentException("attention mask entries must be 1 (may attend) or 0 (blocked), got "
                        + visible[i] + " at flat index " + i + " of a mask of shape " + Arrays.toString(mask.shape())
                        + "; convert a boolean or soft mask to 0/1 first");
            }
        }
        return Tensor.wrap(blocked, mask.shape());
    }

    private static void checkShapes(Tensor query, Tensor key, Tensor value) {
        int[] q = query.shape();
        int[] k = key.shape();
        int[] v = value.shape();
        if (q.length < 2 || k.length != q.length || v.length != q.length) {
            throw new ShapeMismatchException("attention: query, key and value need the same rank >= 2, got query "
                    + Shapes.format(q) + ", key " + Shapes.format(k) + " and value " + Shapes.format(v), null, q);
        }
        int rank = q.length;
        int[] qLead = Arrays.copyOf(q, rank - 2);
        if (!Arrays.equals(qLead, Arrays.copyOf(k, rank - 2)) || !Arrays.equals(qLead, Arrays.copyOf(v, rank - 2))) {
            throw new ShapeMismatchException("attention: query " + Shapes.format(q) + ", key " + Shapes.format(k)
                    + " and value " + Shapes.format(v) + " must share their leading (batch and head) axes", q, k);
        }
        if (k[rank - 1] != q[rank - 1]) {
            throw new ShapeMismatchException("attention: key width " + k[rank - 1] + " differs from query width "
                    + q[rank - 1] + " (query " + Shapes.format(q) + ", key " + Shapes.format(k)
                    + "); queries and keys must be projected to the same width", q, k);
        }
        if (v[rank - 2] != k[rank - 2]) {
            throw new ShapeMismatchException("attention: value length " + v[rank - 2] + " differs from key length "
                    + k[rank - 2] + " (key " + Shapes.format(k) + ", value " + Shapes.format(v)
                    + "); every key needs one value", k, v);
        }
    }
}
