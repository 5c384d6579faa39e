package dev.enn.io;

import dev.enn.layer.Layer;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Building blocks for saving a {@link Layer} to a safetensors file and loading it back: its
 * state is {@link Layer#namedParameters()} plus {@link Layer#namedBuffers()}, keyed by their
 * hierarchical names.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * Returns a layer's parameters followed by its buffers, by name, sharing their storage.
     *
     * @throws IllegalArgumentException if a parameter and a buffer have the same name
     */
    public static Map<String, Tensor> stateOf(Layer layer) {
        Map<String, Tensor> state = new LinkedHashMap<>(layer.namedParameters());
        for (Map.Entry<String, Tensor> buffer : layer.namedBuffers().entrySet()) {
            if (state.containsKey(buffer.getKey())) {
                throw new IllegalArgumentException("ModelFiles.stateOf: " + buffer.getKey()
                        + " names both a parameter and a buffer; a model file needs unique names, so rename one");
            }
            state.put(buffer.getKey(), buffer.getValue());
        }
        return Collections.unmodifiableMap(state);
    }

    /**
     * Compares loaded tensors with a layer's state and lists every problem: names the layer has
     * but {@code loaded} lacks, names {@code loaded} has but the layer lacks, and shapes that
     * differ. Returns an empty list when the two match.
     */
    public static List<String> findMismatches(Layer layer, Map<String, Tensor> loaded) {
        Map<String, Tensor> state = stateOf(layer);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Tensor value = loaded.get(e.getKey());
            if (value == null) {
                problems.add("missing " + e.getKey() + " " + Arrays.toString(e.getValue().shape()));
            } else if (!Arrays.equals(value.shape(), e.getValue().shape())) {
                problems.add(e.getKey() + " has shape " + Arrays.toString(value.shape()) + " in the file but "
                        + Arrays.toString(e.getValue().shape()) + " in the model");
            }
        }
        for (String name : loaded.keySet()) {
            if (!state.containsKey(name)) {
                problems.add("unexpected " + name + " " + Arrays.toString(loaded.get(name).shape()));
            }
        }
        return problems;
    }

    /**
     * Copies loaded values into a layer's parameters and buffers in place. All names and shapes
     * are checked first, so on a mismatch the layer is unchanged. Gradients are not touched.
     *
     * @throws IllegalArgumentException listing every missing name, unexpected name and shape
     *     mismatch, if there is any
     */
    public static void copyInto(Layer layer, Map<String, Tensor> loaded) {
        List<String> problems = findMismatches(layer, loaded);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("ModelFiles.copyInto: " + describe(problems));
        }
        for (Map.Entry<String, Tensor> e : stateOf(layer).entrySet()) {
            double[] source = loaded.get(e.getKey()).dataView();
            System.arraycopy(source, 0, e.getValue().dataView(), 0, source.length);
        }
    }

    /**
     * Saves a layer's parameters and buffers to a safetensors file atomically.
     *
     * @param metadata strings stored in the file's {@code __metadata__}; may be empty
     * @param dtype {@link DType#F64} for an exact copy, {@link DType#F32} for half the size
     * @throws IllegalArgumentException as {@link SafeTensors#write(Path, Map, Map, DType)}
     * @throws IOException if writing fails; a previous file at {@code file} is then unchanged
     */
    public static void save(Path file, Layer layer, Map<String, String> metadata, DType dtype) throws IOException {
        SafeTensors.write(file, stateOf(layer), metadata, dtype);
    }

    /**
     * Loads a safetensors file into a layer's parameters and buffers and returns the file's
     * content (for its metadata). On any failure the layer is unchanged.
     *
     * @throws ModelFileException if the file is broken, or its names or shapes do not match the
     *     layer; the message lists every mismatch
     * @throws IOException if the file cannot be read
     */
    public static LoadedTensors load(Path file, Layer layer, ReadOptions options) throws IOException {
        LoadedTensors content = SafeTensors.read(file, options);
        List<String> problems = findMismatches(layer, content.tensors());
        if (!problems.isEmpty()) {
            throw new ModelFileException(file, "does not match the model: " + describe(problems));
        }
        copyInto(layer, content.tensors());
        return content;
    }

    private static String describe(List<String> problems) {
        return problems.size() + (problems.size() == 1 ? " problem: " : " problems: ") + String.join("; ", problems);
    }
}
