package dev.enn.train;

import dev.enn.layer.Layer;
import dev.enn.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tracks the epoch with the lowest monitored loss for early stopping, and optionally keeps a
 * copy of the model's parameters and buffers from that epoch.
 *
 * <p>An epoch improves on the best when its loss is finite and lower than the best by more than
 * {@code minDelta} (the first finite loss always counts). A NaN or infinite loss never improves.
 */
final class BestEpochTracker {
    private static final String BUFFER_PREFIX = "buffer:";

    private final Layer model;
    private final int patience;
    private final double minDelta;
    private final boolean keepWeights;
    private int bestEpoch = -1;
    private double bestLoss = Double.NaN;
    private int epochsWithoutImprovement;
    private Map<String, double[]> bestWeights;

    /**
     * Creates the tracker.
     *
     * @param patience epochs without improvement after which {@link #shouldStop()} is true, or -1 for never
     * @param minDelta the minimum decrease that counts as an improvement
     * @param keepWeights whether to copy the weights of each new best epoch
     */
    BestEpochTracker(Layer model, int patience, double minDelta, boolean keepWeights) {
        this.model = model;
        this.patience = patience;
        this.minDelta = minDelta;
        this.keepWeights = keepWeights;
    }

    /** Records the monitored loss of an epoch, copying the weights if it is a new best. */
    void record(int epoch, double monitoredLoss) {
        boolean improved = Double.isFinite(monitoredLoss) && (bestEpoch < 0 || monitoredLoss < bestLoss - minDelta);
        if (!improved) {
            epochsWithoutImprovement++;
            return;
        }
        bestEpoch = epoch;
        bestLoss = monitoredLoss;
        epochsWithoutImprovement = 0;
        if (keepWeights) {
            bestWeights = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> entry : modelState().entrySet()) {
                bestWeights.put(entry.getKey(), entry.getValue().toArray());
            }
        }
    }

    /** Returns whether early stopping is on and the last {@code patience} epochs brought no improvement. */
    boolean shouldStop() {
        return patience >= 0 && epochsWithoutImprovement > 0 && epochsWithoutImprovement >= patience;
    }

    /** Copies the saved weights back into the model and returns whether there were any to copy. */
    boolean restoreBestWeights() {
        if (bestWeights == null) {
            return false;
        }
        for (Map.Entry<String, Tensor> entry : modelState().entrySet()) {
            double[] values = bestWeights.get(entry.getKey());
            System.arraycopy(values, 0, entry.getValue().dataView(), 0, values.length);
        }
        return true;
    }

    /** Returns the epoch with the best monitored loss, or -1 if no epoch had a finite one. */
    int bestEpoch() {
        return bestEpoch;
    }

    /** Returns the monitored loss of the best epoch, or NaN. */
    double bestLoss() {
        return bestLoss;
    }

    /** Returns the epochs since the best one, for checkpoints. */
    int epochsWithoutImprovement() {
        return epochsWithoutImprovement;
    }

    /** Returns the saved weights of the best epoch (not copies), or null if none are kept. */
    Map<String, double[]> bestWeights() {
        return bestWeights;
    }

    /**
     * Restores the tracking state saved in a checkpoint.
     *
     * @param weights the best epoch's weights under the names {@link #bestWeights()} uses, or null
     * @throws IllegalArgumentException if the weights do not cover the model's state with matching lengths
     */
    void restore(int epoch, double loss, int withoutImprovement, Map<String, double[]> weights) {
        if (keepWeights && weights != null) {
            for (Map.Entry<String, Tensor> entry : modelState().entrySet()) {
                double[] values = weights.get(entry.getKey());
                if (values == null || values.length != entry.getValue().size()) {
                    throw new IllegalArgumentException("best weights for '" + entry.getKey() + "' are missing or have "
                            + (values == null ? 0 : values.length) + " values instead of " + entry.getValue().size());
                }
            }
            bestWeights = new LinkedHashMap<>(weights);
        }
        bestEpoch = epoch;
        bestLoss = loss;
        epochsWithoutImprovement = withoutImprovement;
    }

    /** Returns the model's parameters and buffers by name, buffers prefixed so the names cannot clash. */
    private Map<String, Tensor> modelState() {
        Map<String, Tensor> state = new LinkedHashMap<>(model.namedParameters());
        for (Map.Entry<String, Tensor> buffer : model.namedBuffers().entrySet()) {
            state.put(BUFFER_PREFIX + buffer.getKey(), buffer.getValue());
        }
        return state;
    }
}
