package dev.enn.layer;

import dev.enn.tensor.Tensor;

/**
 * A layer with a penalty term that depends only on its parameters (not on the input), such as
 * the ENN's L1 term on its entanglement mask. The trainer adds it to the loss.
 */
public interface Regularized {
    /** Returns the penalty as a differentiable scalar. */
    Tensor regularization();
}
