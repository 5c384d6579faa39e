package dev.enn.baselines;

import dev.enn.baselines.layers.PackedDropout;
import dev.enn.baselines.layers.SinusoidalPositionalEncoding;
import dev.enn.baselines.layers.TransformerEncoderLayer;
import dev.enn.io.ModelFileException;
import dev.enn.io.ReadOptions;
import dev.enn.layer.Dropout;
import dev.enn.layer.Layer;
import dev.enn.layer.LayerNorm;
import dev.enn.layer.Linear;
import dev.enn.layer.Sequential;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Transformer baseline with model width d = h: {@code Linear(F → d)}, sinusoidal positional
 * encoding, dropout, {@code numLayers} post-norm GELU {@link TransformerEncoderLayer}s with
 * {@code numHeads} heads and feed-forward width 4d, the mean over time, {@code LayerNorm(d)} and
 * {@code Linear(d → outputs)}.
 *
 * <p>Each encoder layer draws its own initial weights from its own fork of the seed. The
 * original deep-copies one layer into every position (as PyTorch's {@code nn.TransformerEncoder}
 * does), so all its layers start identical; here they start independent. Any width works with
 * the positional encoding, including odd d (the original fails there), and sequences longer
 * than its 5000-row table get their true encodings.
 *
 * <p>Parameters: {@code input_projection.*}, {@code layers.{i}.self_attn.in_proj_weight}, …,
 * {@code norm.*}, {@code output.*}. Count: {@code (F + 1)d + layers·(12d² + 13d) + 2d + (d·o + o)};
 * 56,881 for F = 3, d = 48, 2 layers, o = 1.
 */
public final class TransformerModel extends BaselineModel {
    /** Layer id and model kind of this model in model files. */
    public static final String LAYER_ID = "baseline.transformer";

    private final int hiddenSize;
    private final int numLayers;
    private final int numHeads;
    private final double dropout;
    private final long seed;
    private final Linear inputProjection;
    private final SinusoidalPositionalEncoding positionalEncoding;
    private final Dropout inputDropout;
    /** The generator of {@code inputDropout}, shared with it so that the masks drawn here advance its state. */
    private final Rng inputDropoutRng;
    private final Sequential layers;
    private final LayerNorm norm;
    private final Linear output;

    private TransformerModel(Builder b) {
        super(b.inputFeatures, b.outputs);
        this.hiddenSize = b.hiddenSize;
        this.numLayers = b.numLayers;
        this.numHeads = b.numHeads;
        this.dropout = b.dropout;
        this.seed = b.seed;
        Rng root = new Rng(b.seed);
        Rng init = root.fork("init");
        Rng drop = root.fork("dropout");
        this.inputProjection = registerChild("input_projection", new Linear(b.inputFeatures, hiddenSize, init.fork("input_projection")));
        this.positionalEncoding = registerChild("pos_encoder", new SinusoidalPositionalEncoding(hiddenSize));
        this.inputDropoutRng = drop.fork("dropout");
        this.inputDropout = registerChild("dropout", new Dropout(dropout, inputDropoutRng));
        Layer[] encoderLayers = new Layer[numLayers];
        for (int i = 0; i < numLayers; i++) {
            encoderLayers[i] = new TransformerEncoderLayer(hiddenSize, numHeads, dropout,
                    init.fork("layers." + i), drop.fork("layers." + i));
        }
        this.layers = registerChild("layers", new Sequential(encoderLayers));
        this.norm = registerChild("norm", new LayerNorm(hiddenSize));
        this.output = registerChild("output", new Linear(hiddenSize, b.outputs, init.fork("output")));
    }

    /** Returns a builder with the defaults of the original: F = 5, d = 64, 2 layers, 8 heads, 1 output, dropout 0.1, seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected Tensor forwardSequence(Tensor sequence) {
        Tensor encoded = positionalEncoding.forward(inputProjection.forward(sequence));
        // the values of inputDropout.forward(encoded), from a faster kernel
        Tensor x = PackedDropout.apply(encoded, inputDropout.p(), inputDropout.isTraining(), inputDropoutRng);
        x = layers.forward(x);
        return output.forward(norm.forward(x.mean(1, false)));
    }

    /**
     * Loads a model saved by {@link #save(Path)}, rejecting NaN and infinite weights.
     *
     * @throws ModelFileException naming the file and the problem, also if it contains another kind of model
     * @throws IOException if the file cannot be read
     */
    public static TransformerModel load(Path file) throws IOException {
        return load(file, ReadOptions.defaults());
    }

    /**
     * Loads a model saved by {@link #save(Path)}; {@link ReadOptions#allowNonFinite()} accepts NaN
     * and infinite weights with a logged warning.
     *
     * @throws ModelFileException as {@link #load(Path)}
     * @throws IOException if the file cannot be read
     */
    public static TransformerModel load(Path file, ReadOptions options) throws IOException {
        return BaselineModel.load(file, TransformerModel.class, options);
    }

    @Override
    public String layerId() {
        return LAYER_ID;
    }

    @Override
    public Map<String, Object> options() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("inputFeatures", inputFeatures());
        options.put("hiddenSize", hiddenSize);
        options.put("numLayers", numLayers);
        options.put("numHeads", numHeads);
        options.put("outputs", outputs());
        options.put("dropout", dropout);
        options.put("seed", seed);
        return options;
    }

    /** Builder of {@link TransformerModel}. */
    public static final class Builder extends BaselineBuilder<Builder, TransformerModel> {
        /** Default number of encoder layers. */
        public static final int DEFAULT_NUM_LAYERS = 2;
        /** Default number of attention heads. */
        public static final int DEFAULT_NUM_HEADS = 8;

        int numLayers = DEFAULT_NUM_LAYERS;
        int numHeads = DEFAULT_NUM_HEADS;
        double dropout = DEFAULT_DROPOUT;

        Builder() {
        }

        /** Sets the number of encoder layers. */
        public Builder numLayers(int numLayers) {
            this.numLayers = numLayers;
            return this;
        }

        /** Sets the number of attention heads; it must divide hiddenSize. */
        public Builder numHeads(int numHeads) {
            this.numHeads = numHeads;
            return this;
        }

        /** Sets the dropout probability used after the positional encoding and inside every encoder layer. */
        public Builder dropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        @Override
        public TransformerModel build() {
            validateCommon(1, "");
            requireAtLeast("numLayers", numLayers, 1, "");
            requireAtLeast("numHeads", numHeads, 1, "");
            if (hiddenSize % numHeads != 0) {
                throw new IllegalArgumentException("TransformerModel.Builder: hiddenSize " + hiddenSize
                        + " is not divisible by numHeads " + numHeads + "; every head needs hiddenSize/numHeads features");
            }
            requireProbability("dropout", dropout);
            return new TransformerModel(this);
        }
    }
}
