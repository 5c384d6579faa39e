package dev.enn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Optimizer state of one parameter: how many updates it has received and the optimizer's
 * buffers for it, each as long as the parameter. Buffer names follow PyTorch's state dict:
 * {@code exp_avg} and {@code exp_avg_sq} for Adam and AdamW, {@code momentum_buffer} for SGD
 * with momentum.
 *
 * @param step number of updates applied to this parameter, at least 0
 * @param buffers buffer name to values. The record stores copies of the arrays.
 */
public record ParameterState(long step, Map<String, double[]> buffers) {
    /**
     * Creates the state, copying every buffer.
     *
     * @throws IllegalArgumentException if {@code step} is negative
     */
    public ParameterState {
        if (step < 0) {
            throw new IllegalArgumentException("ParameterState: step must be >= 0, got " + step);
        }
        buffers = Collections.unmodifiableMap(copy(buffers));
    }

    /** Returns a copy of the buffers, so callers cannot change the stored values. */
    @Override
    public Map<String, double[]> buffers() {
        return copy(buffers);
    }

    private static Map<String, double[]> copy(Map<String, double[]> source) {
        Map<String, double[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> entry : source.entrySet()) {
            copy.put(entry.getKey(), entry.getValue().clone());
        }
        return copy;
    }
}
