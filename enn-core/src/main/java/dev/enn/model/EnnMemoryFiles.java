package dev.enn.model;

import dev.enn.io.DType;
import dev.enn.io.Json;
import dev.enn.io.LoadedTensors;
import dev.enn.io.ModelFileException;
import dev.enn.io.ModelStore;
import dev.enn.io.ReadOptions;
import dev.enn.io.SafeTensors;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Saves an {@link EnnMemory} (neuron state and short-term buffers) to a safetensors file next to
 * its model file, and loads it back, so a model can continue with the memory it had.
 *
 * <p>The file contains {@value #NEURON_STATE} {@code [N, S]} and, when the buffers are not empty,
 * {@value #HISTORIES} {@code [N, M', S]} (every neuron's buffer, oldest row first). Its metadata
 * has {@code enn.format_version} = {@code "1"}, {@code enn.kind} = {@value #KIND} and
 * {@code enn.config} = {@code {"numNeurons":N,"numStates":S,"bufferSize":M}}.
 */
public final class EnnMemoryFiles {
    /** Model kind of a memory file. */
    public static final String KIND = "enn.memory";
    /** Tensor name of the neuron state. */
    public static final String NEURON_STATE = "neuron_state";
    /** Tensor name of the buffered rows. */
    public static final String HISTORIES = "histories";

    private EnnMemoryFiles() {
    }

    /**
     * Saves a memory in F64, atomically.
     *
     * @throws IllegalArgumentException if a value is NaN or infinite
     * @throws IOException if writing fails; a previous file at {@code file} is then unchanged
     */
    public static void save(Path file, EnnMemory memory) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put(NEURON_STATE, memory.neuronState());
        if (memory.historyLength() > 0) {
            tensors.put(HISTORIES, memory.histories());
        }
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("numNeurons", memory.numNeurons());
        sizes.put("numStates", memory.numStates());
        sizes.put("bufferSize", memory.bufferSize());
        Map<String, String> metadata = new LinkedHashMap<>(ModelStore.header(KIND, sizes));
        SafeTensors.write(file, tensors, metadata, DType.F64);
    }

    /**
     * Loads a memory saved by {@link #save(Path, EnnMemory)}.
     *
     * @throws ModelFileException naming the file and the problem: a broken file, another kind or
     *     format version, invalid sizes, a missing or unexpected tensor, or a shape that does not
     *     fit the sizes
     * @throws IOException if the file cannot be read
     */
    public static EnnMemory load(Path file) throws IOException {
        LoadedTensors content = SafeTensors.read(file, ReadOptions.defaults());
        Map<String, String> metadata = content.metadata();
        ModelStore.requireFormatVersion(file, metadata);
        if (!KIND.equals(metadata.get(ModelStore.KIND_KEY))) {
            throw new ModelFileException(file, "is not an ENN memory file: its kind (" + ModelStore.KIND_KEY + ") is "
                    + Json.write(String.valueOf(metadata.get(ModelStore.KIND_KEY))) + ", expected \"" + KIND + "\"");
        }
        EnnMemory memory = emptyMemory(file, metadata.get(ModelStore.CONFIG_KEY));
        int numNeurons = memory.numNeurons();
        int numStates = memory.numStates();

        Map<String, Tensor> tensors = content.tensors();
        Set<String> unexpected = new TreeSet<>(tensors.keySet());
        unexpected.remove(NEURON_STATE);
        unexpected.remove(HISTORIES);
        if (!unexpected.isEmpty()) {
            throw new ModelFileException(file, "unexpected tensors " + unexpected + "; a memory file contains only "
                    + NEURON_STATE + " and " + HISTORIES);
        }
        Tensor state = tensors.get(NEURON_STATE);
        if (state == null || !Arrays.equals(state.shape(), new int[] {numNeurons, numStates})) {
            throw new ModelFileException(file, NEURON_STATE + " is " + (state == null ? "missing"
                    : "of shape " + Arrays.toString(state.shape())) + "; expected [" + numNeurons + ", " + numStates + "]");
        }
        Tensor histories = tensors.get(HISTORIES);
        if (histories != null) {
            int[] shape = histories.shape();
            if (shape.length != 3 || shape[0] != numNeurons || shape[2] != numStates || shape[1] < 1
                    || shape[1] > memory.bufferSize()) {
                throw new ModelFileException(file, HISTORIES + " has shape " + Arrays.toString(shape) + "; expected ["
                        + numNeurons + ", 1.." + memory.bufferSize() + ", " + numStates + "]");
            }
            appendHistories(memory, histories.dataView(), shape[1]);
        }
        memory.overwriteState(state.dataView());
        return memory;
    }

    private static EnnMemory emptyMemory(Path file, String configText) throws ModelFileException {
        if (configText == null) {
            throw new ModelFileException(file, "metadata has no memory sizes (" + ModelStore.CONFIG_KEY + ")");
        }
        try {
            Map<?, ?> sizes = (Map<?, ?>) Json.parse(configText);
            return new EnnMemory(((Long) sizes.get("numNeurons")).intValue(), ((Long) sizes.get("numStates")).intValue(),
                    ((Long) sizes.get("bufferSize")).intValue());
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new ModelFileException(file, "memory sizes (" + ModelStore.CONFIG_KEY + ") " + configText
                    + " are invalid; expected {\"numNeurons\":N,\"numStates\":S,\"bufferSize\":M} with each at least 1", e);
        }
    }

    /** Appends row j of every neuron's history, for j = 0 … length−1, so each buffer ends as saved. */
    private static void appendHistories(EnnMemory memory, double[] histories, int length) {
        int numNeurons = memory.numNeurons();
        int numStates = memory.numStates();
        double[] rows = new double[numNeurons * numStates];
        for (int j = 0; j < length; j++) {
            for (int n = 0; n < numNeurons; n++) {
                System.arraycopy(histories, (n * length + j) * numStates, rows, n * numStates, numStates);
            }
            memory.appendRows(rows);
        }
    }
}
