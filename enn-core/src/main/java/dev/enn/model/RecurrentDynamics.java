package dev.enn.model;

import dev.enn.layer.Layer;
import dev.enn.layer.Linear;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The per-step update of {@link EnnDynamicsMode#RECURRENT}, built by {@link EnnModel} from its own
 * parameters. It keeps no per-call state: everything a call changes lives in the caller's
 * {@link RecurrentState}. For step t and every sample separately ({@code d = e^(−decayRate)},
 * {@code w_j = r^j / Σ_i r^i} over ages {@code j = 0..M−1}):
 *
 * <pre>
 *   m   = d · Σ_j w_j · h_{t−1−j}                         [B, N, S]  (h before step 0 is 0)
 *   m   ← [m + 0.5·a(m)];  m ← Mᵀ·(m ⊙ σ(E))                L times, weights tied
 *   z   = m + reshape(W_in·x_t + b_in)
 *   a   = softThreshold(tanh(z), sparsityThreshold)
 *   a   ← a + κ·AE(adjust(prune(a)))                        if stateCollapse
 *   h_t = topK_|·|(a, lowPowerK)                            if lowPowerTopK, else a
 * </pre>
 *
 * A padded step (mask 0) keeps the sample's state and buffer unchanged. The output reads out the
 * final state, or the attention pooling of all real steps' states when the preset has pooling.
 */
final class RecurrentDynamics {
    private final int numNeurons;
    private final int numStates;
    private final int numLayers;
    private final double[] bufferCoefficients;
    private final double sparsityThreshold;
    private final int lowPowerK;
    private final RecurrentOptions options;
    private final Tensor entanglement;
    private final Tensor mixing;
    private final Linear inputProjection;
    private final Layer neuronAttention;
    private final Layer sparseAttention;
    private final StateAutoencoder autoencoder;
    private final Layer attentionPooling;
    private final UnaryOperator<Tensor> readoutAndHead;

    RecurrentDynamics(EnnConfig config, Tensor entanglement, Tensor mixing, Linear inputProjection,
            Layer neuronAttention, Layer sparseAttention, StateAutoencoder autoencoder, Layer attentionPooling,
            UnaryOperator<Tensor> readoutAndHead) {
        this.numNeurons = config.numNeurons();
        this.numStates = config.numStates();
        this.numLayers = config.numLayers();
        this.bufferCoefficients = bufferCoefficients(config.bufferSize(), config.recencyFactor(), config.decayRate());
        this.sparsityThreshold = config.sparsityThreshold();
        this.lowPowerK = config.lowPowerK();
        this.options = config.recurrent();
        this.entanglement = entanglement;
        this.mixing = mixing;
        this.inputProjection = inputProjection;
        this.neuronAttention = neuronAttention;
        this.sparseAttention = sparseAttention;
        this.autoencoder = autoencoder;
        this.attentionPooling = attentionPooling;
        this.readoutAndHead = readoutAndHead;
    }

    /** Returns {@code d·w_j} for ages {@code j = 0..M−1}, newest first. */
    static double[] bufferCoefficients(int bufferSize, double recencyFactor, double decayRate) {
        double[] oldestFirst = EnnDynamics.recencyWeights(bufferSize, recencyFactor);
        double decay = Math.exp(-decayRate);
        double[] newestFirst = new double[bufferSize];
        for (int age = 0; age < bufferSize; age++) {
            newestFirst[age] = decay * oldestFirst[bufferSize - 1 - age];
        }
        return newestFirst;
    }

    boolean pools() {
        return attentionPooling != null;
    }

    /**
     * Feeds one step. The caller has checked the shapes.
     *
     * @param input {@code [B, F]}
     * @param mask {@code null} (every sample takes the step) or one 0/1 entry per sample
     */
    void step(Tensor input, double[] mask, RecurrentState state) {
        int batch = input.dim(0);
        Tensor[] buffer = state.buffer();

        // memory = d·Σ_j w_j·h_{t−1−j}, mixed L times, then the input added unmixed
        Tensor z = RecurrentKernels.weightedSum(buffer, bufferCoefficients);
        Tensor gate = entanglement.sigmoid();
        for (int layer = 0; layer < numLayers; layer++) {
            if (neuronAttention != null) {
                Tensor attended = EnnKernels.requireGridShape(neuronAttention.forward(z), z, "neuron_attention");
                z = z.add(attended.mul(EnnModel.NEURON_ATTENTION_WEIGHT));
            }
            if (sparseAttention == null) {
                z = EnnKernels.gateAndMix(z, gate, mixing);
            } else {
                Tensor gated = z.mul(gate);
                Tensor attended = EnnKernels.requireGridShape(sparseAttention.forward(gated), gated, "sparse_attention");
                z = EnnKernels.gateAndMix(attended, null, mixing);
            }
        }
        z = z.add(inputProjection.forward(input).reshape(batch, numNeurons, numStates));

        Tensor activation = RecurrentKernels.softThreshold(z.tanh(), sparsityThreshold);
        if (options.stateCollapse()) {
            Tensor collapsed = EnnDynamics.stateCollapse(activation, EnnDynamics.REFERENCE_COLLAPSE_THRESHOLD,
                    autoencoder);
            activation = activation.add(collapsed.mul(options.collapseWeight()));
        }
        if (options.lowPowerTopK()) {
            activation = RecurrentKernels.topKByMagnitude(activation, lowPowerK);
        }

        Tensor[] next = new Tensor[buffer.length];
        if (mask == null) {
            next[0] = activation;
            System.arraycopy(buffer, 0, next, 1, buffer.length - 1);
        } else {
            // A padded sample keeps every buffer entry; a real one shifts its buffer by one.
            Tensor real = Tensor.wrap(mask.clone(), batch, 1, 1);
            next[0] = Tensor.where(real, activation, buffer[0]);
            for (int age = 1; age < buffer.length; age++) {
                next[age] = Tensor.where(real, buffer[age - 1], buffer[age]);
            }
        }
        state.advance(next, mask == null ? null : mask.clone());
    }

    /** Returns the output for the steps fed so far: readout and head of the final or pooled state. */
    Tensor output(RecurrentState state) {
        Tensor summary = attentionPooling == null ? state.state() : pooledState(state);
        return readoutAndHead.apply(summary);
    }

    /**
     * Pools each neuron's trajectory {@code [T, S]} over its real steps into {@code [S]}. A sample
     * with no real step yet gets zeros.
     */
    private Tensor pooledState(RecurrentState state) {
        List<Tensor> history = state.history();
        int batch = state.batchSize();
        if (history.isEmpty()) {
            return Tensor.zeros(batch, numNeurons, numStates);
        }
        if (!state.anyMasked()) {
            return poolSequence(Tensor.stack(1, history.toArray(new Tensor[0])), batch);
        }
        List<double[]> masks = state.historyMasks();
        Tensor[] pooled = new Tensor[batch];
        for (int b = 0; b < batch; b++) {
            List<Tensor> steps = new ArrayList<>();
            for (int t = 0; t < history.size(); t++) {
                double[] mask = masks.get(t);
                if (mask == null || mask[b] != 0) {
                    steps.add(history.get(t).select(0, b));
                }
            }
            pooled[b] = steps.isEmpty()
                    ? Tensor.zeros(numNeurons, numStates)
                    : poolSequence(Tensor.stack(0, steps.toArray(new Tensor[0])).unsqueeze(0), 1).squeeze(0);
        }
        return Tensor.stack(0, pooled);
    }

    /** Pools {@code [B, T, N, S]} over T, per neuron, into {@code [B, N, S]}. */
    private Tensor poolSequence(Tensor sequence, int batch) {
        int length = sequence.dim(1);
        Tensor perNeuron = sequence.permute(0, 2, 1, 3).reshape(batch * numNeurons, length, numStates);
        return attentionPooling.forward(perNeuron).reshape(batch, numNeurons, numStates);
    }

    // ---------------------------------------------------------------- input checks

    /**
     * Checks a mask {@code [B, T]} of 0/1 entries against an input {@code [B, T, F]}.
     *
     * @throws IllegalArgumentException naming the shape or the first entry that is not 0 or 1
     */
    static void validateMask(Tensor mask, Tensor input) {
        int[] expected = {input.dim(0), input.dim(1)};
        if (!Arrays.equals(mask.shape(), expected)) {
            throw new ShapeMismatchException("EnnModel: mask of shape "
                    + Arrays.toString(mask.shape()) + " does not fit an input of shape "
                    + Arrays.toString(input.shape()) + "; the mask is [B, T] = "
                    + Arrays.toString(expected) + " with 1 for a real step and 0 for padding",
                    expected, mask.shape());
        }
        requireZeroOne(mask.dataView(), "mask");
    }

    /**
     * Checks one streamed step {@code [B, F]} and its optional mask {@code [B]}.
     *
     * @throws IllegalArgumentException for a wrong shape, a NaN or infinite value, or a mask entry
     *     that is not 0 or 1
     */
    static void validateStep(Tensor input, Tensor mask, int batchSize, int features) {
        int[] expected = {batchSize, features};
        if (!Arrays.equals(input.shape(), expected)) {
            throw new ShapeMismatchException("EnnModel.step: input of shape "
                    + Arrays.toString(input.shape()) + " does not fit; one step is [B, F] = "
                    + Arrays.toString(expected) + " for this state's batch size and the model's inputFeatures;"
                    + " slice a sequence [B, T, F] with input.select(1, t)", expected, input.shape());
        }
        double[] values = input.dataView();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("EnnModel.step: input value " + values[i] + " at index ["
                        + i / features + ", " + i % features + "] is not finite; remove or impute it first");
            }
        }
        if (mask != null) {
            if (!Arrays.equals(mask.shape(), new int[] {batchSize})) {
                throw new ShapeMismatchException("EnnModel.step: mask of shape "
                        + Arrays.toString(mask.shape()) + " does not fit; a step's mask is [B] = ["
                        + batchSize + "]", new int[] {batchSize}, mask.shape());
            }
            requireZeroOne(mask.dataView(), "step mask");
        }
    }

    private static void requireZeroOne(double[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 0.0 && values[i] != 1.0) {
                throw new IllegalArgumentException("EnnModel: " + what + " entry " + values[i] + " at flat index " + i
                        + " is invalid; use 1 for a real step and 0 for padding");
            }
        }
    }
}
