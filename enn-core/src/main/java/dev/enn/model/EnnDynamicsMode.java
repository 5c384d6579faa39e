package dev.enn.model;

/**
 * How an {@link EnnModel} turns its input into an output. The equations of the recurrent mode and
 * the measurements behind its defaults are in {@code docs/recurrent.md}.
 */
public enum EnnDynamicsMode {
    /**
     * The original's computation: only the last time step is projected, gated and mixed, and the
     * memory is a side channel that never reaches the output. The output is an affine function of
     * the last step (without attention).
     */
    REFERENCE,
    /**
     * A recurrent network over every time step: the decayed, recency-weighted short-term memory of
     * each sample feeds the next step, and entanglement, mixing, tanh, sparsity, state collapse
     * and top-k all lie on the path to the output. Needs {@link InputFormat#SEQUENCE}.
     */
    RECURRENT
}
