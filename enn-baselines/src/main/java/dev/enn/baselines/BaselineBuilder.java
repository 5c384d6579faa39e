package dev.enn.baselines;

/**
 * Fields and checks shared by the builders of the five baseline models. Defaults follow the
 * original's {@code BaselineConfig}: inputFeatures 5, hiddenSize 64, outputs 1, and seed 0.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 * @param <M> the model it builds
 */
public abstract class BaselineBuilder<B extends BaselineBuilder<B, M>, M extends BaselineModel> {
    /** Default input feature count F. */
    public static final int DEFAULT_INPUT_FEATURES = 5;
    /** Default hidden width. */
    public static final int DEFAULT_HIDDEN_SIZE = 64;
    /** Default output width. */
    public static final int DEFAULT_OUTPUTS = 1;
    /** Default dropout probability of the models that use dropout. */
    public static final double DEFAULT_DROPOUT = 0.1;

    int inputFeatures = DEFAULT_INPUT_FEATURES;
    int hiddenSize = DEFAULT_HIDDEN_SIZE;
    int outputs = DEFAULT_OUTPUTS;
    long seed;

    BaselineBuilder() {
    }

    /** Returns this builder as its concrete type. */
    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /** Sets the feature count F of every input step. */
    public final B inputFeatures(int inputFeatures) {
        this.inputFeatures = inputFeatures;
        return self();
    }

    /** Sets the hidden width h; each model documents how it uses it. */
    public final B hiddenSize(int hiddenSize) {
        this.hiddenSize = hiddenSize;
        return self();
    }

    /** Sets the output width. */
    public final B outputs(int outputs) {
        this.outputs = outputs;
        return self();
    }

    /** Sets the seed from which every initial weight and dropout mask is derived. */
    public final B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /**
     * Builds the model.
     *
     * @throws IllegalArgumentException naming the field and its value if a field is invalid
     */
    public abstract M build();

    /** Checks the shared fields; {@code minHidden} is the smallest hidden width the model can use. */
    final void validateCommon(int minHidden, String hiddenReason) {
        requireAtLeast("inputFeatures", inputFeatures, 1, "");
        requireAtLeast("hiddenSize", hiddenSize, minHidden, hiddenReason);
        requireAtLeast("outputs", outputs, 1, "");
    }

    final void requireAtLeast(String field, int value, int min, String reason) {
        if (value < min) {
            throw new IllegalArgumentException(builderName() + ": " + field + " must be at least " + min + ", got " + value
                    + (reason.isEmpty() ? "" : " (" + reason + ")"));
        }
    }

    final void requireProbability(String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(builderName() + ": " + field + " must lie in [0, 1], got " + value);
        }
    }

    final void requirePositiveFinite(String field, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(builderName() + ": " + field + " must be positive and finite, got " + value);
        }
    }

    private String builderName() {
        Class<?> enclosing = getClass().getEnclosingClass();
        return (enclosing == null ? getClass().getSimpleName() : enclosing.getSimpleName()) + ".Builder";
    }
}
