package dev.enn.attention;

import dev.enn.layer.AbstractLayer;
import dev.enn.layer.Init;
import dev.enn.layer.Linear;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Shapes;
import dev.enn.tensor.Tensor;

/**
 * Self-attention over time with a learned positional table, {@code [B, T, stateDim] →
 * [B, T, stateDim]}: each step is projected to the hidden width, row t of the table is added to
 * step t, the steps attend to one another with {@link MultiHeadAttention}, and the result is
 * projected back.
 *
 * <p>Parameters: {@code temporal_encoding} ({@code [maxLength, H]}, standard normal),
 * {@code state_projection.*} (stateDim → H), {@code temporal_attention.*} (a
 * {@link MultiHeadAttention} of width H) and {@code output_projection.*} (H → stateDim):
 * {@code maxLength·H + 4H² + 2·stateDim·H + 4H + stateDim} in all.
 *
 * <p>A sequence longer than the table is rejected. (The original silently drops the positional
 * term for such sequences.)
 */
public final class TemporalAttention extends AbstractLayer {
    /** Rows of the positional table used when no length is given, as in the original. */
    public static final int DEFAULT_MAX_LENGTH = 100;
    /** Dropout on the attention weights used when none is given; the original always uses it. */
    public static final double DEFAULT_DROPOUT = 0.1;
    /** Head count used when none is given, as in the original. */
    public static final int DEFAULT_NUM_HEADS = 2;

    private static final String NAME = "TemporalAttention";

    private final int stateDim;
    private final int maxLength;
    private final Tensor temporalEncoding;
    private final Linear stateProjection;
    private final MultiHeadAttention temporalAttention;
    private final Linear outputProjection;

    /**
     * Creates the layer with a table of {@value #DEFAULT_MAX_LENGTH} positions and dropout
     * {@value #DEFAULT_DROPOUT}.
     *
     * @see #TemporalAttention(int, int, int, double, int, Rng)
     */
    public TemporalAttention(int stateDim, int hiddenDim, int numHeads, Rng rng) {
        this(stateDim, hiddenDim, numHeads, DEFAULT_DROPOUT, DEFAULT_MAX_LENGTH, rng);
    }

    /**
     * Creates the layer.
     *
     * @param stateDim features per time step
     * @param hiddenDim attention width H; must be divisible by {@code numHeads}
     * @param numHeads attention heads
     * @param dropout dropout on the attention weights in training mode, in [0, 1]
     * @param maxLength rows of the positional table, the longest sequence the layer accepts
     * @param rng generator for the initial weights and the dropout masks
     * @throws IllegalArgumentException if a size is not positive, {@code hiddenDim % numHeads != 0}
     *     or {@code dropout} lies outside [0, 1]
     */
    public TemporalAttention(int stateDim, int hiddenDim, int numHeads, double dropout, int maxLength, Rng rng) {
        Shapes.requirePositive(NAME + " stateDim", stateDim);
        Shapes.requirePositive(NAME + " maxLength", maxLength);
        AttentionShapes.checkHeads(NAME, hiddenDim, numHeads, dropout);
        this.stateDim = stateDim;
        this.maxLength = maxLength;
        this.temporalEncoding = registerParameter("temporal_encoding",
                Init.normal(Tensor.zeros(maxLength, hiddenDim), 0.0, 1.0, rng));
        this.stateProjection = registerChild("state_projection", new Linear(stateDim, hiddenDim, rng));
        this.temporalAttention = registerChild("temporal_attention", new MultiHeadAttention(hiddenDim, numHeads, dropout, rng));
        this.outputProjection = registerChild("output_projection", new Linear(hiddenDim, stateDim, rng));
    }

    /**
     * Maps {@code [B, T, stateDim]} to {@code [B, T, stateDim]}.
     *
     * @throws IllegalArgumentException if the input is not {@code [B, T, stateDim]} or T exceeds
     *     the positional table
     */
    @Override
    public Tensor forward(Tensor sequence) {
        return attend(sequence, null).output();
    }

    /**
     * Maps {@code [B, T, stateDim]} to {@code [B, T, stateDim]} and returns the attention weights
     * {@code [B, A, T, T]}.
     *
     * @param mask {@code null}, {@code [B, T, T]} or a key-padding mask {@code [B, T]}, with 1
     *     where a step may attend and 0 where it may not
     * @throws IllegalArgumentException if the input is not {@code [B, T, stateDim]}, T exceeds
     *     the positional table, or the mask does not fit
     */
    public AttentionResult attend(Tensor sequence, Tensor mask) {
        int[] shape = sequence.shape();
        if (shape.length != 3 || shape[2] != stateDim) {
            throw new ShapeMismatchException(NAME + ": input must be [B, T, " + stateDim + "], got "
                    + Shapes.format(shape) + "; sequences are batch-first [batch, time, features]", null, shape);
        }
        int length = shape[1];
        if (length > maxLength) {
            throw new IllegalArgumentException(NAME + ": sequence length T = " + length
                    + " exceeds the positional table of " + maxLength + " rows; build the layer with maxLength >= "
                    + length + " (constructor argument maxLength, or option \"maxLength\" of attention.temporal)");
        }
        Tensor positions = temporalEncoding.slice(0, 0, length);
        Tensor hidden = stateProjection.forward(sequence).add(positions);
        AttentionResult attended = temporalAttention.attend(hidden, mask);
        AttentionCapture.record(this, attended.weights());
        return new AttentionResult(outputProjection.forward(attended.output()), attended.weights());
    }

    /** Returns the features per time step. */
    public int stateDim() {
        return stateDim;
    }

    /** Returns the number of rows of the positional table, the longest sequence accepted. */
    public int maxLength() {
        return maxLength;
    }

    /** Returns the inner multi-head attention. */
    public MultiHeadAttention temporalAttention() {
        return temporalAttention;
    }
}
