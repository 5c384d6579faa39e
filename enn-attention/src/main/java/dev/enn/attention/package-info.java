/**
 * Attention layers for enn and the attention presets of the ENN model.
 *
 * <p>Layers: {@link dev.enn.attention.MultiHeadAttention} (scaled dot-product attention with a
 * post-norm residual), {@link dev.enn.attention.NeuronStateAttention} (self-attention across the
 * neurons of an {@code [B, N, S]} state), {@link dev.enn.attention.TemporalAttention}
 * (self-attention over time with a learned positional table),
 * {@link dev.enn.attention.SparseAttention} (top-k attention) and
 * {@link dev.enn.attention.AttentionPooling} (a learned weighted average over time). The
 * kernel they share is {@link dev.enn.attention.ScaledDotProductAttention}.
 *
 * <p><b>Masks.</b> A mask contains 1 where a query may attend to a key and 0 where it may not;
 * any other entry is rejected. Attention layers take {@code [B, Lq, Lk]} or a key-padding mask
 * {@code [B, Lk]}; pooling takes {@code [B, L]}. A query whose every key is masked gets all-zero
 * weights and a zero attention output instead of NaN.
 *
 * <p>Parameter names follow the state-dict names of the PyTorch original ({@code W_q.weight},
 * {@code layer_norm.bias}, {@code temporal_encoding}, …), so weights exported from it load by
 * name. The layers are registered with {@link dev.enn.layer.LayerRegistry} under the ids listed
 * in {@link dev.enn.attention.AttentionLayerProvider}.
 */
package dev.enn.attention;
