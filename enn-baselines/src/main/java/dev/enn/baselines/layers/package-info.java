/**
 * Layers of the baseline models: a stacked {@link dev.enn.baselines.layers.Lstm},
 * {@link dev.enn.baselines.layers.Conv1d}, {@link dev.enn.baselines.layers.BatchNorm1d},
 * {@link dev.enn.baselines.layers.SinusoidalPositionalEncoding},
 * {@link dev.enn.baselines.layers.MultiheadSelfAttention},
 * {@link dev.enn.baselines.layers.TransformerEncoderLayer} and the
 * {@link dev.enn.baselines.layers.LiquidTimeConstantCell}.
 *
 * <p>Parameter names are PyTorch's state-dict names, so weights exported from PyTorch load by
 * name. "The original" means the Python/PyTorch ENN project's baselines. Shapes are batch-first:
 * B batch, T time steps, F or I input features, H hidden width, C channels, L length, D model
 * width, A heads.
 */
package dev.enn.baselines.layers;
