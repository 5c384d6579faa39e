package dev.enn.model;

import dev.enn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-call state of a recurrent {@link EnnModel}, owned by the caller: the neuron state
 * {@code h [B, N, S]} of every sample, the short-term buffer of the last {@code bufferSize}
 * states (zeros before the first step), and, when the model pools over time, every step's state
 * and mask. Create it with {@link EnnModel#newRecurrentState(int)} and feed it to
 * {@link EnnModel#step(Tensor, RecurrentState)}.
 *
 * <p>The tensors it contains keep their autograd graph when gradients are enabled, so a loss on a
 * streamed output back-propagates through every step fed so far. One object serves one stream
 * on one thread at a time: it is mutable and not synchronised.
 */
public final class RecurrentState {
    private final EnnModel owner;
    private final int batchSize;
    private final Tensor[] buffer;
    private final List<Tensor> states = new ArrayList<>();
    private final List<double[]> masks = new ArrayList<>();
    private final boolean keepsHistory;
    private boolean masked;
    private int steps;

    RecurrentState(EnnModel owner, int batchSize, int numNeurons, int numStates, int bufferSize, boolean keepsHistory) {
        this.owner = owner;
        this.batchSize = batchSize;
        this.keepsHistory = keepsHistory;
        this.buffer = new Tensor[bufferSize];
        Tensor zero = Tensor.zeros(batchSize, numNeurons, numStates);
        Arrays.fill(buffer, zero);
    }

    /** Returns B, the number of samples this state tracks. */
    public int batchSize() {
        return batchSize;
    }

    /** Returns the number of steps fed so far, padded steps included. */
    public int steps() {
        return steps;
    }

    /** Returns the current neuron state {@code h [B, N, S]}: zeros before the first step. */
    public Tensor state() {
        return buffer[0];
    }

    boolean belongsTo(EnnModel model) {
        return owner == model;
    }

    /** The buffer, newest state first; entry 0 is {@code h_{t−1}}. */
    Tensor[] buffer() {
        return buffer;
    }

    /**
     * Moves one step on: {@code entries} (newest first) becomes the buffer, and its entry 0 the
     * state. {@code mask} is {@code null} when every sample took a real step, else 1 or 0 per
     * sample.
     */
    void advance(Tensor[] entries, double[] mask) {
        System.arraycopy(entries, 0, buffer, 0, buffer.length);
        if (mask != null) {
            masked = true;
        }
        if (keepsHistory) {
            states.add(entries[0]);
            masks.add(mask);
        }
        steps++;
    }

    List<Tensor> history() {
        return states;
    }

    List<double[]> historyMasks() {
        return masks;
    }

    boolean anyMasked() {
        return masked;
    }
}
