package dev.enn.layer;

import dev.enn.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/** Parameter-free element-wise activation layer. */
public final class Activation extends AbstractLayer {
    /** The supported functions. */
    public enum Kind {
        /** max(x, 0). */
        RELU,
        /** Hyperbolic tangent. */
        TANH,
        /** Logistic sigmoid. */
        SIGMOID,
        /** Exact GELU, x·Φ(x). */
        GELU,
        /** The identity. */
        IDENTITY
    }

    private final Kind kind;

    /**
     * Creates the layer.
     *
     * @throws NullPointerException if {@code kind} is null
     */
    public Activation(Kind kind) {
        this.kind = Objects.requireNonNull(kind, "Activation: kind is null; pass one of " + Arrays.toString(Kind.values()));
    }

    /**
     * Creates the layer from a name such as {@code "relu"} or {@code "gelu"}.
     *
     * @throws IllegalArgumentException for an unknown or null name
     */
    public static Activation of(String name) {
        if (name == null) {
            throw new IllegalArgumentException("activation name is null; expected one of relu, tanh, sigmoid, gelu, identity");
        }
        try {
            return new Activation(Kind.valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of relu, tanh, sigmoid, gelu, identity", e);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        return switch (kind) {
            case RELU -> input.relu();
            case TANH -> input.tanh();
            case SIGMOID -> input.sigmoid();
            case GELU -> input.gelu();
            case IDENTITY -> input;
        };
    }

    /** Returns the function this layer applies. */
    public Kind kind() {
        return kind;
    }
}
