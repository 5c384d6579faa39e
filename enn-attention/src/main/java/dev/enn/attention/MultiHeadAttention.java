package dev.enn.attention;

import dev.enn.layer.AbstractLayer;
import dev.enn.layer.Init;
import dev.enn.layer.LayerNorm;
import dev.enn.layer.Linear;
import dev.enn.tensor.AttentionKernel;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;

/**
 * Multi-head scaled dot-product attention with a post-norm residual:
 * {@code out = LayerNorm(W_o·concat_heads(softmax(Q·Kᵀ/√Dh + mask)·V) + b_o + query)}, where
 * {@code Q = query·W_qᵀ}, {@code K = key·W_kᵀ}, {@code V = value·W_vᵀ} (no biases) and
 * {@code Dh = modelDim / numHeads}.
 *
 * <p>Parameters, named as in the PyTorch original: {@code W_q.weight}, {@code W_k.weight},
 * {@code W_v.weight}, {@code W_o.weight} (each {@code [modelDim, modelDim]}, Xavier-uniform),
 * {@code W_o.bias} ({@code [modelDim]}, uniform ±1/√modelDim), {@code layer_norm.weight} (1) and
 * {@code layer_norm.bias} (0): {@code 4·modelDim² + 3·modelDim} in all.
 *
 * <p>Keys and values may be longer or shorter than the queries. A query whose every key is
 * masked gets zero weights and a zero attention term, so its output is
 * {@code LayerNorm(b_o + query)}. In training mode dropout zeroes attention weights.
 */
public final class MultiHeadAttention extends AbstractLayer {
    /** Dropout on the attention weights used when none is given, as in the original. */
    public static final double DEFAULT_DROPOUT = 0.1;

    private static final String NAME = "MultiHeadAttention";

    private final int modelDim;
    private final int numHeads;
    private final double dropout;
    private final Linear queryProjection;
    private final Linear keyProjection;
    private final Linear valueProjection;
    private final Linear outputProjection;
    private final LayerNorm layerNorm;
    private final Rng dropoutRng;

    /** Creates the layer with dropout {@value #DEFAULT_DROPOUT}. */
    public MultiHeadAttention(int modelDim, int numHeads, Rng rng) {
        this(modelDim, numHeads, DEFAULT_DROPOUT, rng);
    }

    /**
     * Creates the layer.
     *
     * @param modelDim width of queries, keys, values and the output
     * @param numHeads number of heads; must divide {@code modelDim}
     * @param dropout probability of dropping an attention weight in training mode, in [0, 1]
     * @param rng generator for the initial weights and, through a forked stream, the dropout masks
     * @throws IllegalArgumentException if a size is not positive, {@code modelDim % numHeads != 0}
     *     or {@code dropout} lies outside [0, 1]
     */
    public MultiHeadAttention(int modelDim, int numHeads, double dropout, Rng rng) {
        AttentionShapes.checkHeads(NAME, modelDim, numHeads, dropout);
        this.modelDim = modelDim;
        this.numHeads = numHeads;
        this.dropout = dropout;
        this.queryProjection = registerChild("W_q", new Linear(modelDim, modelDim, false, rng));
        this.keyProjection = registerChild("W_k", new Linear(modelDim, modelDim, false, rng));
        this.valueProjection = registerChild("W_v", new Linear(modelDim, modelDim, false, rng));
        this.outputProjection = registerChild("W_o", new Linear(modelDim, modelDim, true, rng));
        this.layerNorm = registerChild("layer_norm", new LayerNorm(modelDim));
        // The original re-initialises the four weight matrices (not the output bias) with Xavier-uniform.
        for (Linear projection : new Linear[] {queryProjection, keyProjection, valueProjection, outputProjection}) {
            Init.xavierUniform(projection.weight(), rng);
        }
        this.dropoutRng = registerGenerator("dropout", rng.fork("attention-dropout"));
    }

    /**
     * Applies self-attention to {@code x [B, L, modelDim]} and returns {@code [B, L, modelDim]}.
     *
     * @throws IllegalArgumentException if {@code x} is not {@code [B, L, modelDim]}
     */
    @Override
    public Tensor forward(Tensor x) {
        return attend(x, x, x, null).output();
    }

    /**
     * Applies self-attention to {@code x [B, L, modelDim]}.
     *
     * @param mask {@code null}, {@code [B, L, L]} or a key-padding mask {@code [B, L]}; 1 where a
     *     query may attend, 0 where it may not
     * @return output {@code [B, L, modelDim]} and weights {@code [B, numHeads, L, L]}
     * @throws IllegalArgumentException as {@link #attend(Tensor, Tensor, Tensor, Tensor)}
     */
    public AttentionResult attend(Tensor x, Tensor mask) {
        return attend(x, x, x, mask);
    }

    /**
     * Lets each query attend over the keys and returns the output with the attention weights.
     *
     * @param query {@code [B, Lq, modelDim]}; also the residual
     * @param key {@code [B, Lk, modelDim]}
     * @param value {@code [B, Lk, modelDim]}
     * @param mask {@code null}, {@code [B, Lq, Lk]} or a key-padding mask {@code [B, Lk]}, with 1
     *     where a query may attend and 0 where it may not
     * @return output {@code [B, Lq, modelDim]} and weights {@code [B, numHeads, Lq, Lk]}, the
     *     latter after dropout in training mode
     * @throws IllegalArgumentException if a shape does not fit or the mask contains an entry
     *     other than 0 or 1
     */
    public AttentionResult attend(Tensor query, Tensor key, Tensor value, Tensor mask) {
        AttentionShapes.requireSequence(NAME, "query", query, modelDim);
        AttentionShapes.requireSequence(NAME, "key", key, modelDim);
        AttentionShapes.requireSequence(NAME, "value", value, modelDim);
        int batch = query.dim(0);
        AttentionShapes.requireBatch(NAME, "key", key, batch);
        AttentionShapes.requireBatch(NAME, "value", value, batch);
        if (value.dim(1) != key.dim(1)) {
            throw new IllegalArgumentException(NAME + ": value length " + value.dim(1) + " differs from key length "
                    + key.dim(1) + "; every key needs one value");
        }
        // Called for its shape check only; AttentionKernel takes the mask as given.
        AttentionShapes.headMask(NAME, mask, batch, query.dim(1), key.dim(1));
        return attendProjected(query, queryProjection.forward(query), keyProjection.forward(key),
                valueProjection.forward(value), mask);
    }

    /**
     * Runs the attention from the W_q, W_k and W_v projections on: every head attends in its slice
     * of the width (no split or merge copies), then come W_o, the residual and the layer norm. It
     * serves callers in this package that project more cheaply themselves, and they check shapes.
     *
     * @param residual the unprojected query {@code [B, Lq, modelDim]}, added before the norm
     * @param q {@code query·W_qᵀ}, {@code [B, Lq, modelDim]}
     * @param k {@code key·W_kᵀ}, {@code [B, Lk, modelDim]}
     * @param v {@code value·W_vᵀ}, {@code [B, Lk, modelDim]}
     * @param mask as {@link #attend(Tensor, Tensor, Tensor, Tensor)}
     */
    AttentionResult attendProjected(Tensor residual, Tensor q, Tensor k, Tensor v, Tensor mask) {
        AttentionKernel.Result heads = AttentionKernel.multiHead(q, k, v, numHeads, mask, dropout, isTraining(),
                dropoutRng);
        Tensor attended = outputProjection.forward(heads.output());
        Tensor output = layerNorm.forward(attended.add(residual));
        AttentionCapture.record(this, heads.weights());
        return new AttentionResult(output, heads.weights());
    }

    /** Returns W_q, W_k and W_v, in that order. */
    Linear[] inputProjections() {
        return new Linear[] {queryProjection, keyProjection, valueProjection};
    }

    /** Returns the width of queries, keys, values and the output. */
    public int modelDim() {
        return modelDim;
    }

    /** Returns the number of heads. */
    public int numHeads() {
        return numHeads;
    }

    /** Returns the dropout probability on the attention weights. */
    public double dropout() {
        return dropout;
    }
}
