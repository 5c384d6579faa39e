package dev.enn.model;

import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * The ENN's memory: a neuron state {@code [N, S]} and one {@link ShortTermBuffer} of capacity M
 * per neuron. The caller owns it and passes it to {@link EnnModel#forward(Tensor, EnnMemory)},
 * which updates it once per layer step. The original kept this state inside the model, shared by
 * every call. Here each caller keeps its own, so concurrent callers never see each other's state.
 *
 * <p>Fresh memory has a zero state and empty buffers. Every buffer receives one row per layer
 * step, so all buffers always hold the same number of rows. Getters return copies. Not
 * thread-safe: use one memory per thread, or {@link #copy()} it.
 */
public final class EnnMemory {
    private final int numNeurons;
    private final int numStates;
    private final int bufferSize;
    /** Neuron state, row-major {@code [N, S]}. */
    private final double[] state;
    private final ShortTermBuffer[] buffers;

    /**
     * Creates fresh memory.
     *
     * @param numNeurons N; at least 1
     * @param numStates S; at least 1
     * @param bufferSize capacity M of each neuron's buffer; at least 1
     * @throws IllegalArgumentException if a size is less than 1 or N·S exceeds {@code Integer.MAX_VALUE}
     */
    public EnnMemory(int numNeurons, int numStates, int bufferSize) {
        if (numNeurons < 1 || numStates < 1 || bufferSize < 1) {
            throw new IllegalArgumentException("EnnMemory: numNeurons = " + numNeurons + ", numStates = " + numStates
                    + ", bufferSize = " + bufferSize + " are invalid; each must be at least 1");
        }
        if ((long) numNeurons * numStates > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("EnnMemory: numNeurons·numStates = " + (long) numNeurons * numStates
                    + " exceeds " + Integer.MAX_VALUE + " values");
        }
        this.numNeurons = numNeurons;
        this.numStates = numStates;
        this.bufferSize = bufferSize;
        this.state = new double[numNeurons * numStates];
        this.buffers = new ShortTermBuffer[numNeurons];
        for (int i = 0; i < numNeurons; i++) {
            buffers[i] = new ShortTermBuffer(bufferSize, numStates);
        }
    }

    private EnnMemory(EnnMemory other) {
        this.numNeurons = other.numNeurons;
        this.numStates = other.numStates;
        this.bufferSize = other.bufferSize;
        this.state = other.state.clone();
        this.buffers = new ShortTermBuffer[numNeurons];
        for (int i = 0; i < numNeurons; i++) {
            buffers[i] = other.buffers[i].copy();
        }
    }

    /** Returns N. */
    public int numNeurons() {
        return numNeurons;
    }

    /** Returns S. */
    public int numStates() {
        return numStates;
    }

    /** Returns the capacity M of each buffer. */
    public int bufferSize() {
        return bufferSize;
    }

    /** Returns a copy of the neuron state {@code [N, S]}. */
    public Tensor neuronState() {
        return Tensor.of(state, numNeurons, numStates);
    }

    /**
     * Replaces the neuron state, for example with the {@code neuron_states} buffer of a PyTorch
     * state dict. The buffers are left as they are.
     *
     * @param neuronState {@code [N, S]}, finite. Not modified.
     * @throws IllegalArgumentException if the shape differs or a value is NaN or infinite
     */
    public void setNeuronState(Tensor neuronState) {
        if (!Arrays.equals(neuronState.shape(), new int[] {numNeurons, numStates})) {
            throw new IllegalArgumentException("EnnMemory.setNeuronState: expected shape [" + numNeurons + ", "
                    + numStates + "] (numNeurons, numStates), got " + Arrays.toString(neuronState.shape()));
        }
        double[] values = neuronState.dataView();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("EnnMemory.setNeuronState: value " + values[i] + " at index ["
                        + i / numStates + ", " + i % numStates + "] is not finite");
            }
        }
        System.arraycopy(values, 0, state, 0, state.length);
    }

    /** Returns the number of rows in each buffer (all buffers contain the same number). */
    public int historyLength() {
        return buffers[0].size();
    }

    /**
     * Returns a copy of one neuron's buffer.
     *
     * @throws IndexOutOfBoundsException if {@code neuron} is outside [0, N)
     */
    public ShortTermBuffer buffer(int neuron) {
        checkNeuron(neuron);
        return buffers[neuron].copy();
    }

    /**
     * Returns one neuron's history, oldest row first, as a new tensor {@code [M', S]} with M' the
     * current {@link #historyLength()}.
     *
     * @throws IndexOutOfBoundsException if {@code neuron} is outside [0, N)
     */
    public Tensor history(int neuron) {
        checkNeuron(neuron);
        return buffers[neuron].toTensor();
    }

    /** Returns every neuron's history as a new tensor {@code [N, M', S]}, oldest row first. */
    public Tensor histories() {
        int length = historyLength();
        double[] out = new double[numNeurons * length * numStates];
        for (int i = 0; i < numNeurons; i++) {
            buffers[i].copyInto(out, i * length * numStates);
        }
        return Tensor.wrap(out, numNeurons, length, numStates);
    }

    /** Zeroes the neuron state and empties every buffer, as the original's {@code reset_memory()}. */
    public void reset() {
        Arrays.fill(state, 0.0);
        for (ShortTermBuffer buffer : buffers) {
            buffer.clear();
        }
    }

    /** Returns an independent copy of the state and all buffers. */
    public EnnMemory copy() {
        return new EnnMemory(this);
    }

    /** Returns whether this memory fits a model of the given sizes. */
    boolean fits(int neurons, int states, int capacity) {
        return numNeurons == neurons && numStates == states && bufferSize == capacity;
    }

    /** Appends row {@code i} of {@code grid [N, S]} to neuron i's buffer, for every neuron. */
    void appendRows(double[] grid) {
        for (int i = 0; i < numNeurons; i++) {
            buffers[i].add(grid, i * numStates);
        }
    }

    /** Overwrites the neuron state with {@code grid [N, S]}. */
    void overwriteState(double[] grid) {
        System.arraycopy(grid, 0, state, 0, state.length);
    }

    private void checkNeuron(int neuron) {
        if (neuron < 0 || neuron >= numNeurons) {
            throw new IndexOutOfBoundsException("EnnMemory: neuron " + neuron + " is outside [0, " + numNeurons + ")");
        }
    }
}
