package dev.enn.baselines;

import dev.enn.baselines.layers.LiquidTimeConstantCell;
import dev.enn.baselines.layers.LiquidTimeConstantCell.Integrator;
import dev.enn.layer.Layer;
import dev.enn.layer.LayerProvider;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Registers the five baseline models with {@link dev.enn.layer.LayerRegistry}.
 *
 * <table>
 * <caption>Ids and option keys (missing keys take the builder's default)</caption>
 * <tr><th>id</th><th>option keys</th></tr>
 * <tr><td>{@code baseline.lstm}</td><td>inputFeatures, hiddenSize, numLayers, outputs, dropout, seed</td></tr>
 * <tr><td>{@code baseline.transformer}</td><td>inputFeatures, hiddenSize, numLayers, numHeads, outputs, dropout, seed</td></tr>
 * <tr><td>{@code baseline.cnn}</td><td>inputFeatures, hiddenSize, outputs, dropout, seed</td></tr>
 * <tr><td>{@code baseline.mlp}</td><td>inputFeatures, hiddenSize, windowLength, outputs, dropout, seed</td></tr>
 * <tr><td>{@code baseline.liquid}</td><td>inputFeatures, hiddenSize, outputs, timeStep, integrator
 * ({@code "explicit_euler"} or {@code "semi_implicit_euler"}), minTimeConstant, seed</td></tr>
 * </table>
 *
 * <p>Integer options take any integral {@link Number}, {@code dropout}, {@code timeStep} and
 * {@code minTimeConstant} any {@link Number}, and {@code seed} an integral {@link Number}. An
 * unknown key, a value of the wrong type or an invalid value is rejected.
 */
public final class BaselineLayerProvider implements LayerProvider {
    /** Maven coordinates of this module. */
    public static final String ARTIFACT = "dev.enn:enn-baselines";

    private static final Map<String, List<String>> KEYS = Map.of(
            "baseline.lstm", List.of("inputFeatures", "hiddenSize", "numLayers", "outputs", "dropout", "seed"),
            "baseline.transformer", List.of("inputFeatures", "hiddenSize", "numLayers", "numHeads", "outputs", "dropout", "seed"),
            "baseline.cnn", List.of("inputFeatures", "hiddenSize", "outputs", "dropout", "seed"),
            "baseline.mlp", List.of("inputFeatures", "hiddenSize", "windowLength", "outputs", "dropout", "seed"),
            "baseline.liquid", List.of("inputFeatures", "hiddenSize", "outputs", "timeStep", "integrator", "minTimeConstant", "seed"));

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public BaselineLayerProvider() {
    }

    @Override
    public String artifact() {
        return ARTIFACT;
    }

    @Override
    public Set<String> ids() {
        return new TreeSet<>(KEYS.keySet());
    }

    /** Returns the option keys that {@code id} accepts, in documentation order. */
    public static List<String> optionKeys(String id) {
        List<String> keys = KEYS.get(id);
        if (keys == null) {
            throw new IllegalArgumentException("unknown baseline id '" + id + "'; available ids: " + new TreeSet<>(KEYS.keySet()));
        }
        return keys;
    }

    @Override
    public Layer create(String id, Map<String, Object> options) {
        List<String> keys = optionKeys(id);
        Map<String, Object> given = options == null ? Map.of() : options;
        Set<String> unknown = new LinkedHashSet<>(given.keySet());
        unknown.removeAll(keys);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(id + ": unknown option(s) " + unknown + "; accepted keys are " + keys);
        }
        Options o = new Options(id, given);
        return switch (id) {
            case "baseline.lstm" -> common(LstmModel.builder(), o)
                    .numLayers(o.integer("numLayers", LstmModel.Builder.DEFAULT_NUM_LAYERS))
                    .dropout(o.real("dropout", BaselineBuilder.DEFAULT_DROPOUT))
                    .build();
            case "baseline.transformer" -> common(TransformerModel.builder(), o)
                    .numLayers(o.integer("numLayers", TransformerModel.Builder.DEFAULT_NUM_LAYERS))
                    .numHeads(o.integer("numHeads", TransformerModel.Builder.DEFAULT_NUM_HEADS))
                    .dropout(o.real("dropout", BaselineBuilder.DEFAULT_DROPOUT))
                    .build();
            case "baseline.cnn" -> common(CnnModel.builder(), o)
                    .dropout(o.real("dropout", BaselineBuilder.DEFAULT_DROPOUT))
                    .build();
            case "baseline.mlp" -> common(MlpModel.builder(), o)
                    .windowLength(o.integer("windowLength", MlpModel.Builder.DEFAULT_WINDOW_LENGTH))
                    .dropout(o.real("dropout", BaselineBuilder.DEFAULT_DROPOUT))
                    .build();
            case "baseline.liquid" -> common(LiquidModel.builder(), o)
                    .timeStep(o.real("timeStep", LiquidTimeConstantCell.DEFAULT_TIME_STEP))
                    .integrator(o.integrator("integrator", Integrator.EXPLICIT_EULER))
                    .minTimeConstant(o.real("minTimeConstant", LiquidTimeConstantCell.DEFAULT_MIN_TIME_CONSTANT))
                    .build();
            default -> throw new IllegalStateException("no builder for registered id " + id);
        };
    }

    private static <B extends BaselineBuilder<B, ?>> B common(B builder, Options o) {
        return builder.inputFeatures(o.integer("inputFeatures", BaselineBuilder.DEFAULT_INPUT_FEATURES))
                .hiddenSize(o.integer("hiddenSize", BaselineBuilder.DEFAULT_HIDDEN_SIZE))
                .outputs(o.integer("outputs", BaselineBuilder.DEFAULT_OUTPUTS))
                .seed(o.longValue("seed", 0L));
    }

    /** Typed reads of an option map, with messages that name the id, the key and the value. */
    private record Options(String id, Map<String, Object> values) {
        int integer(String key, int fallback) {
            long v = longValue(key, fallback);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(id + ": option " + key + " = " + v + " does not fit in an int");
            }
            return (int) v;
        }

        long longValue(String key, long fallback) {
            Object v = values.get(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                return ((Number) v).longValue();
            }
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 0x1p53) {
                return (long) n.doubleValue();
            }
            throw new IllegalArgumentException(id + ": option " + key + " must be an integer, got " + describe(v));
        }

        double real(String key, double fallback) {
            Object v = values.get(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            throw new IllegalArgumentException(id + ": option " + key + " must be a number, got " + describe(v));
        }

        Integrator integrator(String key, Integrator fallback) {
            Object v = values.get(key);
            if (v == null) {
                return fallback;
            }
            if (v instanceof Integrator i) {
                return i;
            }
            if (v instanceof String s) {
                for (Integrator i : Integrator.values()) {
                    if (i.name().equalsIgnoreCase(s.trim())) {
                        return i;
                    }
                }
            }
            throw new IllegalArgumentException(id + ": option " + key + " must be \"explicit_euler\" or \"semi_implicit_euler\", got "
                    + describe(v));
        }

        private static String describe(Object v) {
            return (v instanceof String ? "\"" + v + "\"" : String.valueOf(v)) + " (" + v.getClass().getSimpleName() + ")";
        }
    }
}
