package dev.enn.model;

/**
 * Switches for the optional steps of {@link EnnDynamicsMode#RECURRENT}. The decay rate, recency
 * factor, buffer size, sparsity threshold and top-k width come from {@link EnnConfig}; these
 * switches decide whether the state collapse and the top-k step run at all, because both can slow
 * learning (measurements in {@code docs/recurrent.md}).
 *
 * @param stateCollapse add the collapsed state {@code κ·AE(adjust(prune(a)))} to the activation
 *     {@code a} as a residual, with κ = {@link #collapseWeight}
 * @param collapseWeight κ, the weight of the collapse residual; finite, ≥ 0
 * @param lowPowerTopK keep only the {@code lowPowerK} entries of largest magnitude per neuron in
 *     every step's state
 */
public record RecurrentOptions(boolean stateCollapse, double collapseWeight, boolean lowPowerTopK) {
    /** Default weight of the collapse residual. */
    public static final double DEFAULT_COLLAPSE_WEIGHT = 0.5;

    /**
     * Validates the weight.
     *
     * @throws IllegalArgumentException if {@code collapseWeight} is negative, NaN or infinite
     */
    public RecurrentOptions {
        if (!(collapseWeight >= 0) || Double.isInfinite(collapseWeight)) {
            throw new IllegalArgumentException("RecurrentOptions: collapseWeight = " + collapseWeight
                    + " is invalid; it must be finite and at least 0");
        }
    }

    /** Returns the defaults: state collapse on with weight 0.5, top-k off. */
    public static RecurrentOptions defaults() {
        return new RecurrentOptions(true, DEFAULT_COLLAPSE_WEIGHT, false);
    }
}
