package dev.enn.baselines.layers;

import dev.enn.layer.AbstractLayer;
import dev.enn.layer.Init;
import dev.enn.layer.Linear;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Shapes;
import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * Multi-head self-attention with a packed input projection, as PyTorch's
 * {@code nn.MultiheadAttention(D, A, batch_first=True)} called with query = key = value:
 * {@code [B, T, D] → [B, T, D]}.
 *
 * <p>{@code [q | k | v] = x·W_inᵀ + b_in}, each split into A heads of width D/A. Every head
 * attends as {@link ScaledDotProductAttention} computes, and the heads are concatenated and
 * projected by {@code out_proj}. {@link #forward} runs the attention of all heads as one fused
 * op; {@link #forwardReference} computes the same values with core tensor ops. Parameters carry PyTorch's state-dict names: {@code in_proj_weight [3D, D]}
 * (Xavier-uniform over the whole matrix, fans D and 3D), {@code in_proj_bias [3D]} (zero),
 * {@code out_proj.weight [D, D]} (uniform ±1/√D) and {@code out_proj.bias [D]} (zero). In
 * training mode dropout acts on the attention weights.
 *
 * <p>A key-padding mask {@code [B, T]} marks padded positions with a nonzero entry; no query
 * attends to them. A query whose every key is padded (a sequence of only padding) gets a
 * context vector of zeros, so its output is {@code out_proj.bias}; no NaN appears in the output
 * or the gradients.
 */
public final class MultiheadSelfAttention extends AbstractLayer {
    private final int embedDim;
    private final int numHeads;
    private final double dropout;
    private final Rng dropoutRng;
    private final Tensor inProjWeight;
    private final Tensor inProjBias;
    private final Linear outProj;

    /**
     * Creates the layer.
     *
     * @param embedDim model width D
     * @param numHeads head count A; must divide D
     * @param dropout probability in [0, 1] of dropping an attention weight in training
     * @throws IllegalArgumentException if a size is not positive, A does not divide D, or
     *     {@code dropout} is outside [0, 1]
     */
    public MultiheadSelfAttention(int embedDim, int numHeads, double dropout, Rng initRng, Rng dropoutRng) {
        Shapes.requirePositive("MultiheadSelfAttention embedDim", embedDim);
        Shapes.requirePositive("MultiheadSelfAttention numHeads", numHeads);
        if (embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadSelfAttention: embedDim " + embedDim + " is not divisible by numHeads "
                    + numHeads + "; choose a head count that divides the width");
        }
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException("MultiheadSelfAttention dropout must lie in [0, 1], got " + dropout);
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.dropout = dropout;
        this.dropoutRng = dropoutRng == null ? null : registerGenerator("dropout", dropoutRng);
        this.inProjWeight = registerParameter("in_proj_weight",
                Init.xavierUniform(Tensor.zeros(3 * embedDim, embedDim), embedDim, 3 * embedDim, initRng));
        this.inProjBias = registerParameter("in_proj_bias", Tensor.zeros(3 * embedDim));
        this.outProj = registerChild("out_proj", new Linear(embedDim, embedDim, initRng));
        Arrays.fill(outProj.bias().dataView(), 0.0);
    }

    /**
     * Attends without a mask.
     *
     * @param input {@code [B, T, D]}
     * @return {@code [B, T, D]}
     */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null);
    }

    /**
     * Attends, ignoring padded keys.
     *
     * @param input {@code [B, T, D]}
     * @param keyPaddingMask {@code [B, T]}, nonzero at padded positions; {@code null} for none
     * @return {@code [B, T, D]}
     * @throws ShapeMismatchException if the input or the mask has the wrong shape
     */
    public Tensor forward(Tensor input, Tensor keyPaddingMask) {
        return outProj.forward(attendHeads(input, keyPaddingMask).context());
    }

    /**
     * Attends and also returns the attention weights {@code [B, A, T, T]} (before dropout). The
     * weights are a copy outside the autograd graph. {@link #attendReference} returns them as
     * a differentiable tensor.
     *
     * @see #forward(Tensor, Tensor)
     */
    public ScaledDotProductAttention.Result attend(Tensor input, Tensor keyPaddingMask) {
        SelfAttentionKernel.Output heads = attendHeads(input, keyPaddingMask);
        int steps = input.dim(1);
        Tensor weights = Tensor.of(heads.weights(), input.dim(0), numHeads, steps, steps);
        return new ScaledDotProductAttention.Result(outProj.forward(heads.context()), weights);
    }

    /** Runs the input projection and the fused attention of all heads, before {@code out_proj}. */
    private SelfAttentionKernel.Output attendHeads(Tensor input, Tensor keyPaddingMask) {
        checkShapes(input, keyPaddingMask);
        Tensor packed = input.linear(inProjWeight, inProjBias);
        return SelfAttentionKernel.fused(packed, numHeads, keyPaddingMask, dropout, isTraining(), dropoutRng);
    }

    /**
     * Computes the same as {@link #forward(Tensor, Tensor)} with core tensor ops and
     * {@link ScaledDotProductAttention}; slower, kept as the reference. In training mode it
     * draws the same dropout mask from the same generator.
     */
    public Tensor forwardReference(Tensor input, Tensor keyPaddingMask) {
        return attendReference(input, keyPaddingMask).output();
    }

    /**
     * Computes the same as {@link #attend} with core tensor ops, with the attention weights
     * {@code [B, A, T, T]} (before dropout) as part of the autograd graph.
     */
    public ScaledDotProductAttention.Result attendReference(Tensor input, Tensor keyPaddingMask) {
        checkShapes(input, keyPaddingMask);
        int batch = input.dim(0);
        int steps = input.dim(1);
        int headWidth = embedDim / numHeads;
        Tensor mask = keyPaddingMask == null ? null : keyPaddingMask.reshape(batch, 1, 1, steps);
        Tensor packed = input.linear(inProjWeight, inProjBias);
        Tensor query = splitHeads(packed.slice(2, 0, embedDim), batch, steps, headWidth);
        Tensor key = splitHeads(packed.slice(2, embedDim, 2 * embedDim), batch, steps, headWidth);
        Tensor value = splitHeads(packed.slice(2, 2 * embedDim, 3 * embedDim), batch, steps, headWidth);
        ScaledDotProductAttention.Result heads =
                ScaledDotProductAttention.compute(query, key, value, mask, dropout, isTraining(), dropoutRng);
        // [B, A, T, D/A] → [B, T, A, D/A] → [B, T, D]
        Tensor context = heads.output().permute(0, 2, 1, 3).reshape(batch, steps, embedDim);
        return new ScaledDotProductAttention.Result(outProj.forward(context), heads.weights());
    }

    private void checkShapes(Tensor input, Tensor keyPaddingMask) {
        int[] shape = input.shape();
        if (shape.length != 3 || shape[2] != embedDim) {
            throw new ShapeMismatchException("MultiheadSelfAttention: input has shape " + Arrays.toString(shape)
                    + " but the layer expects [B, T, " + embedDim + "] (batch-first)", null, shape);
        }
        int batch = shape[0];
        int steps = shape[1];
        if (keyPaddingMask != null && !Arrays.equals(keyPaddingMask.shape(), new int[] {batch, steps})) {
            throw new ShapeMismatchException("MultiheadSelfAttention: key padding mask has shape "
                    + Arrays.toString(keyPaddingMask.shape()) + " but the input " + Arrays.toString(shape)
                    + " needs [" + batch + ", " + steps + "] (nonzero marks a padded position)",
                    new int[] {batch, steps}, keyPaddingMask.shape());
        }
    }

    /** {@code [B, T, D] → [B, A, T, D/A]}. */
    private Tensor splitHeads(Tensor x, int batch, int steps, int headWidth) {
        return x.reshape(batch, steps, numHeads, headWidth).permute(0, 2, 1, 3);
    }

    /** Returns the model width D. */
    public int embedDim() {
        return embedDim;
    }

    /** Returns the head count A. */
    public int numHeads() {
        return numHeads;
    }
}
