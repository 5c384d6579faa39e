package dev.enn.baselines.layers;

import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * The attention kernel {@code softmax(Q·Kᵀ/√d_k + mask)·V} over the last two axes, built from
 * core ops so that its gradient comes from autograd.
 *
 * <p>Masking follows PyTorch's {@code key_padding_mask} convention: a nonzero mask entry excludes
 * that key for that query (its score becomes −∞). A query whose every key is excluded gets all
 * attention weights 0 and an output of 0. Its query gets a zero gradient, and no NaN appears.
 */
public final class ScaledDotProductAttention {
    private ScaledDotProductAttention() {
    }

    /**
     * Result of one attention call.
     *
     * @param output {@code [..., L_q, d_v]}
     * @param weights attention weights after the mask and before dropout, {@code [..., L_q, L_k]}
     */
    public record Result(Tensor output, Tensor weights) {
    }

    /**
     * Computes attention.
     *
     * @param query {@code [..., L_q, d_k]}
     * @param key {@code [..., L_k, d_k]}, with the same leading axes as {@code query}
     * @param value {@code [..., L_k, d_v]}, with the same leading axes as {@code query}
     * @param ignoreMask broadcastable to {@code [..., L_q, L_k]}; nonzero excludes a key. May be {@code null}
     * @param dropout probability of dropping an attention weight in training
     * @param training whether dropout is active
     * @param rng generator of the dropout mask; unused when not training
     * @throws ShapeMismatchException if the shapes do not fit together
     */
    public static Result compute(Tensor query, Tensor key, Tensor value, Tensor ignoreMask,
                                 double dropout, boolean training, Rng rng) {
        int rank = query.rank();
        if (rank < 2 || key.rank() != rank || value.rank() != rank || query.dim(-1) != key.dim(-1)
                || key.dim(-2) != value.dim(-2)) {
            throw new ShapeMismatchException("ScaledDotProductAttention: query " + Arrays.toString(query.shape()) + ", key "
                    + Arrays.toString(key.shape()) + " and value " + Arrays.toString(value.shape())
                    + " do not fit; expected [..., Lq, dk], [..., Lk, dk] and [..., Lk, dv]", null, key.shape());
        }
        double scale = 1.0 / Math.sqrt(query.dim(-1));
        Tensor scores = query.matmul(key.transpose(-2, -1)).mul(scale);
        if (ignoreMask != null) {
            scores = scores.maskedFill(ignoreMask, Double.NEGATIVE_INFINITY);
        }
        Tensor weights = scores.softmax(-1);
        Tensor output = weights.dropout(dropout, training, rng).matmul(value);
        return new Result(output, weights);
    }
}
