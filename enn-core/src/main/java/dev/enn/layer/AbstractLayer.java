package dev.enn.layer;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Base class that keeps parameters, buffers and child layers in registration order and builds
 * hierarchical names ({@code child.parameter}). Subclasses register everything in their
 * constructor and implement {@link #forward}.
 */
public abstract class AbstractLayer implements Layer {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Layer> children = new LinkedHashMap<>();
    private final Map<String, Rng> generators = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers a parameter; marks it as requiring a gradient and returns it. */
    protected final Tensor registerParameter(String name, Tensor value) {
        checkName(name);
        value.requireGrad(true);
        parameters.put(name, value);
        return value;
    }

    /** Registers a non-trainable tensor that model files keep; returns it. */
    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /**
     * Registers a random generator that the layer draws from while training, so that checkpoints
     * save its state; returns it.
     */
    protected final Rng registerGenerator(String name, Rng generator) {
        checkName(name);
        Objects.requireNonNull(generator, "registerGenerator: generator '" + name + "' is null");
        generators.put(name, generator);
        return generator;
    }

    /** Registers a child layer whose parameters appear under {@code name.}; returns it. */
    protected final <L extends Layer> L registerChild(String name, L child) {
        checkName(name);
        children.put(name, child);
        child.setTraining(training);
        return child;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("layer member name must be non-empty and contain no '.', got '" + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)
                || generators.containsKey(name)) {
            throw new IllegalArgumentException("layer member name '" + name + "' is already registered");
        }
    }

    @Override
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> all = new LinkedHashMap<>(parameters);
        for (Map.Entry<String, Layer> child : children.entrySet()) {
            for (Map.Entry<String, Tensor> p : child.getValue().namedParameters().entrySet()) {
                all.put(child.getKey() + "." + p.getKey(), p.getValue());
            }
        }
        return Collections.unmodifiableMap(all);
    }

    @Override
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> all = new LinkedHashMap<>(buffers);
        for (Map.Entry<String, Layer> child : children.entrySet()) {
            for (Map.Entry<String, Tensor> b : child.getValue().namedBuffers().entrySet()) {
                all.put(child.getKey() + "." + b.getKey(), b.getValue());
            }
        }
        return Collections.unmodifiableMap(all);
    }

    @Override
    public Map<String, Rng> namedGenerators() {
        Map<String, Rng> all = new LinkedHashMap<>(generators);
        for (Map.Entry<String, Layer> child : children.entrySet()) {
            for (Map.Entry<String, Rng> g : child.getValue().namedGenerators().entrySet()) {
                all.put(child.getKey() + "." + g.getKey(), g.getValue());
            }
        }
        return Collections.unmodifiableMap(all);
    }

    /** Returns the child layers by name, in registration order. */
    public final Map<String, Layer> children() {
        return Collections.unmodifiableMap(children);
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
        for (Layer child : children.values()) {
            child.setTraining(training);
        }
    }

    @Override
    public final boolean isTraining() {
        return training;
    }
}
