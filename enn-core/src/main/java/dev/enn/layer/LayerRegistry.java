package dev.enn.layer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds {@link LayerProvider}s on the class path and builds layers by id. Core never imports the
 * modules that provide attention or baselines; it finds them here.
 */
public final class LayerRegistry {
    /** Id prefixes of the optional modules, with the artifact to add when one is missing. */
    private static final Map<String, String> KNOWN_PREFIXES = Map.of(
            "attention.", "dev.enn:enn-attention",
            "baseline.", "dev.enn:enn-baselines");

    private static volatile Map<String, LayerProvider> providers;

    private LayerRegistry() {
    }

    private static Map<String, LayerProvider> providers() {
        Map<String, LayerProvider> local = providers;
        if (local == null) {
            synchronized (LayerRegistry.class) {
                local = providers;
                if (local == null) {
                    local = load();
                    providers = local;
                }
            }
        }
        return local;
    }

    private static Map<String, LayerProvider> load() {
        Map<String, LayerProvider> byId = new LinkedHashMap<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = LayerRegistry.class.getClassLoader();
        }
        for (LayerProvider provider : ServiceLoader.load(LayerProvider.class, loader)) {
            for (String id : provider.ids()) {
                LayerProvider previous = byId.putIfAbsent(id, provider);
                if (previous != null && previous.getClass() != provider.getClass()) {
                    throw new IllegalStateException("layer id '" + id + "' is provided twice, by " + previous.artifact()
                            + " and " + provider.artifact() + "; remove one of the artifacts from the class path");
                }
            }
        }
        return byId;
    }

    /** Forgets the providers found so far, so that the next lookup scans the class path again. */
    public static synchronized void reload() {
        providers = null;
    }

    /** Returns whether some provider on the class path builds {@code id}. */
    public static boolean isAvailable(String id) {
        return providers().containsKey(id);
    }

    /** Returns every id available on the class path, sorted. */
    public static Set<String> availableIds() {
        return new TreeSet<>(providers().keySet());
    }

    /**
     * Builds the layer registered under {@code id}.
     *
     * @throws IllegalArgumentException if no provider on the class path has that id; the
     *     message names the artifact to add when the id belongs to a known module
     */
    public static Layer create(String id, Map<String, Object> options) {
        return provider(id).create(id, options);
    }

    /** Returns the provider of {@code id}, or throws as {@link #create} does. */
    public static LayerProvider provider(String id) {
        LayerProvider provider = providers().get(id);
        if (provider != null) {
            return provider;
        }
        for (Map.Entry<String, String> known : KNOWN_PREFIXES.entrySet()) {
            if (id.startsWith(known.getKey())) {
                throw new IllegalArgumentException("layer id '" + id + "' is provided by the artifact " + known.getValue()
                        + ", which is not on the class path; add the dependency " + known.getValue()
                        + " (same version as enn-core)");
            }
        }
        throw new IllegalArgumentException("unknown layer id '" + id + "'; available ids: " + availableIds());
    }
}
