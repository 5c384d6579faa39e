package dev.enn.io;

import dev.enn.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of a safetensors file: tensors in the order of their data in the file, the
 * {@code __metadata__} strings, and the warnings raised while loading.
 */
public final class LoadedTensors {
    private final Map<String, StoredTensor> entries;
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;
    private final List<String> warnings;

    LoadedTensors(Map<String, StoredTensor> entries, Map<String, String> metadata, List<String> warnings) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        Map<String, Tensor> asTensors = new LinkedHashMap<>();
        for (Map.Entry<String, StoredTensor> e : entries.entrySet()) {
            asTensors.put(e.getKey(), e.getValue().toTensor());
        }
        this.tensors = Collections.unmodifiableMap(asTensors);
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.warnings = List.copyOf(warnings);
    }

    /** Returns each tensor's stored dtype, shape and values, by name, in data order. */
    public Map<String, StoredTensor> entries() {
        return entries;
    }

    /**
     * Returns the tensors by name, in data order. Each tensor shares its storage with the
     * matching {@link StoredTensor#values()}.
     */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** Returns the {@code __metadata__} strings in file order; empty if the file has none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Returns one message per tensor that was loaded with non-finite values under
     * {@link NonFinitePolicy#ALLOW}; empty otherwise.
     */
    public List<String> warnings() {
        return warnings;
    }
}
