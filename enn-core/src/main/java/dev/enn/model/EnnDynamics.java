package dev.enn.model;

import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * The steps of the ENN memory update as small differentiable functions: decay, sparsity,
 * recency-weighted average, state collapse and low-power top-k. {@link EnnModel} runs them
 * without recording gradients, because in the original the memory never reaches the output;
 * they are differentiable so that a mode that feeds the memory back into the output can train
 * through them.
 *
 * <p>Where a step zeroes entries by a comparison (sparsify, prune, top-k), the gradient is 1 for
 * kept entries and 0 for zeroed ones; the comparison itself has no gradient. None of these
 * functions modifies its input.
 */
public final class EnnDynamics {
    /** Factor applied to memory entries strictly above their neuron's mean in {@link #interferenceAdjust}. */
    public static final double INTERFERENCE_BOOST = 1.5;
    /** Factor applied to memory entries at or below their neuron's mean in {@link #interferenceAdjust}. */
    public static final double INTERFERENCE_DAMPING = 0.7;
    /**
     * Pruning threshold of the reference model's state collapse. The original hard-codes 0.0 and
     * ignores its config's {@code importance_threshold}; so does {@link EnnModel}.
     */
    public static final double REFERENCE_COLLAPSE_THRESHOLD = 0.0;

    private EnnDynamics() {
    }

    /**
     * Multiplies every entry by {@code e^(−rate)}.
     *
     * @param state any shape
     * @throws IllegalArgumentException if {@code rate} is NaN or infinite
     */
    public static Tensor decay(Tensor state, double rate) {
        if (!Double.isFinite(rate)) {
            throw new IllegalArgumentException("EnnDynamics.decay: rate = " + rate + " must be finite");
        }
        return state.mul(Math.exp(-rate));
    }

    /**
     * Zeroes entries with {@code |x| < threshold}. A threshold ≤ 0 disables the step and returns
     * {@code state} itself, as the original does. Unlike the original, whose zeroed copy carries
     * no gradient, kept entries pass their gradient through.
     *
     * @param state any shape
     * @throws IllegalArgumentException if {@code threshold} is NaN
     */
    public static Tensor sparsify(Tensor state, double threshold) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("EnnDynamics.sparsify: threshold is NaN; pass a number, or 0 to disable");
        }
        if (threshold <= 0) {
            return state;
        }
        double[] x = state.dataView();
        double[] drop = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            drop[i] = Math.abs(x[i]) < threshold ? 1.0 : 0.0;
        }
        return state.maskedFill(Tensor.wrap(drop, state.shape()), 0.0);
    }

    /**
     * Zeroes entries strictly below {@code threshold} (signed, not by magnitude). With threshold 0
     * this zeroes the negative entries, the first step of the reference model's collapse.
     *
     * @param state any shape
     * @throws IllegalArgumentException if {@code threshold} is NaN
     */
    public static Tensor pruneBelow(Tensor state, double threshold) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("EnnDynamics.pruneBelow: threshold is NaN");
        }
        double[] x = state.dataView();
        double[] drop = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            drop[i] = x[i] < threshold ? 1.0 : 0.0;
        }
        return state.maskedFill(Tensor.wrap(drop, state.shape()), 0.0);
    }

    /**
     * Per row of the last axis, multiplies entries strictly above the row mean μ by
     * {@value #INTERFERENCE_BOOST} and all others by {@value #INTERFERENCE_DAMPING}. The factors
     * depend on the comparison only, so the gradient is the factor and none flows through μ.
     *
     * @param state {@code [..., S]}, rank at least 1
     * @throws IllegalArgumentException if {@code state} is a scalar
     */
    public static Tensor interferenceAdjust(Tensor state) {
        if (state.rank() == 0) {
            throw new IllegalArgumentException("EnnDynamics.interferenceAdjust: needs a tensor [..., S], got a scalar");
        }
        int width = state.dim(-1);
        double[] x = state.dataView();
        double[] factor = new double[x.length];
        for (int start = 0; start < x.length; start += width) {
            double sum = 0;
            for (int s = 0; s < width; s++) {
                sum += x[start + s];
            }
            double mean = sum / width;
            for (int s = 0; s < width; s++) {
                factor[start + s] = x[start + s] > mean ? INTERFERENCE_BOOST : INTERFERENCE_DAMPING;
            }
        }
        return state.mul(Tensor.wrap(factor, state.shape()));
    }

    /**
     * Collapses a memory state as the original's {@code advanced_state_collapse}: prune entries
     * below {@code threshold}, adjust by interference, then encode and decode.
     *
     * @param state {@code [..., S]}
     * @param threshold pruning threshold; the reference model uses {@value #REFERENCE_COLLAPSE_THRESHOLD}
     * @return {@code [..., S]}, every entry ≥ 0
     * @throws IllegalArgumentException if the last axis does not match the autoencoder
     */
    public static Tensor stateCollapse(Tensor state, double threshold, StateAutoencoder autoencoder) {
        return autoencoder.forward(interferenceAdjust(pruneBelow(state, threshold)));
    }

    /**
     * Returns the normalised recency weights {@code w_j = r^(M−1−j) / Σ_i r^(M−1−i)} for
     * {@code j = 0..M−1}: the oldest entry (j = 0) gets {@code r^(M−1)}, the newest gets 1 before
     * normalising. With r = 0 only the newest entry counts (0⁰ = 1).
     *
     * @throws IllegalArgumentException if {@code length} is less than 1 or {@code recencyFactor}
     *     is negative or not finite
     */
    public static double[] recencyWeights(int length, double recencyFactor) {
        if (length < 1) {
            throw new IllegalArgumentException("EnnDynamics.recencyWeights: length = " + length
                    + " is invalid; a history needs at least one entry");
        }
        if (!(recencyFactor >= 0) || Double.isInfinite(recencyFactor)) {
            throw new IllegalArgumentException("EnnDynamics.recencyWeights: recencyFactor = " + recencyFactor
                    + " is invalid; it must be finite and at least 0");
        }
        double[] weights = new double[length];
        double total = 0;
        for (int j = 0; j < length; j++) {
            weights[j] = Math.pow(recencyFactor, length - 1 - j);
            total += weights[j];
        }
        for (int j = 0; j < length; j++) {
            weights[j] /= total;
        }
        return weights;
    }

    /**
     * Averages histories over their time axis with {@link #recencyWeights}, so recent entries
     * count more.
     *
     * @param history {@code [..., M, S]} with the oldest entry first, M ≥ 1; for example one
     *     neuron's {@code [M, S]} or all neurons' {@code [N, M, S]}
     * @return {@code [..., S]}
     * @throws IllegalArgumentException if {@code history} has rank below 2, M is 0, or
     *     {@code recencyFactor} is invalid
     */
    public static Tensor recencyAverage(Tensor history, double recencyFactor) {
        if (history.rank() < 2) {
            throw new IllegalArgumentException("EnnDynamics.recencyAverage: history must be [..., M, S], got shape "
                    + Arrays.toString(history.shape()));
        }
        int length = history.dim(-2);
        double[] weights = recencyWeights(length, recencyFactor);
        // [1, M] · [..., M, S] → [..., 1, S]
        return Tensor.wrap(weights, 1, length).matmul(history).squeeze(-2);
    }

    /**
     * Per row of the last axis, keeps the entries ≥ the row's k'-th largest value (signed) and
     * zeroes the rest, with {@code k' = min(k, S)}. Ties with the k'-th value are all kept, so a
     * row can keep more than k' entries, as in the original.
     *
     * @param state {@code [..., S]}, rank at least 1
     * @param k entries to keep per row; at least 1
     * @throws IllegalArgumentException if {@code k} is less than 1 or {@code state} is a scalar
     */
    public static Tensor lowPowerTopK(Tensor state, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("EnnDynamics.lowPowerTopK: k = " + k + " is invalid; it must be at least 1");
        }
        if (state.rank() == 0) {
            throw new IllegalArgumentException("EnnDynamics.lowPowerTopK: needs a tensor [..., S], got a scalar");
        }
        int width = state.dim(-1);
        int kept = Math.min(k, width);
        double[] x = state.dataView();
        double[] drop = new double[x.length];
        double[] sorted = new double[width];
        for (int start = 0; start < x.length; start += width) {
            System.arraycopy(x, start, sorted, 0, width);
            Arrays.sort(sorted);
            double kthLargest = sorted[width - kept];
            for (int s = 0; s < width; s++) {
                drop[start + s] = x[start + s] >= kthLargest ? 0.0 : 1.0;
            }
        }
        return state.maskedFill(Tensor.wrap(drop, state.shape()), 0.0);
    }
}
