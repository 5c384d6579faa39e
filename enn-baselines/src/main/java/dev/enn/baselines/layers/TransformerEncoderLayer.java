package dev.enn.baselines.layers;

import dev.enn.layer.AbstractLayer;
import dev.enn.layer.Dropout;
import dev.enn.layer.LayerNorm;
import dev.enn.layer.Linear;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Shapes;
import dev.enn.tensor.Tensor;

/**
 * Post-norm Transformer encoder layer with GELU, as PyTorch's
 * {@code nn.TransformerEncoderLayer(D, A, dim_feedforward=4D, activation='gelu', batch_first=True,
 * norm_first=False)}: {@code [B, T, D] → [B, T, D]},
 * <pre>
 * x ← norm1(x + dropout1(self_attn(x)))
 * x ← norm2(x + dropout2(linear2(dropout(GELU(linear1(x))))))
 * </pre>
 * with exact GELU {@code x·Φ(x)} and LayerNorm ε = 1e-5. Child names follow PyTorch's state dict:
 * {@code self_attn}, {@code linear1 [4D, D]}, {@code linear2 [D, 4D]}, {@code norm1},
 * {@code norm2}. The same dropout probability acts on the attention weights and at the three
 * dropout sites.
 *
 * <p>{@link #forward} runs the attention, the residual sums with their layer norms, and bias,
 * GELU and dropout of the feed-forward block as fused ops; {@link #forwardReference} computes the
 * same values with the child layers and core tensor ops.
 */
public final class TransformerEncoderLayer extends AbstractLayer {
    private final int width;
    private final MultiheadSelfAttention selfAttention;
    private final Linear linear1;
    private final Dropout feedForwardDropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Dropout attentionDropout;
    private final Dropout outputDropout;
    private final double dropout;
    /** The generators of the three dropout children, shared with them so that the fused ops draw the same masks. */
    private final Rng feedForwardDropoutRng;
    private final Rng attentionDropoutRng;
    private final Rng outputDropoutRng;

    /**
     * Creates the layer with feed-forward width 4D.
     *
     * @param width model width D
     * @param numHeads head count A; must divide D
     * @param dropout probability in [0, 1], used in training only
     * @throws IllegalArgumentException if a size is invalid or {@code dropout} is outside [0, 1]
     */
    public TransformerEncoderLayer(int width, int numHeads, double dropout, Rng initRng, Rng dropoutRng) {
        Shapes.requirePositive("TransformerEncoderLayer width", width);
        this.width = width;
        this.dropout = dropout;
        this.feedForwardDropoutRng = dropoutRng.fork("dropout");
        this.attentionDropoutRng = dropoutRng.fork("dropout1");
        this.outputDropoutRng = dropoutRng.fork("dropout2");
        this.selfAttention = registerChild("self_attn",
                new MultiheadSelfAttention(width, numHeads, dropout, initRng.fork("self_attn"), dropoutRng.fork("self_attn")));
        this.linear1 = registerChild("linear1", new Linear(width, 4 * width, initRng.fork("linear1")));
        this.feedForwardDropout = registerChild("dropout", new Dropout(dropout, feedForwardDropoutRng));
        this.linear2 = registerChild("linear2", new Linear(4 * width, width, initRng.fork("linear2")));
        this.norm1 = registerChild("norm1", new LayerNorm(width));
        this.norm2 = registerChild("norm2", new LayerNorm(width));
        this.attentionDropout = registerChild("dropout1", new Dropout(dropout, attentionDropoutRng));
        this.outputDropout = registerChild("dropout2", new Dropout(dropout, outputDropoutRng));
    }

    /**
     * Applies the layer without a mask.
     *
     * @param input {@code [B, T, D]}
     * @return {@code [B, T, D]}
     */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null);
    }

    /**
     * Applies the layer, ignoring padded keys in self-attention.
     *
     * @param input {@code [B, T, D]}
     * @param keyPaddingMask {@code [B, T]}, nonzero at padded positions; {@code null} for none
     * @return {@code [B, T, D]}
     */
    public Tensor forward(Tensor input, Tensor keyPaddingMask) {
        boolean training = isTraining();
        Tensor attended = selfAttention.forward(input, keyPaddingMask);
        DropoutMask attendedMask = DropoutMask.draw(dropout, training, attentionDropoutRng, attended.size());
        Tensor x = EncoderKernels.residualLayerNorm(input, attended, attendedMask, weight(norm1), bias(norm1), LayerNorm.DEFAULT_EPS);

        Tensor projected = x.linear(linear1.weight(), null);
        DropoutMask hiddenMask = DropoutMask.draw(dropout, training, feedForwardDropoutRng, projected.size());
        Tensor hidden = EncoderKernels.biasGeluDropout(projected, linear1.bias(), hiddenMask);

        Tensor output = linear2.forward(hidden);
        DropoutMask outputMask = DropoutMask.draw(dropout, training, outputDropoutRng, output.size());
        return EncoderKernels.residualLayerNorm(x, output, outputMask, weight(norm2), bias(norm2), LayerNorm.DEFAULT_EPS);
    }

    /**
     * Computes the same as {@link #forward(Tensor, Tensor)} with the child layers and core tensor
     * ops; slower, kept as the reference. In training mode it draws the same dropout masks from
     * the same generators.
     */
    public Tensor forwardReference(Tensor input, Tensor keyPaddingMask) {
        Tensor attended = selfAttention.forwardReference(input, keyPaddingMask);
        Tensor x = norm1.forward(input.add(attentionDropout.forward(attended)));
        Tensor hidden = feedForwardDropout.forward(linear1.forward(x).gelu());
        return norm2.forward(x.add(outputDropout.forward(linear2.forward(hidden))));
    }

    private static Tensor weight(LayerNorm norm) {
        return norm.namedParameters().get("weight");
    }

    private static Tensor bias(LayerNorm norm) {
        return norm.namedParameters().get("bias");
    }

    /** Returns the model width D. */
    public int width() {
        return width;
    }
}
