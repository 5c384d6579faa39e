package dev.enn.model;

import dev.enn.io.DType;
import dev.enn.io.ModelFileException;
import dev.enn.io.ModelStore;
import dev.enn.io.ReadOptions;
import dev.enn.layer.AbstractLayer;
import dev.enn.layer.Layer;
import dev.enn.layer.LayerRegistry;
import dev.enn.layer.Linear;
import dev.enn.layer.Regularized;
import dev.enn.tensor.Autograd;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Entangled Neural Network of the original PyTorch implementation
 * ({@code ENNModelWithSparsityControl}), with the same parameters, initialisers and outputs.
 *
 * <p><b>Forward.</b> The input is routed by the configured {@link InputFormat} to a grid
 * {@code x0 [B, N, S]}. Then, {@code numLayers} times with the same weights,
 * {@code x ← x ⊙ σ(E)} and {@code x'[b, m, s] = Σ_n x[b, n, s]·M[n, m]}; then the readout
 * {@code y[b, n, :] = W_r·x[b, n, :]} and the {@link TaskHead}. Without attention the output is
 * an affine function of the input (of its last time step for {@link InputFormat#SEQUENCE}):
 * {@code x_L[:, s] = (Mᵀ·diag σ(E[:, s]))^L · x0[:, s]} for every sample and state s.
 *
 * <p><b>Parameters</b>, named as in the original's state dict and registered in its order:
 * {@code entanglement} E {@code [N, S]} (standard normal), {@code mixing} M {@code [N, N]}
 * (identity), {@code readout.weight} {@code [S, S]} (no bias), {@code input_projection.weight}
 * {@code [N·S, F]} and {@code .bias} {@code [N·S]}, the optional attention sub-layers (see
 * {@link EnnAttentionModules}), {@code autoencoder.encoder.weight} {@code [c, S]} and
 * {@code .bias} {@code [c]}, {@code autoencoder.decoder.weight} {@code [S, c]} and {@code .bias}
 * {@code [S]}, then {@code head.weight} {@code [K, N·S]} and {@code head.bias} {@code [K]} for a
 * {@link TaskHead.Kind#LINEAR} head. Linear layers use PyTorch's default ±1/√in initialisation.
 * Each tensor group draws from its own fork of {@code new Rng(seed)}.
 *
 * <p><b>Memory.</b> The original also updates a memory (neuron state and short-term buffers) on
 * every call, but never reads it on the output path. Here the memory is a caller-owned
 * {@link EnnMemory}: {@link #forward(Tensor)} skips it, and {@link #forward(Tensor, EnnMemory)}
 * returns the same output and also updates the memory as the original does.
 *
 * <p><b>Threads.</b> The model keeps no per-call state in its fields, so {@link #forward(Tensor)}
 * may run on several threads at once; every call returns exactly the single-threaded result. An
 * attention sub-layer with dropout in training mode draws from its own generator, so use one
 * thread per model while training, as for every {@link Layer}.
 */
public final class EnnModel extends AbstractLayer implements Regularized {
    /** Prefix of the layer ids of attention presets in the {@link LayerRegistry}. */
    public static final String ATTENTION_ID_PREFIX = "attention.enn.";
    /** Weight of the neuron attention's output in the residual update {@code x ← x + 0.5·a(x)}. */
    public static final double NEURON_ATTENTION_WEIGHT = 0.5;

    private final EnnConfig config;
    private final int numNeurons;
    private final int numStates;
    private final Tensor entanglement;
    private final Tensor mixing;
    private final Linear readout;
    private final Linear inputProjection;
    private final Layer neuronAttention;
    private final Layer temporalAttention;
    private final Layer sparseAttention;
    private final StateAutoencoder autoencoder;
    private final Linear head;

    /**
     * Builds a model from a validated config. With an attention preset, the attention modules
     * come from {@code LayerRegistry.create("attention.enn." + preset, options)}.
     *
     * @throws IllegalArgumentException if the attention preset cannot be created: its artifact
     *     {@code dev.enn:enn-attention} is not on the class path (the message names it), the preset
     *     is unknown, or the layer it returns does not implement {@link EnnAttentionModules}
     */
    public EnnModel(EnnConfig config) {
        this(config, resolveAttention(config));
    }

    /** Builds a model with the given attention modules (or none); tests pass their own. */
    EnnModel(EnnConfig config, EnnAttentionModules attention) {
        this.config = Objects.requireNonNull(config, "config");
        this.numNeurons = config.numNeurons();
        this.numStates = config.numStates();
        int grid = numNeurons * numStates;
        Rng rng = new Rng(config.seed());

        this.entanglement = registerParameter("entanglement", Tensor.randn(rng.fork("entanglement"), numNeurons, numStates));
        this.mixing = registerParameter("mixing", identity(numNeurons));
        this.readout = registerChild("readout", new Linear(numStates, numStates, false, rng.fork("readout")));
        this.inputProjection = registerChild("input_projection",
                new Linear(config.inputFeatures(), grid, true, rng.fork("input_projection")));
        this.neuronAttention = registerOptional("neuron_attention", attention == null ? null : attention.neuronAttention());
        this.temporalAttention = registerOptional("temporal_attention",
                attention == null ? null : attention.temporalAttention());
        this.sparseAttention = registerOptional("sparse_attention", attention == null ? null : attention.sparseAttention());
        this.autoencoder = registerChild("autoencoder",
                new StateAutoencoder(numStates, config.compressedDim(), rng.fork("autoencoder")));
        registerOptional("attention_pooling", attention == null ? null : attention.attentionPooling());
        this.head = config.head().kind() == TaskHead.Kind.LINEAR
                ? registerChild("head", new Linear(grid, config.head().outputs(), rng.fork("head")))
                : null;
    }

    /** Returns a builder with the original's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the configuration this model was built from. */
    public EnnConfig config() {
        return config;
    }

    /** Returns fresh memory (zero state, empty buffers) sized for this model. */
    public EnnMemory newMemory() {
        return new EnnMemory(numNeurons, numStates, config.bufferSize());
    }

    // ---------------------------------------------------------------- model files

    /**
     * Saves the weights in F64 (exact) with the config, atomically; see {@link ModelStore}.
     *
     * @throws IllegalArgumentException if a weight is NaN or infinite
     * @throws IOException if writing fails; a previous file at {@code file} is then unchanged
     */
    public void save(Path file) throws IOException {
        save(file, DType.F64);
    }

    /**
     * Saves the weights in the given precision with the config, atomically. {@link DType#F32}
     * rounds every weight to single precision.
     *
     * @throws IllegalArgumentException if a weight is NaN or infinite, or too large for F32
     * @throws IOException if writing fails; a previous file at {@code file} is then unchanged
     */
    public void save(Path file, DType dtype) throws IOException {
        ModelStore.save(file, this, ModelStore.ENN_KIND, config.toMap(), dtype);
    }

    /**
     * Loads a model saved by {@link #save(Path)}, rejecting NaN and infinite weights.
     *
     * @throws ModelFileException naming the file and the problem (see {@link ModelStore#load(Path, ReadOptions)}),
     *     also if the file holds another kind of model
     * @throws IOException if the file cannot be read
     */
    public static EnnModel load(Path file) throws IOException {
        return load(file, ReadOptions.defaults());
    }

    /**
     * Loads a model saved by {@link #save(Path)}; {@link ReadOptions#allowNonFinite()} accepts NaN
     * and infinite weights with a logged warning.
     *
     * @throws ModelFileException as {@link #load(Path)}
     * @throws IOException if the file cannot be read
     */
    public static EnnModel load(Path file, ReadOptions options) throws IOException {
        return ModelStore.load(file, EnnModel.class, options);
    }

    /**
     * Builds a model from {@code config} and loads a state dict of the original PyTorch ENN
     * saved with {@code safetensors.torch.save_file}, whose tensor names are the original's
     * ({@code entanglement}, {@code mixing}, {@code readout.weight}, …). Any dtype that
     * {@link dev.enn.io.SafeTensors} reads is accepted. The original's {@code neuron_states}
     * buffer is checked for shape {@code [N, S]} and otherwise ignored, because the output never
     * reads it; {@link #loadPyTorchWeights(Path, EnnConfig, EnnMemory)} keeps it.
     *
     * @param config the configuration the PyTorch model was built with (the file has none)
     * @throws ModelFileException if the file is broken, holds a NaN or infinite value, or its
     *     names or shapes do not fit the config; every mismatch is listed
     * @throws IllegalArgumentException if the config's attention preset cannot be created
     * @throws IOException if the file cannot be read
     */
    public static EnnModel loadPyTorchWeights(Path file, EnnConfig config) throws IOException {
        return PyTorchWeights.load(file, config, null, ReadOptions.defaults());
    }

    /**
     * Loads a PyTorch state dict as {@link #loadPyTorchWeights(Path, EnnConfig)} does and, if the
     * file has a {@code neuron_states} buffer, copies it into {@code memory}'s neuron state.
     *
     * @param memory receives the neuron state; sized for the config. Modified.
     * @throws ModelFileException as {@link #loadPyTorchWeights(Path, EnnConfig)}, or if the memory
     *     does not fit {@code neuron_states}
     * @throws IOException if the file cannot be read
     */
    public static EnnModel loadPyTorchWeights(Path file, EnnConfig config, EnnMemory memory) throws IOException {
        return PyTorchWeights.load(file, config, Objects.requireNonNull(memory, "memory"), ReadOptions.defaults());
    }

    // ---------------------------------------------------------------- forward

    /**
     * Computes the output without touching any memory. The original's memory never reaches its
     * output, so this is the same function the original computes.
     *
     * @param input {@code [B, T, F]} ({@link InputFormat#SEQUENCE}; only step T−1 is read),
     *     {@code [B, F]} ({@link InputFormat#VECTOR}) or {@code [B, N, S]}
     *     ({@link InputFormat#DIRECT}), with B ≥ 1 and every value finite. Not modified.
     * @return {@code [B, N, S]} without a head, {@code [B, 1]} for {@link TaskHead.Kind#MEAN},
     *     {@code [B, K]} for {@link TaskHead.Kind#LINEAR}
     * @throws IllegalArgumentException if the rank, B, T, F, N or S does not fit the model
     *     ({@link ShapeMismatchException} then), or a value is NaN or infinite; the message names
     *     the shape or the position
     */
    @Override
    public Tensor forward(Tensor input) {
        return computeOutput(input, null);
    }

    /**
     * Computes the same output as {@link #forward(Tensor)} and updates {@code memory} once per
     * layer step as the original does, without recording gradients. The output path runs first
     * and the memory updates after it, so the output is unaffected even when a temporal
     * attention sub-layer draws dropout in training mode.
     *
     * <p>Per layer step ℓ, with {@code x_ℓ} the grid after mixing: append row n of the batch mean
     * {@code mean_b x_ℓ[b]} to neuron n's buffer (dropping the oldest when full); if a temporal
     * attention sub-layer exists and the buffers hold more than one row, pass each neuron's
     * history {@code [1, M, S]} through it; take the recency-weighted average of each history;
     * collapse it (zero the negative entries, adjust by interference, encode and decode); keep
     * each neuron's top {@code lowPowerK} entries; store the result as the neuron state.
     *
     * @param memory updated in place; must come from {@link #newMemory()} or have the same sizes.
     *     Modified.
     * @throws IllegalArgumentException for a bad input (as {@link #forward(Tensor)}) or a memory
     *     of other sizes
     */
    public Tensor forward(Tensor input, EnnMemory memory) {
        Objects.requireNonNull(memory, "memory");
        if (!memory.fits(numNeurons, numStates, config.bufferSize())) {
            throw new IllegalArgumentException("EnnModel.forward: memory has numNeurons = " + memory.numNeurons()
                    + ", numStates = " + memory.numStates() + ", bufferSize = " + memory.bufferSize()
                    + ", but the model needs " + numNeurons + ", " + numStates + ", " + config.bufferSize()
                    + "; create it with model.newMemory()");
        }
        double[][] layerMeans = new double[config.numLayers()][];
        Tensor output = computeOutput(input, layerMeans);
        try (Autograd.Scope scope = Autograd.noGrad()) {
            for (double[] batchMean : layerMeans) {
                updateMemory(memory, batchMean);
            }
        }
        return output;
    }

    /**
     * Runs the output path. When {@code layerMeans} is not null, stores the batch mean
     * {@code [N·S]} of the grid after each layer step's mixing into it.
     */
    private Tensor computeOutput(Tensor input, double[][] layerMeans) {
        Tensor x = initialGrid(input);
        Tensor gate = entanglement.sigmoid();
        for (int layer = 0; layer < config.numLayers(); layer++) {
            if (neuronAttention != null) {
                x = x.add(neuronAttention.forward(x).mul(NEURON_ATTENTION_WEIGHT));
            }
            if (sparseAttention == null) {
                x = EnnKernels.gateAndMix(x, gate, mixing);
            } else {
                x = EnnKernels.gateAndMix(sparseAttention.forward(x.mul(gate)), null, mixing);
            }
            if (layerMeans != null) {
                layerMeans[layer] = batchMean(x);
            }
        }
        return applyHead(readout.forward(x));
    }

    /**
     * Validates the input and routes it to the grid {@code x0 [B, N, S]}: projected for
     * SEQUENCE and VECTOR, the input itself for DIRECT.
     *
     * @throws IllegalArgumentException as {@link #forward(Tensor)}
     */
    Tensor initialGrid(Tensor input) {
        Objects.requireNonNull(input, "input");
        EnnInputCheck.validate(input, config);
        int batch = input.dim(0);
        return switch (config.inputFormat()) {
            case SEQUENCE -> inputProjection.forward(input.select(1, input.dim(1) - 1))
                    .reshape(batch, numNeurons, numStates);
            case VECTOR -> inputProjection.forward(input).reshape(batch, numNeurons, numStates);
            case DIRECT -> input;
        };
    }

    private Tensor applyHead(Tensor grid) {
        int batch = grid.dim(0);
        return switch (config.head().kind()) {
            case NONE -> grid;
            case MEAN -> grid.reshape(batch, numNeurons * numStates).mean(1, true);
            case LINEAR -> head.forward(grid.reshape(batch, numNeurons * numStates));
        };
    }

    private double[] batchMean(Tensor grid) {
        double[] values = grid.dataView();
        int size = numNeurons * numStates;
        int batch = values.length / size;
        double[] mean = new double[size];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < size; i++) {
                mean[i] += values[b * size + i];
            }
        }
        for (int i = 0; i < size; i++) {
            mean[i] /= batch;
        }
        return mean;
    }

    // ---------------------------------------------------------------- memory side channel

    /**
     * Applies one layer step's memory update. The original also decays and sparsifies the carried
     * neuron state at the start of each step. It overwrites the result with the batch mean before
     * anything reads it, so those two steps have no effect and are left out.
     */
    private void updateMemory(EnnMemory memory, double[] batchMean) {
        memory.appendRows(batchMean);
        Tensor histories = memory.histories();
        if (temporalAttention != null && memory.historyLength() > 1) {
            histories = attendToHistories(histories);
        }
        Tensor state = EnnDynamics.recencyAverage(histories, config.recencyFactor());
        state = EnnDynamics.stateCollapse(state, EnnDynamics.REFERENCE_COLLAPSE_THRESHOLD, autoencoder);
        state = EnnDynamics.lowPowerTopK(state, config.lowPowerK());
        memory.overwriteState(state.dataView());
    }

    /** Passes each neuron's history {@code [1, M, S]} through the temporal attention, one call per neuron. */
    private Tensor attendToHistories(Tensor histories) {
        int length = histories.dim(1);
        Tensor[] attended = new Tensor[numNeurons];
        for (int n = 0; n < numNeurons; n++) {
            Tensor history = histories.select(0, n).unsqueeze(0);
            Tensor out = temporalAttention.forward(history);
            if (!Arrays.equals(out.shape(), history.shape())) {
                throw new IllegalStateException("EnnModel: temporal_attention returned shape " + Arrays.toString(out.shape())
                        + " for a history of shape " + Arrays.toString(history.shape())
                        + "; EnnAttentionModules.temporalAttention() must map [1, M, S] to [1, M, S]");
            }
            attended[n] = out;
        }
        return Tensor.concat(0, attended).reshape(numNeurons, length, numStates);
    }

    // ---------------------------------------------------------------- parameters

    /**
     * Returns the L1 term of the original, {@code l1Lambda · mean(σ(E))}, as a differentiable
     * scalar. It depends only on the entanglement; the trainer adds it to the loss.
     */
    @Override
    public Tensor regularization() {
        return entanglement.sigmoid().mean().mul(config.l1Lambda());
    }

    /**
     * Returns the parameters that can influence the output, by name, in registration order: all
     * except the autoencoder, the temporal attention and the attention pooling (memory side
     * channel or never called), and except {@code input_projection} for DIRECT inputs.
     */
    public Map<String, Tensor> reachableParameters() {
        Map<String, Tensor> reachable = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> entry : namedParameters().entrySet()) {
            if (isReachable(entry.getKey())) {
                reachable.put(entry.getKey(), entry.getValue());
            }
        }
        return Collections.unmodifiableMap(reachable);
    }

    /** Returns the number of scalars in {@link #reachableParameters()}. */
    public long reachableParameterCount() {
        long count = 0;
        for (Tensor parameter : reachableParameters().values()) {
            count += parameter.size();
        }
        return count;
    }

    private boolean isReachable(String name) {
        int dot = name.indexOf('.');
        String member = dot < 0 ? name : name.substring(0, dot);
        return switch (member) {
            case "autoencoder", "temporal_attention", "attention_pooling" -> false;
            case "input_projection" -> config.inputFormat() != InputFormat.DIRECT;
            default -> true;
        };
    }

    private Layer registerOptional(String name, Layer layer) {
        return layer == null ? null : registerChild(name, layer);
    }

    private static Tensor identity(int size) {
        Tensor eye = Tensor.zeros(size, size);
        double[] values = eye.dataView();
        for (int i = 0; i < size; i++) {
            values[i * size + i] = 1.0;
        }
        return eye;
    }

    private static EnnAttentionModules resolveAttention(EnnConfig config) {
        Objects.requireNonNull(config, "config");
        String preset = config.attentionPreset();
        if (preset == null) {
            return null;
        }
        String id = ATTENTION_ID_PREFIX + preset;
        Map<String, Object> options = Map.of(
                "numNeurons", config.numNeurons(),
                "numStates", config.numStates(),
                "seed", Long.valueOf(config.seed()));
        return attentionModulesOf(id, LayerRegistry.create(id, options));
    }

    /**
     * Returns {@code layer} as attention modules after checking that it implements the interface
     * and has no parameters outside its four sub-layers.
     *
     * @throws IllegalArgumentException if either check fails, naming the layer id
     */
    static EnnAttentionModules attentionModulesOf(String id, Layer layer) {
        if (!(layer instanceof EnnAttentionModules modules)) {
            throw new IllegalArgumentException("EnnModel: layer id '" + id + "' built a " + layer.getClass().getName()
                    + ", which does not implement dev.enn.model.EnnAttentionModules; use an ENN attention preset id");
        }
        long partCount = 0;
        for (Layer part : new Layer[] {modules.neuronAttention(), modules.temporalAttention(),
                modules.sparseAttention(), modules.attentionPooling()}) {
            partCount += part == null ? 0 : part.parameterCount();
        }
        if (partCount != layer.parameterCount()) {
            throw new IllegalArgumentException("EnnModel: layer id '" + id + "' has " + layer.parameterCount()
                    + " parameters but its four attention sub-layers have " + partCount
                    + "; the model registers only the sub-layers, so the rest would never be trained or saved");
        }
        return modules;
    }

    // ---------------------------------------------------------------- builder

    /**
     * Builder of an {@link EnnModel}. Every field starts at the original's default (the
     * {@code DEFAULT_} constants of {@link EnnConfig}); setters do not validate, {@link #build()}
     * does.
     */
    public static final class Builder {
        private int inputFeatures = EnnConfig.DEFAULT_INPUT_FEATURES;
        private int numNeurons = EnnConfig.DEFAULT_NUM_NEURONS;
        private int numStates = EnnConfig.DEFAULT_NUM_STATES;
        private int numLayers = EnnConfig.DEFAULT_NUM_LAYERS;
        private int compressedDim = EnnConfig.DEFAULT_COMPRESSED_DIM;
        private double decayRate = EnnConfig.DEFAULT_DECAY_RATE;
        private double recencyFactor = EnnConfig.DEFAULT_RECENCY_FACTOR;
        private int bufferSize = EnnConfig.DEFAULT_BUFFER_SIZE;
        private double sparsityThreshold = EnnConfig.DEFAULT_SPARSITY_THRESHOLD;
        private double importanceThreshold = EnnConfig.DEFAULT_IMPORTANCE_THRESHOLD;
        private int lowPowerK = EnnConfig.DEFAULT_LOW_POWER_K;
        private double l1Lambda = EnnConfig.DEFAULT_L1_LAMBDA;
        private long seed = EnnConfig.DEFAULT_SEED;
        private InputFormat inputFormat = EnnConfig.DEFAULT_INPUT_FORMAT;
        private TaskHead head = TaskHead.none();
        private String attentionPreset;

        private Builder() {
        }

        /** Sets every field from {@code config}. */
        public Builder config(EnnConfig config) {
            inputFeatures = config.inputFeatures();
            numNeurons = config.numNeurons();
            numStates = config.numStates();
            numLayers = config.numLayers();
            compressedDim = config.compressedDim();
            decayRate = config.decayRate();
            recencyFactor = config.recencyFactor();
            bufferSize = config.bufferSize();
            sparsityThreshold = config.sparsityThreshold();
            importanceThreshold = config.importanceThreshold();
            lowPowerK = config.lowPowerK();
            l1Lambda = config.l1Lambda();
            seed = config.seed();
            inputFormat = config.inputFormat();
            head = config.head();
            attentionPreset = config.attentionPreset();
            return this;
        }

        /** Sets F, the input width (the original's {@code input_dim}); default 5. */
        public Builder inputFeatures(int inputFeatures) {
            this.inputFeatures = inputFeatures;
            return this;
        }

        /** Sets N, the number of neurons; default 10. */
        public Builder numNeurons(int numNeurons) {
            this.numNeurons = numNeurons;
            return this;
        }

        /** Sets S, the states per neuron; default 5. */
        public Builder numStates(int numStates) {
            this.numStates = numStates;
            return this;
        }

        /** Sets L, the number of weight-tied layer steps; default 3. */
        public Builder numLayers(int numLayers) {
            this.numLayers = numLayers;
            return this;
        }

        /** Sets the memory autoencoder's bottleneck width; default 3. */
        public Builder compressedDim(int compressedDim) {
            this.compressedDim = compressedDim;
            return this;
        }

        /** Sets the memory decay rate, in [0, 1]; default 0.1. */
        public Builder decayRate(double decayRate) {
            this.decayRate = decayRate;
            return this;
        }

        /** Sets the recency factor of the buffer average, in [0, 1]; default 0.9. */
        public Builder recencyFactor(double recencyFactor) {
            this.recencyFactor = recencyFactor;
            return this;
        }

        /** Sets the capacity of each neuron's short-term buffer; default 5. */
        public Builder bufferSize(int bufferSize) {
            this.bufferSize = bufferSize;
            return this;
        }

        /** Sets the memory sparsity threshold on |x|; default 0 (disabled). */
        public Builder sparsityThreshold(double sparsityThreshold) {
            this.sparsityThreshold = sparsityThreshold;
            return this;
        }

        /**
         * Sets the importance threshold; default 0.1. Stored in the config only: the original
         * model ignores it and prunes its memory at 0.0, and so does this one.
         */
        public Builder importanceThreshold(double importanceThreshold) {
            this.importanceThreshold = importanceThreshold;
            return this;
        }

        /** Sets the entries kept per neuron by the memory's top-k step, in [1, numStates]; default 3. */
        public Builder lowPowerK(int lowPowerK) {
            this.lowPowerK = lowPowerK;
            return this;
        }

        /** Sets the weight of the L1 term on σ(E); default 1e-4. */
        public Builder l1Lambda(double l1Lambda) {
            this.l1Lambda = l1Lambda;
            return this;
        }

        /** Sets the seed of all initial weights; default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets how the input is read; default {@link InputFormat#SEQUENCE}. */
        public Builder inputFormat(InputFormat inputFormat) {
            this.inputFormat = inputFormat;
            return this;
        }

        /** Sets the task head; default {@link TaskHead#none()}. */
        public Builder head(TaskHead head) {
            this.head = head;
            return this;
        }

        /**
         * Adds the attention modules of a preset from {@code dev.enn:enn-attention} (layer id
         * {@code attention.enn.<preset>}, for example {@code "minimal"}), created by
         * {@link #build()}; {@code null} removes them. Default: none.
         */
        public Builder attention(String preset) {
            this.attentionPreset = preset;
            return this;
        }

        /**
         * Returns the validated config of the current fields.
         *
         * @throws IllegalArgumentException naming the first invalid field, its value and the valid range
         */
        public EnnConfig buildConfig() {
            return new EnnConfig(inputFeatures, numNeurons, numStates, numLayers, compressedDim, decayRate,
                    recencyFactor, bufferSize, sparsityThreshold, importanceThreshold, lowPowerK, l1Lambda, seed,
                    inputFormat, head, attentionPreset);
        }

        /**
         * Builds the model.
         *
         * @throws IllegalArgumentException for an invalid field (as {@link #buildConfig()}) or an
         *     attention preset that cannot be created (as {@link EnnModel#EnnModel(EnnConfig)})
         */
        public EnnModel build() {
            return new EnnModel(buildConfig());
        }
    }
}
