package dev.enn.model;

import dev.enn.layer.Layer;

/**
 * The attention sub-layers of an attention-augmented {@link EnnModel}. The artifact
 * {@code dev.enn:enn-attention} provides implementations through
 * {@link dev.enn.layer.LayerRegistry} under the ids {@code attention.enn.<preset>}; enn-core never
 * imports that module. {@link EnnModel.Builder#attention(String)} creates one with the options
 * {@code numNeurons} (Integer), {@code numStates} (Integer) and {@code seed} (Long), and the model
 * registers each non-null sub-layer as its own child, under the original's state-dict names, in
 * this order among its members: {@code entanglement}, {@code mixing}, {@code readout},
 * {@code input_projection}, {@code neuron_attention}, {@code temporal_attention},
 * {@code sparse_attention}, {@code autoencoder}, {@code attention_pooling}.
 *
 * <p>Every method may return {@code null} when the preset leaves that sub-layer out. The
 * implementing object must have no parameters besides those of its four sub-layers, because the
 * model registers only the sub-layers. The model checks this when it is built.
 */
public interface EnnAttentionModules {
    /**
     * Returns self-attention across neurons, {@code [B, N, S] → [B, N, S]}, or null. On the output
     * path: in every layer step the model computes {@code x ← x + 0.5·a(x)} before the
     * entanglement mask.
     */
    Layer neuronAttention();

    /**
     * Returns attention over one neuron's short-term history, {@code [1, M, S] → [1, M, S]}, or
     * null. Memory side channel only: applied to each neuron's history before the recency
     * average when the history has more than one entry, so it never reaches the output.
     */
    Layer temporalAttention();

    /**
     * Returns top-k attention across neurons, {@code [B, N, S] → [B, N, S]}, or null. On the
     * output path: applied right after the entanglement mask, replacing {@code x}.
     */
    Layer sparseAttention();

    /**
     * Returns attention pooling over a sequence, or null. Registered so parameter counts and
     * names match the original, which creates it and never calls it; this model does not call
     * it either.
     */
    Layer attentionPooling();
}
