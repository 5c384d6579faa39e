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
 * <p><b>Memory.</b> In {@link EnnDynamicsMode#REFERENCE} mode (the builder's default) the
 * original also updates a memory (neuron state and short-term buffers) on every call, but never
 * reads it on the output path. Here the memory is a caller-owned {@link EnnMemory}:
 * {@link #forward(Tensor)} skips it, and {@link #forward(Tensor, EnnMemory)} returns the same
 * output and also updates the memory as the original does.
 *
 * <p><b>Recurrent mode.</b> With {@link EnnDynamicsMode#RECURRENT} every time step enters a
 * per-sample neuron state, and decay, the short-term buffer, state collapse and top-k lie on the
 * path to the output (see {@link RecurrentDynamics} and {@code docs/recurrent.md}).
 * {@link #forward(Tensor)} and {@link #forward(Tensor, Tensor)} start each call from a zero state;
 * to carry a state across calls, stream with {@link #newRecurrentState(int)} and
 * {@link #step(Tensor, RecurrentState)}.
 *
 * <p><b>Threads.</b> Inference is safe to run concurrently: the model keeps no per-call state in
 * its fields, and a recurrent stream's state lives in the caller's {@link RecurrentState} (one per
 * thread). So {@link #forward(Tensor)}, {@link #forward(Tensor, Tensor)},
 * {@link #forward(Tensor, EnnMemory)} (with one memory per thread) and
 * {@link #step(Tensor, RecurrentState)} may run on several threads at once in eval mode, and each
 * call returns exactly the single-threaded result. Training is not thread-safe: optimiser steps
 * write the weights, {@link #setTraining(boolean)} changes the mode of every call, and an
 * attention sub-layer with dropout in training mode draws from its own generator. Train each
 * model on one thread and do not serve it while it trains.
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
    private final RecurrentDynamics recurrence;

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
        Layer attentionPooling = registerOptional("attention_pooling",
                attention == null ? null : attention.attentionPooling());
        this.head = config.head().kind() == TaskHead.Kind.LINEAR
                ? registerChild("head", new Linear(grid, config.head().outputs(), rng.fork("head")))
                : null;
        this.recurrence = config.dynamics() == EnnDynamicsMode.RECURRENT
                ? new RecurrentDynamics(config, entanglement, mixing, inputProjection, neuronAttention, sparseAttention,
                        autoencoder, attentionPooling, summary -> applyHead(readout.forward(summary)))
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
     *     also if the file contains another kind of model
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
     * @throws ModelFileException if the file is broken, contains a NaN or infinite value, or its
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
        if (recurrence != null) {
            return forward(input, (Tensor) null);
        }
        return computeOutput(input, null);
    }

    /**
     * Runs a recurrent model over a batch of sequences of different lengths, from a zero state.
     * A padded step (mask 0) leaves the sample's state and buffer unchanged and is left out of
     * attention pooling, so each sample's output equals running its real steps alone.
     *
     * @param input {@code [B, T, F]}, every value finite (padded values too). Not modified.
     * @param mask {@code [B, T]} with 1 for a real step and 0 for padding, or {@code null} for all
     *     real. Not modified.
     * @return as {@link #forward(Tensor)}
     * @throws IllegalStateException if the model is in reference mode
     * @throws IllegalArgumentException for a bad input (as {@link #forward(Tensor)}), or a mask of
     *     another shape or with entries other than 0 and 1
     */
    public Tensor forward(Tensor input, Tensor mask) {
        requireRecurrent("forward(input, mask)");
        Objects.requireNonNull(input, "input");
        EnnInputCheck.validate(input, config);
        if (mask != null) {
            RecurrentDynamics.validateMask(mask, input);
        }
        int batch = input.dim(0);
        int length = input.dim(1);
        double[] maskValues = mask == null ? null : mask.dataView();
        RecurrentState state = newRecurrentState(batch);
        for (int t = 0; t < length; t++) {
            double[] stepMask = null;
            if (maskValues != null) {
                stepMask = new double[batch];
                for (int b = 0; b < batch; b++) {
                    stepMask[b] = maskValues[b * length + t];
                }
            }
            recurrence.step(input.select(1, t), stepMask, state);
        }
        return recurrence.output(state);
    }

    /**
     * Returns a zero state for streaming {@code batchSize} sequences through this recurrent model.
     *
     * @throws IllegalStateException if the model is in reference mode
     * @throws IllegalArgumentException if {@code batchSize} is less than 1
     */
    public RecurrentState newRecurrentState(int batchSize) {
        requireRecurrent("newRecurrentState");
        if (batchSize < 1) {
            throw new IllegalArgumentException("EnnModel.newRecurrentState: batchSize = " + batchSize
                    + " is invalid; it must be at least 1");
        }
        return new RecurrentState(this, batchSize, numNeurons, numStates, config.bufferSize(), recurrence.pools());
    }

    /**
     * Feeds one time step to every sample of a stream and returns the output for all steps fed so
     * far. Feeding a sequence step by step gives the output of {@link #forward(Tensor)} on the
     * whole sequence.
     *
     * @param input {@code [B, F]}, every value finite. Not modified.
     * @param state from {@link #newRecurrentState(int)} of this model. Modified.
     * @return as {@link #forward(Tensor)}
     * @throws IllegalStateException if the model is in reference mode
     * @throws IllegalArgumentException if the state belongs to another model, or the input is not
     *     {@code [B, F]} or contains NaN or infinity
     */
    public Tensor step(Tensor input, RecurrentState state) {
        return step(input, null, state);
    }

    /**
     * Feeds one time step as {@link #step(Tensor, RecurrentState)}; samples whose mask entry is 0
     * skip it (their state is unchanged).
     *
     * @param mask {@code [B]} of 0/1 entries, or {@code null} for all real. Not modified.
     * @throws IllegalArgumentException as {@link #step(Tensor, RecurrentState)}, or for a mask of
     *     another shape or with entries other than 0 and 1
     */
    public Tensor step(Tensor input, Tensor mask, RecurrentState state) {
        requireRecurrent("step");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(state, "state");
        if (!state.belongsTo(this)) {
            throw new IllegalArgumentException("EnnModel.step: the state was created by another model;"
                    + " create it with this model's newRecurrentState(batchSize)");
        }
        RecurrentDynamics.validateStep(input, mask, state.batchSize(), config.inputFeatures());
        recurrence.step(input, mask == null ? null : mask.dataView(), state);
        return recurrence.output(state);
    }

    private void requireRecurrent(String method) {
        if (recurrence == null) {
            throw new IllegalStateException("EnnModel." + method + " needs dynamics RECURRENT, but this model uses "
                    + config.dynamics() + "; build it with .dynamics(EnnDynamicsMode.RECURRENT)");
        }
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
        if (recurrence != null) {
            throw new IllegalStateException("EnnModel.forward(input, memory) runs the reference memory side channel;"
                    + " a RECURRENT model keeps its memory in a RecurrentState from newRecurrentState(batchSize)");
        }
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
                Tensor attended = EnnKernels.requireGridShape(neuronAttention.forward(x), x, "neuron_attention");
                x = x.add(attended.mul(NEURON_ATTENTION_WEIGHT));
            }
            if (sparseAttention == null) {
                x = EnnKernels.gateAndMix(x, gate, mixing);
            } else {
                Tensor gated = x.mul(gate);
                Tensor attended = EnnKernels.requireGridShape(sparseAttention.forward(gated), gated, "sparse_attention");
                x = EnnKernels.gateAndMix(attended, null, mixing);
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
     * Returns the parameters that can influence the output, by name, in registration order. In
     * reference mode: all except the autoencoder, the temporal attention and the attention
     * pooling (memory side channel or never called), and except {@code input_projection} for
     * DIRECT inputs. In recurrent mode: all except the temporal attention, and except the
     * autoencoder when the state collapse is off.
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
        if (recurrence != null) {
            return switch (member) {
                case "temporal_attention" -> false;
                case "autoencoder" -> config.recurrent().stateCollapse();
                default -> true;
            };
        }
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
        private EnnDynamicsMode dynamics = EnnConfig.DEFAULT_DYNAMICS;
        private RecurrentOptions recurrent = RecurrentOptions.defaults();

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
            dynamics = config.dynamics();
            recurrent = config.recurrent();
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
         * Sets the dynamics; default {@link EnnDynamicsMode#REFERENCE}, the original's
         * computation. {@link EnnDynamicsMode#RECURRENT} reads every time step.
         */
        public Builder dynamics(EnnDynamicsMode dynamics) {
            this.dynamics = dynamics;
            return this;
        }

        /** Sets the switches of the recurrent mode's optional steps; default {@link RecurrentOptions#defaults()}. */
        public Builder recurrentOptions(RecurrentOptions recurrent) {
            this.recurrent = recurrent;
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
                    inputFormat, head, attentionPreset, dynamics, recurrent);
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
