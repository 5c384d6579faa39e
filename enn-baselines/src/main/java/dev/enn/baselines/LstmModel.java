package dev.enn.baselines;

import dev.enn.baselines.layers.Lstm;
import dev.enn.io.ModelFileException;
import dev.enn.io.ReadOptions;
import dev.enn.layer.Sequential;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LSTM baseline: a stacked batch-first {@link Lstm} (dropout between layers when there are two
 * or more), its top layer's state at the last step, then
 * {@code Linear(h → h/2) → ReLU → Dropout → Linear(h/2 → outputs)}.
 *
 * <p>Parameters: {@code lstm.weight_ih_l{k}}, {@code lstm.weight_hh_l{k}},
 * {@code lstm.bias_ih_l{k}}, {@code lstm.bias_hh_l{k}}, {@code head.0.*}, {@code head.3.*}.
 * Count: {@code Σ_k [4h(in_k + h) + 8h] + (h·⌊h/2⌋ + ⌊h/2⌋) + (⌊h/2⌋·o + o)} with
 * {@code in_0 = F}, {@code in_k = h}; 30,193 for F = 3, h = 48, 2 layers, o = 1.
 *
 * <pre>{@code
 * LstmModel model = LstmModel.builder().inputFeatures(3).hiddenSize(48).numLayers(2).outputs(1)
 *         .dropout(0.1).seed(42).build();
 * }</pre>
 */
public final class LstmModel extends BaselineModel {
    /** Layer id and model kind of this model in model files. */
    public static final String LAYER_ID = "baseline.lstm";

    private final int hiddenSize;
    private final int numLayers;
    private final double dropout;
    private final long seed;
    private final Lstm lstm;
    private final Sequential head;

    private LstmModel(Builder b) {
        super(b.inputFeatures, b.outputs);
        this.hiddenSize = b.hiddenSize;
        this.numLayers = b.numLayers;
        this.dropout = b.dropout;
        this.seed = b.seed;
        Rng root = new Rng(b.seed);
        Rng init = root.fork("init");
        Rng drop = root.fork("dropout");
        double interLayerDropout = numLayers > 1 ? dropout : 0.0;
        this.lstm = registerChild("lstm", new Lstm(b.inputFeatures, hiddenSize, numLayers, interLayerDropout,
                init.fork("lstm"), drop.fork("lstm")));
        this.head = registerChild("head", Heads.halfWidthHead(hiddenSize, b.outputs, dropout, init.fork("head"), drop.fork("head")));
    }

    /** Returns a builder with the defaults of the original: F = 5, h = 64, 2 layers, 1 output, dropout 0.1, seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected Tensor forwardSequence(Tensor sequence) {
        Tensor states = lstm.forward(sequence);
        Tensor last = states.select(1, states.dim(1) - 1);
        return head.forward(last);
    }

    /**
     * Loads a model saved by {@link #save(Path)}, rejecting NaN and infinite weights.
     *
     * @throws ModelFileException naming the file and the problem, also if it contains another kind of model
     * @throws IOException if the file cannot be read
     */
    public static LstmModel load(Path file) throws IOException {
        return load(file, ReadOptions.defaults());
    }

    /**
     * Loads a model saved by {@link #save(Path)}; {@link ReadOptions#allowNonFinite()} accepts NaN
     * and infinite weights with a logged warning.
     *
     * @throws ModelFileException as {@link #load(Path)}
     * @throws IOException if the file cannot be read
     */
    public static LstmModel load(Path file, ReadOptions options) throws IOException {
        return BaselineModel.load(file, LstmModel.class, options);
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
        options.put("outputs", outputs());
        options.put("dropout", dropout);
        options.put("seed", seed);
        return options;
    }

    /** Returns the stacked LSTM. */
    public Lstm lstm() {
        return lstm;
    }

    /** Builder of {@link LstmModel}. */
    public static final class Builder extends BaselineBuilder<Builder, LstmModel> {
        /** Default number of stacked layers. */
        public static final int DEFAULT_NUM_LAYERS = 2;

        int numLayers = DEFAULT_NUM_LAYERS;
        double dropout = DEFAULT_DROPOUT;

        Builder() {
        }

        /** Sets the number of stacked LSTM layers. */
        public Builder numLayers(int numLayers) {
            this.numLayers = numLayers;
            return this;
        }

        /** Sets the dropout probability between LSTM layers and in the head, in [0, 1]. */
        public Builder dropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        @Override
        public LstmModel build() {
            validateCommon(2, "the head's first layer has hiddenSize/2 units");
            requireAtLeast("numLayers", numLayers, 1, "");
            requireProbability("dropout", dropout);
            return new LstmModel(this);
        }
    }
}
