package dev.enn.io;

import dev.enn.layer.Layer;
import dev.enn.layer.LayerRegistry;
import dev.enn.model.EnnConfig;
import dev.enn.model.EnnModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Saves whole models, weights plus the configuration needed to rebuild them, and loads them back
 * without the caller knowing the model's class.
 *
 * <p>A model file is a safetensors file (see {@link SafeTensors}) whose tensors are the model's
 * {@link ModelFiles#stateOf state} and whose {@code __metadata__} has three entries:
 * <ul>
 *   <li>{@value #FORMAT_VERSION_KEY}: {@code "1"}, the version of this layout,</li>
 *   <li>{@value #KIND_KEY}: the model kind, {@value #ENN_KIND} for an {@link EnnModel} (attention
 *       presets included, since the preset is part of its config) or a layer id of the
 *       {@link LayerRegistry} such as {@code baseline.lstm},</li>
 *   <li>{@value #CONFIG_KEY}: the configuration as a JSON object, {@link EnnConfig#toMap()} for
 *       the ENN and the provider's option map for a registry id.</li>
 * </ul>
 * Loading rebuilds the model from the kind and the config, then copies the tensors in. The kind
 * is looked up in the registry or is {@value #ENN_KIND}; no class named in a file is ever
 * loaded, and no Java serialization is used.
 */
public final class ModelStore {
    /** Metadata key of the format version. */
    public static final String FORMAT_VERSION_KEY = "enn.format_version";
    /** Metadata key of the model kind. */
    public static final String KIND_KEY = "enn.kind";
    /** Metadata key of the configuration JSON. */
    public static final String CONFIG_KEY = "enn.config";
    /** The format version this class writes and the only one it reads. */
    public static final int FORMAT_VERSION = 1;
    /** Model kind of {@link EnnModel}. */
    public static final String ENN_KIND = "enn";

    private ModelStore() {
    }

    /**
     * Saves a model with its kind and configuration, atomically.
     *
     * @param kind {@value #ENN_KIND} or the model's {@link LayerRegistry} id
     * @param config the configuration that rebuilds the model: {@link EnnConfig#toMap()} or the
     *     option map of the registry id. Values must be JSON-writable (numbers, strings, booleans).
     * @param dtype {@link DType#F64} for an exact copy, {@link DType#F32} for half the size
     * @throws IllegalArgumentException if a weight is NaN or infinite, or a config value cannot be
     *     written as JSON
     * @throws IOException if writing fails; a previous file at {@code file} is then unchanged
     */
    public static void save(Path file, Layer model, String kind, Map<String, ?> config, DType dtype) throws IOException {
        save(file, model, kind, config, Map.of(), dtype);
    }

    /**
     * Saves a model as {@link #save(Path, Layer, String, Map, DType)} does, with extra metadata
     * strings beside the three {@code enn.} entries.
     *
     * @param extraMetadata stored unchanged; its keys must not start with {@code enn.}
     * @throws IllegalArgumentException also if an extra key starts with {@code enn.}
     */
    public static void save(Path file, Layer model, String kind, Map<String, ?> config, Map<String, String> extraMetadata,
            DType dtype) throws IOException {
        Objects.requireNonNull(model, "ModelStore.save: model is null");
        Objects.requireNonNull(kind, "ModelStore.save: kind is null");
        Objects.requireNonNull(config, "ModelStore.save: config is null");
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : extraMetadata.entrySet()) {
            if (entry.getKey().startsWith("enn.")) {
                throw new IllegalArgumentException("ModelStore.save: extra metadata key '" + entry.getKey()
                        + "' starts with 'enn.', which is reserved for the model file layout; choose another key");
            }
            metadata.put(entry.getKey(), entry.getValue());
        }
        metadata.putAll(header(kind, config));
        ModelFiles.save(file, model, metadata, dtype);
    }

    /**
     * Returns the three {@code enn.} metadata entries of a model of this kind and configuration.
     *
     * @throws IllegalArgumentException if a config value cannot be written as JSON
     */
    public static Map<String, String> header(String kind, Map<String, ?> config) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FORMAT_VERSION_KEY, Integer.toString(FORMAT_VERSION));
        metadata.put(KIND_KEY, kind);
        metadata.put(CONFIG_KEY, Json.write(new LinkedHashMap<>(config)));
        return metadata;
    }

    /**
     * Loads a model file with the default read options (NaN and ±∞ weights rejected).
     *
     * @throws ModelFileException as {@link #load(Path, ReadOptions)}
     */
    public static Layer load(Path file) throws IOException {
        return load(file, ReadOptions.defaults());
    }

    /**
     * Loads a model file: rebuilds the model from the kind and config in its metadata and copies
     * the weights in. The model is in training mode, as a newly built layer is.
     *
     * @param options {@link ReadOptions#allowNonFinite()} loads NaN and ±∞ weights and logs a
     *     warning; the default rejects them
     * @throws ModelFileException naming the file and the problem: a broken file (see
     *     {@link SafeTensors#read}), a missing or unsupported format version, a missing or unknown
     *     model kind, a missing or invalid config, or tensors whose names or shapes do not fit the
     *     config (every mismatch is listed)
     * @throws IOException if the file cannot be read
     */
    public static Layer load(Path file, ReadOptions options) throws IOException {
        return loadWithKind(file, options).model();
    }

    private record LoadedModel(Layer model, String kind) {
    }

    private static LoadedModel loadWithKind(Path file, ReadOptions options) throws IOException {
        LoadedTensors content = SafeTensors.read(file, options);
        Map<String, String> metadata = content.metadata();
        requireFormatVersion(file, metadata);
        String kind = metadata.get(KIND_KEY);
        if (kind == null) {
            throw new ModelFileException(file, "metadata has no model kind (" + KIND_KEY + "); it is not a model file"
                    + " written by enn's ModelStore");
        }
        Map<String, Object> config = configOf(file, metadata);
        Layer model = build(file, kind, config);
        List<String> problems = ModelFiles.findMismatches(model, content.tensors());
        if (!problems.isEmpty()) {
            throw new ModelFileException(file, "tensors do not fit the " + kind + " model of the stored config: "
                    + problems.size() + (problems.size() == 1 ? " problem: " : " problems: ") + String.join("; ", problems));
        }
        ModelFiles.copyInto(model, content.tensors());
        return new LoadedModel(model, kind);
    }

    /**
     * Loads a model file and checks that it contains a model of the given class.
     *
     * @throws ModelFileException as {@link #load(Path, ReadOptions)}, or if the file holds
     *     another kind of model
     */
    public static <L extends Layer> L load(Path file, Class<L> type, ReadOptions options) throws IOException {
        LoadedModel loaded = loadWithKind(file, options);
        Layer model = loaded.model();
        if (!type.isInstance(model)) {
            throw new ModelFileException(file, "contains a " + model.getClass().getSimpleName() + " model (kind "
                    + loaded.kind() + "), not a " + type.getSimpleName()
                    + "; load it with ModelStore.load(path) or the matching class");
        }
        return type.cast(model);
    }

    /**
     * Checks the format version entry.
     *
     * @throws ModelFileException if it is missing, not an integer or not {@value #FORMAT_VERSION}
     */
    public static void requireFormatVersion(Path file, Map<String, String> metadata) throws ModelFileException {
        String version = metadata.get(FORMAT_VERSION_KEY);
        if (version == null) {
            throw new ModelFileException(file, "metadata has no format version (" + FORMAT_VERSION_KEY
                    + "); it is not a model file written by enn. For a PyTorch state dict use"
                    + " EnnModel.loadPyTorchWeights(path, config)");
        }
        if (!version.equals(Integer.toString(FORMAT_VERSION))) {
            throw new ModelFileException(file, "unsupported format version " + Json.write(version) + "; this enn reads"
                    + " version " + FORMAT_VERSION + ". A newer enn wrote the file, so load it with that version");
        }
    }

    private static Map<String, Object> configOf(Path file, Map<String, String> metadata) throws ModelFileException {
        String text = metadata.get(CONFIG_KEY);
        if (text == null) {
            throw new ModelFileException(file, "metadata has no model config (" + CONFIG_KEY
                    + "), so the model cannot be rebuilt");
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonException e) {
            throw new ModelFileException(file, "model config (" + CONFIG_KEY + ") is invalid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new ModelFileException(file, "model config (" + CONFIG_KEY + ") is a JSON " + Json.typeName(parsed)
                    + "; it must be a JSON object");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            config.put((String) entry.getKey(), entry.getValue());
        }
        return config;
    }

    private static Layer build(Path file, String kind, Map<String, Object> config) throws ModelFileException {
        if (!kind.equals(ENN_KIND) && !LayerRegistry.isAvailable(kind)) {
            String known = "known kinds: " + ENN_KIND + " and the layer ids " + new TreeSet<>(LayerRegistry.availableIds());
            try {
                LayerRegistry.provider(kind);
            } catch (IllegalArgumentException e) {
                boolean moduleMissing = e.getMessage().contains("not on the class path");
                throw new ModelFileException(file, "unknown model kind " + Json.write(kind) + "; "
                        + (moduleMissing ? e.getMessage() : known));
            }
        }
        try {
            if (kind.equals(ENN_KIND)) {
                return new EnnModel(EnnConfig.fromMap(config));
            }
            return LayerRegistry.create(kind, config);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "invalid " + kind + " config " + Json.write(config) + ": " + e.getMessage(), e);
        }
    }
}
