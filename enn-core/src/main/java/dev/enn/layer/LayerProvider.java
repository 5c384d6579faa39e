package dev.enn.layer;

import java.util.Map;
import java.util.Set;

/**
 * Service interface through which modules outside core (attention, baselines) register layers
 * and models by a stable id. Implementations are listed in
 * {@code META-INF/services/dev.enn.layer.LayerProvider} and found with {@link java.util.ServiceLoader}.
 */
public interface LayerProvider {
    /** Returns the Maven coordinates of the artifact that ships this provider, e.g. {@code dev.enn:enn-attention}. */
    String artifact();

    /** Returns the ids this provider can build, such as {@code attention.multihead} or {@code baseline.lstm}. */
    Set<String> ids();

    /**
     * Builds a layer.
     *
     * @param id one of {@link #ids()}
     * @param options configuration by name; each provider documents its keys and defaults
     * @throws IllegalArgumentException if an option is missing, unknown or invalid
     */
    Layer create(String id, Map<String, Object> options);
}
