package dev.enn.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Immutable configuration of an {@link EnnModel}: every field of the original's {@code Config}
 * that its model reads, plus the seed, the input format, the task head and an optional attention
 * preset. The constructor validates every field, so a config that exists can build a model.
 *
 * @param inputFeatures F, the input width of {@code input_projection} (the original's
 *     {@code input_dim}); at least 1
 * @param numNeurons N; at least 1
 * @param numStates S, states per neuron; at least 1
 * @param numLayers L, the number of weight-tied entangle-and-mix steps; at least 1
 * @param compressedDim bottleneck width of the memory's autoencoder; at least 1
 * @param decayRate memory decay rate; the state is multiplied by {@code e^(−decayRate)}; in [0, 1]
 * @param recencyFactor r in the recency weights {@code r^(M−1−j)} of the short-term buffers; in [0, 1]
 * @param bufferSize capacity M of each neuron's short-term buffer; at least 1
 * @param sparsityThreshold memory entries with {@code |x|} below it are zeroed; 0 disables it; finite, ≥ 0
 * @param importanceThreshold kept for configuration parity and model files; finite, ≥ 0. The original
 *     model ignores it and prunes the memory at a hard-coded 0.0, and so does this port
 * @param lowPowerK entries kept per neuron by the memory's top-k step; in [1, numStates]. The original
 *     also accepts values ≤ 0 (which zero the memory); this port rejects them
 * @param l1Lambda weight of the L1 term {@code l1Lambda · mean(σ(E))}; finite, ≥ 0
 * @param seed seed of every random draw made while building the model
 * @param inputFormat how the input is read; never null
 * @param head output stage after the readout; never null
 * @param attentionPreset name of an attention preset provided by {@code dev.enn:enn-attention}
 *     (resolved as layer id {@code attention.enn.<preset>}), or null for none
 * @param dynamics reference (last step only, memory as a side channel) or recurrent (every step,
 *     memory on the output path); never null, and {@link EnnDynamicsMode#RECURRENT} needs
 *     {@link InputFormat#SEQUENCE}
 * @param recurrent switches of the recurrent mode's optional steps; never null, ignored in
 *     reference mode
 */
public record EnnConfig(
        int inputFeatures,
        int numNeurons,
        int numStates,
        int numLayers,
        int compressedDim,
        double decayRate,
        double recencyFactor,
        int bufferSize,
        double sparsityThreshold,
        double importanceThreshold,
        int lowPowerK,
        double l1Lambda,
        long seed,
        InputFormat inputFormat,
        TaskHead head,
        String attentionPreset,
        EnnDynamicsMode dynamics,
        RecurrentOptions recurrent) {

    /** Default F, as the original's {@code input_dim}. */
    public static final int DEFAULT_INPUT_FEATURES = 5;
    /** Default N. */
    public static final int DEFAULT_NUM_NEURONS = 10;
    /** Default S. */
    public static final int DEFAULT_NUM_STATES = 5;
    /** Default L. */
    public static final int DEFAULT_NUM_LAYERS = 3;
    /** Default autoencoder bottleneck. */
    public static final int DEFAULT_COMPRESSED_DIM = 3;
    /** Default memory decay rate. */
    public static final double DEFAULT_DECAY_RATE = 0.1;
    /** Default recency factor. */
    public static final double DEFAULT_RECENCY_FACTOR = 0.9;
    /** Default short-term buffer capacity. */
    public static final int DEFAULT_BUFFER_SIZE = 5;
    /** Default sparsity threshold (disabled). */
    public static final double DEFAULT_SPARSITY_THRESHOLD = 0.0;
    /** Default importance threshold (stored, unused by the model). */
    public static final double DEFAULT_IMPORTANCE_THRESHOLD = 0.1;
    /** Default top-k of the memory's low-power step. */
    public static final int DEFAULT_LOW_POWER_K = 3;
    /** Default L1 weight. */
    public static final double DEFAULT_L1_LAMBDA = 1e-4;
    /** Default seed. */
    public static final long DEFAULT_SEED = 0L;
    /** Default input format. */
    public static final InputFormat DEFAULT_INPUT_FORMAT = InputFormat.SEQUENCE;
    /**
     * Default dynamics of the builder. Reference mode stays the default because the recurrent
     * mode learns long dependencies only with settings other than the builder's defaults
     * (bufferSize 1), and existing code keeps building the original's model.
     * {@code docs/recurrent.md} gives the measurements.
     */
    public static final EnnDynamicsMode DEFAULT_DYNAMICS = EnnDynamicsMode.REFERENCE;

    /** Map key of the head kind in {@link #toMap()}. */
    public static final String HEAD_KEY = "head";
    /** Map key of the head's output width in {@link #toMap()}. */
    public static final String HEAD_OUTPUTS_KEY = "headOutputs";
    /** Map key of the attention preset in {@link #toMap()}; absent when there is none. */
    public static final String ATTENTION_KEY = "attention";
    /**
     * Map key of the dynamics mode in {@link #toMap()}. A map without it is read as
     * {@link EnnDynamicsMode#REFERENCE}, the only mode that existed before the key did.
     */
    public static final String DYNAMICS_KEY = "dynamics";

    private static final Set<String> KEYS = Set.of("inputFeatures", "numNeurons", "numStates", "numLayers",
            "compressedDim", "decayRate", "recencyFactor", "bufferSize", "sparsityThreshold", "importanceThreshold",
            "lowPowerK", "l1Lambda", "seed", "inputFormat", HEAD_KEY, HEAD_OUTPUTS_KEY, ATTENTION_KEY, DYNAMICS_KEY,
            "stateCollapse", "collapseWeight", "lowPowerTopK");

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the first invalid field, its value and the valid range
     */
    public EnnConfig {
        requireAtLeastOne("inputFeatures", inputFeatures);
        requireAtLeastOne("numNeurons", numNeurons);
        requireAtLeastOne("numStates", numStates);
        requireAtLeastOne("numLayers", numLayers);
        requireAtLeastOne("compressedDim", compressedDim);
        requireUnitInterval("decayRate", decayRate);
        requireUnitInterval("recencyFactor", recencyFactor);
        requireAtLeastOne("bufferSize", bufferSize);
        requireNonNegative("sparsityThreshold", sparsityThreshold);
        requireNonNegative("importanceThreshold", importanceThreshold);
        if (lowPowerK < 1 || lowPowerK > numStates) {
            throw new IllegalArgumentException("EnnConfig: lowPowerK = " + lowPowerK + " is invalid; it must lie in [1, "
                    + numStates + "] (1 to numStates). The original accepts values <= 0 and then zeroes the memory;"
                    + " this port rejects them");
        }
        requireNonNegative("l1Lambda", l1Lambda);
        if (inputFormat == null) {
            throw new IllegalArgumentException("EnnConfig: inputFormat is null; choose InputFormat.SEQUENCE ([B, T, F]),"
                    + " VECTOR ([B, F]) or DIRECT ([B, N, S])");
        }
        if (head == null) {
            throw new IllegalArgumentException("EnnConfig: head is null; use TaskHead.none(), mean() or linear(K)");
        }
        if (attentionPreset != null && attentionPreset.isBlank()) {
            throw new IllegalArgumentException("EnnConfig: attentionPreset is blank; pass a preset name such as"
                    + " \"minimal\", or null for no attention");
        }
        if (dynamics == null) {
            throw new IllegalArgumentException("EnnConfig: dynamics is null; choose EnnDynamicsMode.REFERENCE or RECURRENT");
        }
        if (recurrent == null) {
            throw new IllegalArgumentException("EnnConfig: recurrent is null; use RecurrentOptions.defaults()");
        }
        if (dynamics == EnnDynamicsMode.RECURRENT && inputFormat != InputFormat.SEQUENCE) {
            throw new IllegalArgumentException("EnnConfig: dynamics RECURRENT reads sequences, but inputFormat = "
                    + inputFormat + "; use InputFormat.SEQUENCE ([B, T, F], a vector is a sequence of T = 1)");
        }
        long gridSize = (long) numNeurons * numStates;
        requireTensorSize("numNeurons·numStates·inputFeatures", gridSize * inputFeatures);
        requireTensorSize("numNeurons·numNeurons", (long) numNeurons * numNeurons);
        requireTensorSize("numStates·numStates", (long) numStates * numStates);
        requireTensorSize("compressedDim·numStates", (long) compressedDim * numStates);
        requireTensorSize("numNeurons·numStates·headOutputs", gridSize * head.outputs());
    }

    /**
     * Creates a reference-mode config (the fields that existed before the recurrent mode).
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public EnnConfig(int inputFeatures, int numNeurons, int numStates, int numLayers, int compressedDim,
            double decayRate, double recencyFactor, int bufferSize, double sparsityThreshold,
            double importanceThreshold, int lowPowerK, double l1Lambda, long seed, InputFormat inputFormat,
            TaskHead head, String attentionPreset) {
        this(inputFeatures, numNeurons, numStates, numLayers, compressedDim, decayRate, recencyFactor, bufferSize,
                sparsityThreshold, importanceThreshold, lowPowerK, l1Lambda, seed, inputFormat, head, attentionPreset,
                EnnDynamicsMode.REFERENCE, RecurrentOptions.defaults());
    }

    /** Returns a builder of an {@link EnnModel} whose fields start from this config. */
    public EnnModel.Builder toBuilder() {
        return EnnModel.builder().config(this);
    }

    /**
     * Returns the fields by name, in declaration order, for model files. Values are
     * {@code Integer}, {@code Long} (seed), {@code Double}, {@code Boolean} (recurrent switches)
     * and {@code String} (input format, head kind, attention preset, dynamics). The head is stored as {@value #HEAD_KEY} (kind name) and
     * {@value #HEAD_OUTPUTS_KEY}; {@value #ATTENTION_KEY} is absent when there is no preset.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("inputFeatures", inputFeatures);
        map.put("numNeurons", numNeurons);
        map.put("numStates", numStates);
        map.put("numLayers", numLayers);
        map.put("compressedDim", compressedDim);
        map.put("decayRate", decayRate);
        map.put("recencyFactor", recencyFactor);
        map.put("bufferSize", bufferSize);
        map.put("sparsityThreshold", sparsityThreshold);
        map.put("importanceThreshold", importanceThreshold);
        map.put("lowPowerK", lowPowerK);
        map.put("l1Lambda", l1Lambda);
        map.put("seed", seed);
        map.put("inputFormat", inputFormat.name());
        map.put(HEAD_KEY, head.kind().name());
        map.put(HEAD_OUTPUTS_KEY, head.outputs());
        if (attentionPreset != null) {
            map.put(ATTENTION_KEY, attentionPreset);
        }
        map.put(DYNAMICS_KEY, dynamics.name());
        map.put("stateCollapse", recurrent.stateCollapse());
        map.put("collapseWeight", recurrent.collapseWeight());
        map.put("lowPowerTopK", recurrent.lowPowerTopK());
        return Collections.unmodifiableMap(map);
    }

    /**
     * Rebuilds a config from {@link #toMap()} output. Numbers may be any {@link Number} (as a JSON
     * reader returns them) or decimal strings (as string-only metadata stores them); an integer
     * field needs an integral value. A missing key takes its builder default, and a missing
     * {@value #HEAD_OUTPUTS_KEY} takes the head kind's only valid width (0 for NONE, 1 for MEAN).
     *
     * @throws IllegalArgumentException for an unknown key, a value of the wrong type, or an
     *     invalid field (as the constructor checks)
     */
    public static EnnConfig fromMap(Map<String, ?> map) {
        for (String key : map.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("EnnConfig.fromMap: unknown key '" + key + "'; known keys are "
                        + new java.util.TreeSet<>(KEYS));
            }
        }
        TaskHead.Kind headKind = map.containsKey(HEAD_KEY)
                ? enumValue(map, HEAD_KEY, TaskHead.Kind.class) : TaskHead.Kind.NONE;
        int headOutputs = map.containsKey(HEAD_OUTPUTS_KEY)
                ? intValue(map, HEAD_OUTPUTS_KEY) : (headKind == TaskHead.Kind.MEAN ? 1 : 0);
        Object attention = map.get(ATTENTION_KEY);
        if (attention != null && !(attention instanceof String)) {
            throw new IllegalArgumentException("EnnConfig.fromMap: '" + ATTENTION_KEY + "' must be a string, got "
                    + attention.getClass().getSimpleName() + " " + attention);
        }
        return new EnnConfig(
                intOr(map, "inputFeatures", DEFAULT_INPUT_FEATURES),
                intOr(map, "numNeurons", DEFAULT_NUM_NEURONS),
                intOr(map, "numStates", DEFAULT_NUM_STATES),
                intOr(map, "numLayers", DEFAULT_NUM_LAYERS),
                intOr(map, "compressedDim", DEFAULT_COMPRESSED_DIM),
                doubleOr(map, "decayRate", DEFAULT_DECAY_RATE),
                doubleOr(map, "recencyFactor", DEFAULT_RECENCY_FACTOR),
                intOr(map, "bufferSize", DEFAULT_BUFFER_SIZE),
                doubleOr(map, "sparsityThreshold", DEFAULT_SPARSITY_THRESHOLD),
                doubleOr(map, "importanceThreshold", DEFAULT_IMPORTANCE_THRESHOLD),
                intOr(map, "lowPowerK", DEFAULT_LOW_POWER_K),
                doubleOr(map, "l1Lambda", DEFAULT_L1_LAMBDA),
                map.containsKey("seed") ? longValue(map, "seed") : DEFAULT_SEED,
                map.containsKey("inputFormat") ? enumValue(map, "inputFormat", InputFormat.class) : DEFAULT_INPUT_FORMAT,
                new TaskHead(headKind, headOutputs),
                (String) attention,
                map.containsKey(DYNAMICS_KEY) ? enumValue(map, DYNAMICS_KEY, EnnDynamicsMode.class)
                        : EnnDynamicsMode.REFERENCE,
                new RecurrentOptions(
                        booleanOr(map, "stateCollapse", RecurrentOptions.defaults().stateCollapse()),
                        doubleOr(map, "collapseWeight", RecurrentOptions.defaults().collapseWeight()),
                        booleanOr(map, "lowPowerTopK", RecurrentOptions.defaults().lowPowerTopK())));
    }

    // ---------------------------------------------------------------- validation

    private static void requireAtLeastOne(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("EnnConfig: " + field + " = " + value
                    + " is invalid; it must be a positive integer (at least 1)");
        }
    }

    private static void requireUnitInterval(String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("EnnConfig: " + field + " = " + value + " is invalid; it must lie in [0, 1]");
        }
    }

    private static void requireNonNegative(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("EnnConfig: " + field + " = " + value
                    + " is invalid; it must be finite and at least 0");
        }
    }

    private static void requireTensorSize(String product, long size) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("EnnConfig: " + product + " = " + size + " exceeds the largest tensor size "
                    + Integer.MAX_VALUE + "; reduce numNeurons, numStates, inputFeatures or the head's outputs");
        }
    }

    // ---------------------------------------------------------------- map conversion

    private static int intOr(Map<String, ?> map, String key, int fallback) {
        return map.containsKey(key) ? intValue(map, key) : fallback;
    }

    private static double doubleOr(Map<String, ?> map, String key, double fallback) {
        return map.containsKey(key) ? doubleValue(map, key) : fallback;
    }

    private static boolean booleanOr(Map<String, ?> map, String key, boolean fallback) {
        if (!map.containsKey(key)) {
            return fallback;
        }
        Object value = map.get(key);
        if (value instanceof Boolean flag) {
            return flag;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        throw new IllegalArgumentException("EnnConfig.fromMap: '" + key + "' must be true or false, got "
                + describe(value));
    }

    private static int intValue(Map<String, ?> map, String key) {
        long value = longValue(map, key);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("EnnConfig.fromMap: '" + key + "' = " + value + " does not fit an int");
        }
        return (int) value;
    }

    private static long longValue(Map<String, ?> map, String key) {
        Object value = map.get(key);
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            // Doubles are exact integers only up to 2^53.
            if (d == Math.rint(d) && Math.abs(d) <= 0x1p53) {
                return (long) d;
            }
        } else if (value instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("EnnConfig.fromMap: '" + key + "' must be an integer, got "
                + describe(value));
    }

    private static double doubleValue(Map<String, ?> map, String key) {
        Object value = map.get(key);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("EnnConfig.fromMap: '" + key + "' must be a number, got " + describe(value));
    }

    private static <E extends Enum<E>> E enumValue(Map<String, ?> map, String key, Class<E> type) {
        Object value = map.get(key);
        if (value instanceof String text) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(text)) {
                    return constant;
                }
            }
        }
        throw new IllegalArgumentException("EnnConfig.fromMap: '" + key + "' must be one of "
                + java.util.Arrays.toString(type.getEnumConstants()) + ", got " + describe(value));
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " '" + value + "'";
    }
}
