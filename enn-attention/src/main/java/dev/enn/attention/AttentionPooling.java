package dev.enn.attention;

import dev.enn.layer.AbstractLayer;
import dev.enn.layer.Activation;
import dev.enn.layer.Linear;
import dev.enn.layer.Sequential;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Shapes;
import dev.enn.tensor.Tensor;

/**
 * Learned weighted average over time, {@code [B, L, inputDim] → [B, inputDim]}: a scorer
 * {@code Linear(inputDim → H) → tanh → Linear(H → 1)} rates each step, a softmax over the steps
 * turns the ratings into weights, and the output is the weighted sum of the steps.
 *
 * <p>Parameters, named as in the PyTorch original: {@code attention_weights.0.weight}
 * {@code [H, inputDim]}, {@code attention_weights.0.bias} {@code [H]},
 * {@code attention_weights.2.weight} {@code [1, H]} and {@code attention_weights.2.bias}
 * {@code [1]}, all with PyTorch's default Linear init: {@code (inputDim + 2)·H + 1} in all.
 *
 * <p>Masked steps get weight 0. A sequence whose every step is masked gets all-zero weights and a
 * zero output vector (and zero gradients). The original gives masked steps a score of −1e9
 * instead, so a fully masked sequence gets uniform weights there: the plain mean of its steps.
 * Both choices agree on every other sequence.
 */
public final class AttentionPooling extends AbstractLayer {
    /** Hidden width of the scorer used when none is given, as in the original. */
    public static final int DEFAULT_HIDDEN_DIM = 64;

    private static final String NAME = "AttentionPooling";

    private final int inputDim;
    private final Sequential scorer;

    /**
     * Creates the layer.
     *
     * @param inputDim features per step
     * @param hiddenDim hidden width of the scorer
     * @param rng generator for the initial weights
     * @throws IllegalArgumentException if a size is not positive
     */
    public AttentionPooling(int inputDim, int hiddenDim, Rng rng) {
        Shapes.requirePositive(NAME + " inputDim", inputDim);
        Shapes.requirePositive(NAME + " hiddenDim", hiddenDim);
        this.inputDim = inputDim;
        Linear hidden = new Linear(inputDim, hiddenDim, rng);
        Linear score = new Linear(hiddenDim, 1, rng);
        this.scorer = registerChild("attention_weights",
                new Sequential(hidden, new Activation(Activation.Kind.TANH), score));
    }

    /**
     * Pools {@code [B, L, inputDim]} into {@code [B, inputDim]} over all steps.
     *
     * @throws IllegalArgumentException if the input is not {@code [B, L, inputDim]}
     */
    @Override
    public Tensor forward(Tensor sequence) {
        return attend(sequence, null).output();
    }

    /**
     * Pools {@code [B, L, inputDim]} into {@code [B, inputDim]} and returns the weights.
     *
     * @param mask {@code null} or {@code [B, L]} with 1 for steps to include and 0 for steps to
     *     skip (padding)
     * @return output {@code [B, inputDim]} and weights {@code [B, L]}
     * @throws IllegalArgumentException if the input is not {@code [B, L, inputDim]} or the mask
     *     is not {@code [B, L]} of 0/1 entries
     */
    public AttentionResult attend(Tensor sequence, Tensor mask) {
        int[] shape = sequence.shape();
        if (shape.length != 3 || shape[2] != inputDim) {
            throw new ShapeMismatchException(NAME + ": input must be [B, L, " + inputDim + "], got "
                    + Shapes.format(shape) + "; sequences are batch-first [batch, length, features]", null, shape);
        }
        int batch = shape[0];
        int length = shape[1];
        Tensor scores = scorer.forward(sequence).reshape(batch, length);
        if (mask != null) {
            if (mask.rank() != 2 || mask.dim(0) != batch || mask.dim(1) != length) {
                throw new ShapeMismatchException(NAME + ": mask must be [B, L] = [" + batch + ", " + length + "], got "
                        + Shapes.format(mask.shape()) + "; use 1 for steps to include and 0 for padding",
                        new int[] {batch, length}, mask.shape());
            }
            scores = scores.maskedFill(ScaledDotProductAttention.blockedPositions(mask), Double.NEGATIVE_INFINITY);
        }
        Tensor weights = scores.softmax(-1);
        Tensor output = weights.unsqueeze(1).matmul(sequence).reshape(batch, inputDim);
        AttentionCapture.record(this, weights);
        return new AttentionResult(output, weights);
    }

    /** Returns the features per step. */
    public int inputDim() {
        return inputDim;
    }
}
