package dev.enn.attention;

import dev.enn.layer.AbstractLayer;
import dev.enn.layer.Linear;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Shapes;
import dev.enn.tensor.Tensor;

/**
 * Self-attention across the neurons of an ENN state: each neuron's state vector is projected to
 * the hidden width, the neurons attend to one another with {@link MultiHeadAttention}, and the
 * result is projected back, {@code [B, N, S] → [B, N, S]}. There is no residual around the whole
 * block (the inner attention has its own).
 *
 * <p>Parameters: {@code state_projection.*} (S → H with bias), {@code neuron_attention.*} (a
 * {@link MultiHeadAttention} of width H) and {@code output_projection.*} (H → S with bias):
 * {@code 4H² + 2SH + 4H + S} in all. Any number of neurons N works with the same weights.
 *
 * <p>When S &lt; H, the queries, keys and values are computed from the states through the folded
 * weights {@code W_q·W_s} (and so on) with the bias {@code W_q·b_s}, which is the same linear map
 * as projecting to H first and then through {@code W_q}, at S/H of the cost per row. The results
 * differ from the two-step projection only by rounding.
 */
public final class NeuronStateAttention extends AbstractLayer {
    /** Hidden width used when none is given, as in the original. */
    public static final int DEFAULT_HIDDEN_DIM = 64;
    /** Head count used when none is given, as in the original. */
    public static final int DEFAULT_NUM_HEADS = 4;

    private static final String NAME = "NeuronStateAttention";

    private final int numStates;
    private final Linear stateProjection;
    private final MultiHeadAttention neuronAttention;
    private final Linear outputProjection;

    /**
     * Creates the layer.
     *
     * @param numStates states per neuron S
     * @param hiddenDim attention width H; must be divisible by {@code numHeads}
     * @param numHeads attention heads
     * @param dropout dropout on the attention weights in training mode, in [0, 1]
     * @param rng generator for the initial weights and the dropout masks
     * @throws IllegalArgumentException if a size is not positive, {@code hiddenDim % numHeads != 0}
     *     or {@code dropout} lies outside [0, 1]
     */
    public NeuronStateAttention(int numStates, int hiddenDim, int numHeads, double dropout, Rng rng) {
        Shapes.requirePositive(NAME + " numStates", numStates);
        AttentionShapes.checkHeads(NAME, hiddenDim, numHeads, dropout);
        this.numStates = numStates;
        this.stateProjection = registerChild("state_projection", new Linear(numStates, hiddenDim, rng));
        this.neuronAttention = registerChild("neuron_attention", new MultiHeadAttention(hiddenDim, numHeads, dropout, rng));
        this.outputProjection = registerChild("output_projection", new Linear(hiddenDim, numStates, rng));
    }

    /**
     * Maps {@code [B, N, S]} to {@code [B, N, S]}.
     *
     * @throws IllegalArgumentException if the input is not {@code [B, N, numStates]}
     */
    @Override
    public Tensor forward(Tensor states) {
        return attend(states).output();
    }

    /**
     * Maps {@code [B, N, S]} to {@code [B, N, S]} and returns the attention weights
     * {@code [B, A, N, N]} (row n: how much neuron n attends to each neuron).
     *
     * @throws IllegalArgumentException if the input is not {@code [B, N, numStates]}
     */
    public AttentionResult attend(Tensor states) {
        int[] shape = states.shape();
        if (shape.length != 3 || shape[2] != numStates) {
            throw new ShapeMismatchException(NAME + ": input must be [B, N, S] with S = " + numStates + ", got "
                    + Shapes.format(shape) + "; the last axis holds the states of one neuron", null, shape);
        }
        Tensor hidden = stateProjection.forward(states);
        AttentionResult attended;
        if (numStates < neuronAttention.modelDim()) {
            // hidden·W_qᵀ = states·(W_q·W_s)ᵀ + W_q·b_s, and likewise for W_k and W_v: projecting the
            // S-wide states directly through the folded weights costs S/H of projecting the hidden rows
            Tensor[] projected = new Tensor[3];
            Linear[] projections = neuronAttention.inputProjections();
            for (int i = 0; i < 3; i++) {
                Tensor w = projections[i].weight();
                Tensor bias = w.matmul(stateProjection.bias().unsqueeze(1)).reshape(-1);
                projected[i] = states.linear(w.matmul(stateProjection.weight()), bias);
            }
            attended = neuronAttention.attendProjected(hidden, projected[0], projected[1], projected[2], null);
        } else {
            attended = neuronAttention.attend(hidden, null);
        }
        AttentionCapture.record(this, attended.weights());
        return new AttentionResult(outputProjection.forward(attended.output()), attended.weights());
    }

    /** Returns the states per neuron S. */
    public int numStates() {
        return numStates;
    }

    /** Returns the inner multi-head attention. */
    public MultiHeadAttention neuronAttention() {
        return neuronAttention;
    }
}
