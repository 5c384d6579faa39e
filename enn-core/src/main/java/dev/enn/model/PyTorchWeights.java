package dev.enn.model;

import dev.enn.io.LoadedTensors;
import dev.enn.io.ModelFileException;
import dev.enn.io.ModelFiles;
import dev.enn.io.ReadOptions;
import dev.enn.io.SafeTensors;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loads a state dict of the original PyTorch ENN, saved as safetensors, into an {@link EnnModel}.
 * The tensor names are the original's ({@code entanglement}, {@code mixing},
 * {@code readout.weight}, {@code input_projection.weight}, …), which are also this model's
 * parameter names. The file carries no configuration, so the caller supplies it.
 */
final class PyTorchWeights {
    /** The original's buffer with the persistent neuron state {@code [N, S]}. */
    static final String NEURON_STATES = "neuron_states";

    private PyTorchWeights() {
    }

    /**
     * Builds a model from {@code config} and copies the file's tensors into it. The
     * {@value #NEURON_STATES} buffer, if present, must have shape {@code [N, S]}; it is copied
     * into {@code memory} when that is not null and ignored otherwise.
     *
     * @throws ModelFileException if the file is broken, a tensor of the model is missing, a tensor
     *     is unexpected, or a shape differs from the config (every mismatch is listed)
     */
    static EnnModel load(Path file, EnnConfig config, EnnMemory memory, ReadOptions options) throws IOException {
        Objects.requireNonNull(config, "EnnModel.loadPyTorchWeights: config is null; pass the config the PyTorch model"
                + " was built with");
        LoadedTensors content = SafeTensors.read(file, options);
        Map<String, Tensor> tensors = new LinkedHashMap<>(content.tensors());
        Tensor neuronStates = tensors.remove(NEURON_STATES);
        if (neuronStates != null && !Arrays.equals(neuronStates.shape(), new int[] {config.numNeurons(), config.numStates()})) {
            throw new ModelFileException(file, NEURON_STATES + " has shape " + Arrays.toString(neuronStates.shape())
                    + " but the config has numNeurons = " + config.numNeurons() + ", numStates = " + config.numStates()
                    + "; pass the config the PyTorch model was built with");
        }

        EnnModel model = new EnnModel(config);
        List<String> problems = ModelFiles.findMismatches(model, tensors);
        if (!problems.isEmpty()) {
            throw new ModelFileException(file, "state dict does not fit an EnnModel of the given config: "
                    + problems.size() + (problems.size() == 1 ? " problem: " : " problems: ") + String.join("; ", problems)
                    + ". Check that the config (numNeurons, numStates, inputFeatures, compressedDim, head, attention)"
                    + " matches the PyTorch model");
        }
        ModelFiles.copyInto(model, tensors);

        if (memory != null && neuronStates != null) {
            try {
                memory.setNeuronState(neuronStates);
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(file, NEURON_STATES + " cannot be loaded into the memory: " + e.getMessage(), e);
            }
        }
        return model;
    }
}
