/**
 * The Entangled Neural Network (ENN) model, {@link dev.enn.model.EnnModel}, with numerical parity
 * to the original PyTorch implementation.
 *
 * <p>Shapes use the legend of {@code dev.enn.tensor}: B batch, T time steps, F input features,
 * N neurons, S states per neuron, M short-term buffer length. The model maps an input to a grid
 * {@code [B, N, S]}, applies {@code numLayers} weight-tied entangle-and-mix steps and a readout,
 * then an optional task head. The original's memory ({@link dev.enn.model.EnnMemory}) is a
 * caller-owned side channel that the output does not read, and {@link dev.enn.model.EnnDynamics}
 * contains its update steps as differentiable functions. Attention plugs in through
 * {@link dev.enn.model.EnnAttentionModules}, provided by the {@code dev.enn:enn-attention} artifact.
 * {@code docs/enn-model.md} derives the equations and lists every difference from the original.
 */
package dev.enn.model;
