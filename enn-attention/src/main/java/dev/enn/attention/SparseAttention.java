package dev.enn.attention;

import dev.enn.layer.AbstractLayer;
import dev.enn.layer.LayerNorm;
import dev.enn.layer.Linear;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Shapes;
import dev.enn.tensor.Tensor;
import dev.enn.tensor.TopK;

/**
 * Top-k multi-head attention with a post-norm residual: each query keeps only its
 * {@code K = min(topK, Lk)} highest-scoring keys, takes the softmax over those K scores, and
 * sums the values of exactly those keys. The rest is as in {@link MultiHeadAttention}:
 * {@code out = LayerNorm(W_o·concat_heads(…) + b_o + query)}.
 *
 * <p>Parameters: {@code W_q.weight}, {@code W_k.weight}, {@code W_v.weight}, {@code W_o.weight},
 * {@code W_o.bias}, {@code layer_norm.weight}, {@code layer_norm.bias}
 * ({@code 4·modelDim² + 3·modelDim}), every projection with PyTorch's default Linear init
 * (uniform ±1/√modelDim), as in the original.
 *
 * <p>The PyTorch original gathers each query's own value K times instead of the selected keys'
 * values, and its final product has incompatible shapes whenever K &gt; 1, so it fails for any
 * sequence longer than one; it also lacks the divisibility check. This class implements the
 * intended computation. Scores are still computed for every key, so the cost matches dense
 * attention; the selection limits which keys contribute, not the work.
 *
 * <p>Ties between equal scores keep the lower key index. Masked keys get a score of −∞: when a
 * query has fewer than K visible keys the extra selected keys get weight 0, and a fully masked
 * query gets zero weights and a zero attention term.
 */
public final class SparseAttention extends AbstractLayer {
    /** Keys kept per query when no count is given, as in the original. */
    public static final int DEFAULT_TOP_K = 8;
    /** Dropout on the attention weights used when none is given, as in the original. */
    public static final double DEFAULT_DROPOUT = 0.1;

    private static final String NAME = "SparseAttention";

    private final int modelDim;
    private final int numHeads;
    private final int topK;
    private final double dropout;
    private final Linear queryProjection;
    private final Linear keyProjection;
    private final Linear valueProjection;
    private final Linear outputProjection;
    private final LayerNorm layerNorm;
    private final Rng dropoutRng;

    /**
     * Creates the layer.
     *
     * @param modelDim width of queries, keys, values and the output
     * @param numHeads number of heads; must divide {@code modelDim}
     * @param topK keys kept per query; queries over fewer keys keep all of them
     * @param dropout probability of dropping a selected weight in training mode, in [0, 1]
     * @param rng generator for the initial weights and, through a forked stream, the dropout masks
     * @throws IllegalArgumentException if a size is not positive, {@code modelDim % numHeads != 0}
     *     or {@code dropout} lies outside [0, 1]
     */
    public SparseAttention(int modelDim, int numHeads, int topK, double dropout, Rng rng) {
        AttentionShapes.checkHeads(NAME, modelDim, numHeads, dropout);
        Shapes.requirePositive(NAME + " topK", topK);
        this.modelDim = modelDim;
        this.numHeads = numHeads;
        this.topK = topK;
        this.dropout = dropout;
        this.queryProjection = registerChild("W_q", new Linear(modelDim, modelDim, false, rng));
        this.keyProjection = registerChild("W_k", new Linear(modelDim, modelDim, false, rng));
        this.valueProjection = registerChild("W_v", new Linear(modelDim, modelDim, false, rng));
        this.outputProjection = registerChild("W_o", new Linear(modelDim, modelDim, true, rng));
        this.layerNorm = registerChild("layer_norm", new LayerNorm(modelDim));
        this.dropoutRng = registerGenerator("dropout", rng.fork("attention-dropout"));
    }

    /**
     * Applies top-k self-attention to {@code x [B, L, modelDim]} and returns
     * {@code [B, L, modelDim]}.
     *
     * @throws IllegalArgumentException if {@code x} is not {@code [B, L, modelDim]}
     */
    @Override
    public Tensor forward(Tensor x) {
        return attend(x, x, x, null).output();
    }

    /**
     * Lets each query attend over its highest-scoring keys.
     *
     * @param query {@code [B, Lq, modelDim]}; also the residual
     * @param key {@code [B, Lk, modelDim]}
     * @param value {@code [B, Lk, modelDim]}
     * @param mask {@code null}, {@code [B, Lq, Lk]} or a key-padding mask {@code [B, Lk]}, with 1
     *     where a query may attend and 0 where it may not
     * @return the output {@code [B, Lq, modelDim]}, the selected weights and their key indices
     * @throws IllegalArgumentException if a shape does not fit or the mask contains an entry
     *     other than 0 or 1
     */
    public SparseAttentionResult attend(Tensor query, Tensor key, Tensor value, Tensor mask) {
        AttentionShapes.requireSequence(NAME, "query", query, modelDim);
        AttentionShapes.requireSequence(NAME, "key", key, modelDim);
        AttentionShapes.requireSequence(NAME, "value", value, modelDim);
        int batch = query.dim(0);
        int queryLength = query.dim(1);
        int keyLength = key.dim(1);
        AttentionShapes.requireBatch(NAME, "key", key, batch);
        AttentionShapes.requireBatch(NAME, "value", value, batch);
        if (value.dim(1) != keyLength) {
            throw new IllegalArgumentException(NAME + ": value length " + value.dim(1) + " differs from key length "
                    + keyLength + "; every key needs one value");
        }
        Tensor headMask = AttentionShapes.headMask(NAME, mask, batch, queryLength, keyLength);

        Tensor q = AttentionShapes.splitHeads(queryProjection.forward(query), numHeads);
        Tensor k = AttentionShapes.splitHeads(keyProjection.forward(key), numHeads);
        Tensor v = AttentionShapes.splitHeads(valueProjection.forward(value), numHeads);
        int headDim = modelDim / numHeads;

        // scores [B, A, Lq, Lk]; masked keys score −∞ so that they get weight 0 even when selected
        Tensor scores = q.matmul(k.transpose(-2, -1)).mul(1.0 / Math.sqrt(headDim));
        if (headMask != null) {
            scores = scores.maskedFill(ScaledDotProductAttention.blockedPositions(headMask), Double.NEGATIVE_INFINITY);
        }

        // keep the K best scores of each query and normalise over them: weights [B, A, Lq, K]
        int selected = Math.min(topK, keyLength);
        TopK best = scores.topK(selected, -1);
        Tensor weights = best.values().softmax(-1).dropout(dropout, isTraining(), dropoutRng);

        // gather the selected keys' values into [B, A, Lq, K, Dh] and take the weighted sum
        Tensor gathered = gatherValues(v, best.indices(), queryLength, selected);
        Tensor heads = weights.unsqueeze(3).matmul(gathered).reshape(batch, numHeads, queryLength, headDim);

        Tensor attended = outputProjection.forward(AttentionShapes.mergeHeads(heads));
        Tensor output = layerNorm.forward(attended.add(query));
        SparseAttentionResult result = new SparseAttentionResult(output, weights, best.indices(), keyLength);
        if (AttentionCapture.isRecording()) {
            AttentionCapture.record(this, result.denseWeights());
        }
        return result;
    }

    /**
     * Gathers rows of {@code values [B, A, Lk, Dh]} by per-query key index:
     * {@code out[b, a, i, j] = values[b, a, keyIndices[b, a, i, j]]}, shape {@code [B, A, Lq, K, Dh]}.
     */
    private static Tensor gatherValues(Tensor values, int[] keyIndices, int queryLength, int selected) {
        int batch = values.dim(0);
        int heads = values.dim(1);
        int keyLength = values.dim(2);
        int headDim = values.dim(3);
        int[] rows = new int[keyIndices.length];
        for (int p = 0; p < keyIndices.length; p++) {
            int batchHead = p / (queryLength * selected);
            rows[p] = batchHead * keyLength + keyIndices[p];
        }
        Tensor flat = values.reshape(batch * heads * keyLength, headDim);
        return flat.indexSelect(0, rows).reshape(batch, heads, queryLength, selected, headDim);
    }

    /** Returns the width of queries, keys, values and the output. */
    public int modelDim() {
        return modelDim;
    }

    /** Returns the number of heads. */
    public int numHeads() {
        return numHeads;
    }

    /** Returns the number of keys each query keeps. */
    public int topK() {
        return topK;
    }

    /** Returns the dropout probability on the selected weights. */
    public double dropout() {
        return dropout;
    }
}
