package dev.enn.optim;

import dev.enn.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base class of the optimizers. It stores the named parameters, the learning rate and the
 * per-parameter state, and runs the update of each subclass over every parameter that has a
 * gradient.
 *
 * <p>A step skips a parameter whose gradient is {@code null} entirely: no weight decay, no moment
 * update, and its step count does not advance (PyTorch skips a gradient of {@code None} the same
 * way). State is created on a parameter's first update, so {@link #state()} lists only
 * parameters that have been updated.
 *
 * <p>Not thread-safe, so use one optimizer per training thread. The subclasses are fixed
 * ({@link Sgd}, {@link Adam}, {@link AdamW}).
 */
public abstract sealed class Optimizer permits Sgd, Adam, AdamW {
    private final Map<String, Tensor> parameters;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final List<String> bufferNames;
    private double learningRate;

    /** Mutable state of one parameter, with buffers in the order of {@link #bufferNames}. */
    static final class Slot {
        long step;
        final double[][] buffers;

        Slot(int bufferCount, int length) {
            buffers = new double[bufferCount][length];
        }
    }

    /**
     * Creates the optimizer.
     *
     * @param parameters name to parameter, in a stable order. The map is copied, but the tensors
     *     are updated in place.
     * @param learningRate initial learning rate, finite and at least 0
     * @param bufferNames names of the per-parameter buffers the subclass keeps, as in PyTorch's state dict
     * @throws IllegalArgumentException if there are no parameters, a name or tensor is null, one
     *     tensor appears under two names, or the learning rate is negative or not finite
     */
    Optimizer(Map<String, Tensor> parameters, double learningRate, List<String> bufferNames) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + ": no parameters to optimize. Pass model.namedParameters() of a model that has parameters");
        }
        Map<Tensor, String> seen = new IdentityHashMap<>();
        for (Map.Entry<String, Tensor> entry : parameters.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter name and tensor must not be null, got "
                        + entry.getKey() + " -> " + entry.getValue());
            }
            String previous = seen.put(entry.getValue(), entry.getKey());
            if (previous != null) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": the same tensor is registered as '"
                        + previous + "' and '" + entry.getKey() + "', so it would be updated twice per step");
            }
        }
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.bufferNames = List.copyOf(bufferNames);
        this.learningRate = requireNonNegative("learningRate", learningRate);
    }

    /**
     * Names a list of parameters by position ({@code "0"}, {@code "1"}, …), for optimizers built
     * over a list.
     */
    static Map<String, Tensor> namedByIndex(List<Tensor> parameters) {
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            named.put(Integer.toString(i), parameters.get(i));
        }
        return named;
    }

    /**
     * Checks that a hyper-parameter is finite and at least 0, and returns it.
     *
     * @throws IllegalArgumentException naming the hyper-parameter and its value otherwise
     */
    final double requireNonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + name + " = " + value
                    + " is invalid. It must be finite and >= 0");
        }
        return value;
    }

    /**
     * Updates every parameter that has a gradient by one step of this optimizer's rule, using the
     * current learning rate. Gradients are read, not cleared, so call {@link #zeroGrad()} before the
     * next backward pass.
     */
    public final void step() {
        for (Map.Entry<String, Tensor> entry : parameters.entrySet()) {
            Tensor parameter = entry.getValue();
            double[] grad = parameter.gradView();
            if (grad == null) {
                continue;
            }
            Slot slot = slots.computeIfAbsent(entry.getKey(), name -> new Slot(bufferNames.size(), parameter.size()));
            slot.step++;
            update(parameter.dataView(), grad, slot.buffers, slot.step);
        }
    }

    /**
     * Applies one update to one parameter in place.
     *
     * @param parameter the parameter's values. Modified.
     * @param grad its gradient, same length. Not modified.
     * @param buffers this parameter's buffers, in the order given to the constructor, all zeros
     *     before the first update. Modified.
     * @param step the parameter's step count including this update, so 1 on the first update
     */
    abstract void update(double[] parameter, double[] grad, double[][] buffers, long step);

    /** Clears the gradient of every parameter this optimizer updates. */
    public void zeroGrad() {
        for (Tensor parameter : parameters.values()) {
            parameter.zeroGrad();
        }
    }

    /** Returns the learning rate the next {@link #step()} uses. */
    public double learningRate() {
        return learningRate;
    }

    /**
     * Sets the learning rate for the following steps. Schedules call this before each step.
     *
     * @throws IllegalArgumentException if the value is negative or not finite
     */
    public void setLearningRate(double learningRate) {
        this.learningRate = requireNonNegative("learningRate", learningRate);
    }

    /** Returns the parameters by name, in the order given at construction. */
    public Map<String, Tensor> parameters() {
        return parameters;
    }

    /** Returns how many updates the named parameter has received (0 before its first). */
    public long stepCount(String name) {
        requireKnown(name);
        Slot slot = slots.get(name);
        return slot == null ? 0 : slot.step;
    }

    /**
     * Returns a copy of the state of every parameter updated so far, by parameter name, for a
     * checkpoint. Hyper-parameters and the learning rate are not included.
     */
    public Map<String, ParameterState> state() {
        Map<String, ParameterState> state = new LinkedHashMap<>();
        for (Map.Entry<String, Slot> entry : slots.entrySet()) {
            Map<String, double[]> buffers = new LinkedHashMap<>();
            for (int i = 0; i < bufferNames.size(); i++) {
                buffers.put(bufferNames.get(i), entry.getValue().buffers[i]);
            }
            state.put(entry.getKey(), new ParameterState(entry.getValue().step, buffers));
        }
        return state;
    }

    /**
     * Replaces the whole state with a copy of {@code state}, as saved by {@link #state()}.
     * Parameters missing from {@code state} start fresh, as if never updated. Nothing changes if
     * the state is rejected.
     *
     * @throws IllegalArgumentException if a name is not one of this optimizer's parameters, or a
     *     parameter's buffers are missing, unknown or of the wrong length
     */
    public void loadState(Map<String, ParameterState> state) {
        Map<String, Slot> loaded = new LinkedHashMap<>();
        for (Map.Entry<String, ParameterState> entry : state.entrySet()) {
            String name = entry.getKey();
            requireKnown(name);
            int length = parameters.get(name).size();
            Map<String, double[]> buffers = entry.getValue().buffers();
            if (!buffers.keySet().equals(new HashSet<>(bufferNames))) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ".loadState: parameter '" + name
                        + "' has buffers " + buffers.keySet() + " but this optimizer keeps " + bufferNames
                        + ". The state was probably saved by another optimizer type or configuration");
            }
            Slot slot = new Slot(bufferNames.size(), length);
            slot.step = entry.getValue().step();
            for (int i = 0; i < bufferNames.size(); i++) {
                double[] values = buffers.get(bufferNames.get(i));
                if (values.length != length) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ".loadState: buffer '"
                            + bufferNames.get(i) + "' of parameter '" + name + "' has " + values.length
                            + " values but the parameter has " + length + " (shape "
                            + Arrays.toString(parameters.get(name).shape()) + ")");
                }
                slot.buffers[i] = values;
            }
            loaded.put(name, slot);
        }
        slots.clear();
        slots.putAll(loaded);
    }

    private void requireKnown(String name) {
        if (!parameters.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": unknown parameter '" + name
                    + "'. Known parameters: " + parameters.keySet());
        }
    }
}
