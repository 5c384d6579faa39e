package dev.enn.attention;

import dev.enn.layer.Layer;
import dev.enn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records the attention weights that the layers of this package compute on the current thread
 * while the capture is open, so the weights of a real forward pass, including one run inside
 * {@link dev.enn.model.EnnModel}, can be inspected afterwards.
 *
 * <pre>{@code
 * try (AttentionCapture capture = AttentionCapture.start()) {
 *     model.forward(x, model.newMemory());
 *     List<Tensor> perStep = capture.weightsOf(model.children().get("neuron_attention"));
 * }
 * }</pre>
 *
 * <p>Every call of {@code attend} or {@code forward} on a layer of this package adds one entry,
 * so a {@link NeuronStateAttention} call adds an entry for itself and one for its inner
 * {@link MultiHeadAttention}, with the same weights. {@link SparseAttention} records its weights
 * spread over all keys, {@code [B, A, Lq, Lk]} (see {@link SparseAttentionResult#denseWeights()}).
 * Weights are stored detached (no gradient)
 * and share their values with the forward pass. Other threads are not recorded.
 */
public final class AttentionCapture implements AutoCloseable {
    private static final ThreadLocal<AttentionCapture> ACTIVE = new ThreadLocal<>();

    /**
     * One recorded call.
     *
     * @param layer the layer that computed the weights
     * @param weights the weights it returned, detached; shape as the layer documents
     */
    public record Entry(Layer layer, Tensor weights) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private boolean closed;

    private AttentionCapture() {
    }

    /**
     * Starts recording on the current thread.
     *
     * @throws IllegalStateException if a capture is already open on this thread
     */
    public static AttentionCapture start() {
        if (ACTIVE.get() != null) {
            throw new IllegalStateException("an AttentionCapture is already open on this thread; close it first");
        }
        AttentionCapture capture = new AttentionCapture();
        ACTIVE.set(capture);
        return capture;
    }

    /** Returns whether a capture is open on this thread. */
    static boolean isRecording() {
        return ACTIVE.get() != null;
    }

    /** Adds an entry to the capture open on this thread, if any. Called by the layers. */
    static void record(Layer layer, Tensor weights) {
        AttentionCapture capture = ACTIVE.get();
        if (capture != null) {
            capture.entries.add(new Entry(layer, weights.detach()));
        }
    }

    /** Returns every recorded call, in call order. */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** Returns the weights recorded for one layer instance, in call order. */
    public List<Tensor> weightsOf(Layer layer) {
        List<Tensor> weights = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.layer() == layer) {
                weights.add(entry.weights());
            }
        }
        return weights;
    }

    /** Stops recording; the entries stay readable. Closing twice has no further effect. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (ACTIVE.get() == this) {
                ACTIVE.remove();
            }
        }
    }
}
