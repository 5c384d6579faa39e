package dev.enn.attention;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reading of the option map passed to {@link AttentionLayerProvider#create}, which
 * remembers the keys it read so that {@link #rejectUnknown()} can name misspelt ones.
 */
final class LayerOptions {
    private final String id;
    private final Map<String, Object> options;
    private final Set<String> read = new HashSet<>();

    LayerOptions(String id, Map<String, Object> options) {
        this.id = id;
        this.options = options == null ? Map.of() : options;
    }

    /** Returns a required integer option. */
    int requiredInt(String key) {
        if (!options.containsKey(key)) {
            throw new IllegalArgumentException("layer id '" + id + "': option \"" + key + "\" is missing; pass it as an Integer");
        }
        return intOption(key, 0);
    }

    /** Returns an integer option, or {@code fallback} when absent. */
    int intOption(String key, int fallback) {
        long value = longOption(key, fallback);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("layer id '" + id + "': option \"" + key + "\" = " + value
                    + " does not fit in an int");
        }
        return (int) value;
    }

    /** Returns an integral option, or {@code fallback} when absent. */
    long longOption(String key, long fallback) {
        Object value = lookup(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw new IllegalArgumentException("layer id '" + id + "': option \"" + key + "\" must be an Integer or Long, got "
                + describe(value));
    }

    /** Returns a numeric option, or {@code fallback} when absent. */
    double doubleOption(String key, double fallback) {
        Object value = lookup(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw new IllegalArgumentException("layer id '" + id + "': option \"" + key + "\" must be a number, got "
                + describe(value));
    }

    /**
     * Rejects every key that no read method asked for.
     *
     * @throws IllegalArgumentException naming the unknown keys and the accepted ones
     */
    void rejectUnknown() {
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("layer id '" + id + "': unknown option(s) " + unknown
                    + "; accepted options are " + new TreeSet<>(read));
        }
    }

    private Object lookup(String key) {
        read.add(key);
        return options.get(key);
    }

    private static String describe(Object value) {
        return value.getClass().getSimpleName() + " " + value;
    }
}
