package dev.enn.baselines;

import dev.enn.io.ModelFileException;
import dev.enn.io.ReadOptions;
import dev.enn.layer.Activation;
import dev.enn.layer.Dropout;
import dev.enn.layer.Layer;
import dev.enn.layer.Linear;
import dev.enn.layer.Sequential;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MLP baseline over a fixed window: the input {@code [B, T, F]} is flattened to {@code [B, T·F]}
 * and passes {@code Linear(T·F → 2h) → ReLU → Dropout → Linear(2h → h) → ReLU → Dropout →
 * Linear(h → h/2) → ReLU → Dropout → Linear(h/2 → outputs)}.
 *
 * <p>The window length T is fixed when the model is built ({@code windowLength}); an input with
 * another T is rejected with both lengths in the message, and a {@code [B, F]} input is accepted
 * only when T = 1. Parameters: {@code layers.{0,3,6,9}.weight} and {@code .bias}. Count:
 * {@code (TF + 1)·2h + (2h + 1)·h + (h + 1)·⌊h/2⌋ + (⌊h/2⌋ + 1)·o}; 11,713 for T = 20, F = 3,
 * h = 48, o = 1.
 */
public final class MlpModel extends BaselineModel {
    /** Layer id and model kind of this model in model files. */
    public static final String LAYER_ID = "baseline.mlp";

    private final int hiddenSize;
    private final int windowLength;
    private final double dropout;
    private final long seed;
    private final Sequential layers;

    private MlpModel(Builder b) {
        super(b.inputFeatures, b.outputs);
        this.hiddenSize = b.hiddenSize;
        this.windowLength = b.windowLength;
        this.dropout = b.dropout;
        this.seed = b.seed;
        Rng root = new Rng(b.seed);
        Rng init = root.fork("init");
        Rng drop = root.fork("dropout");
        int[] widths = {windowLength * b.inputFeatures, 2 * hiddenSize, hiddenSize, hiddenSize / 2, b.outputs};
        Layer[] chain = new Layer[10];
        for (int i = 0; i < 4; i++) {
            chain[3 * i] = new Linear(widths[i], widths[i + 1], init.fork("layers." + (3 * i)));
            if (i < 3) {
                chain[3 * i + 1] = new Activation(Activation.Kind.RELU);
                chain[3 * i + 2] = new Dropout(dropout, drop.fork("layers." + (3 * i + 2)));
            }
        }
        this.layers = registerChild("layers", new Sequential(chain));
    }

    /** Returns a builder with the defaults of the original: F = 5, h = 64, window 20, 1 output, dropout 0.1, seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected Tensor forwardSequence(Tensor sequence) {
        int[] shape = sequence.shape();
        if (shape[1] != windowLength) {
            throw new ShapeMismatchException("MlpModel: input has " + shape[1] + " time steps (sequence shape "
                    + Arrays.toString(shape) + ") but the model was built for windowLength = " + windowLength
                    + "; the MLP flattens a fixed window [B, " + windowLength + ", " + inputFeatures()
                    + "], so build it with the window length of the data", new int[] {shape[0], windowLength, shape[2]}, shape);
        }
        return layers.forward(sequence.reshape(shape[0], windowLength * shape[2]));
    }

    /**
     * Loads a model saved by {@link #save(Path)}, rejecting NaN and infinite weights.
     *
     * @throws ModelFileException naming the file and the problem, also if it contains another kind of model
     * @throws IOException if the file cannot be read
     */
    public static MlpModel load(Path file) throws IOException {
        return load(file, ReadOptions.defaults());
    }

    /**
     * Loads a model saved by {@link #save(Path)}; {@link ReadOptions#allowNonFinite()} accepts NaN
     * and infinite weights with a logged warning.
     *
     * @throws ModelFileException as {@link #load(Path)}
     * @throws IOException if the file cannot be read
     */
    public static MlpModel load(Path file, ReadOptions options) throws IOException {
        return BaselineModel.load(file, MlpModel.class, options);
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
        options.put("windowLength", windowLength);
        options.put("outputs", outputs());
        options.put("dropout", dropout);
        options.put("seed", seed);
        return options;
    }

    /** Returns the window length T the model was built for. */
    public int windowLength() {
        return windowLength;
    }

    /** Builder of {@link MlpModel}. */
    public static final class Builder extends BaselineBuilder<Builder, MlpModel> {
        /** Default window length, the original's {@code seq_len}. */
        public static final int DEFAULT_WINDOW_LENGTH = 20;

        int windowLength = DEFAULT_WINDOW_LENGTH;
        double dropout = DEFAULT_DROPOUT;

        Builder() {
        }

        /** Sets the number of time steps T of every input; a {@code [B, F]} input needs T = 1. */
        public Builder windowLength(int windowLength) {
            this.windowLength = windowLength;
            return this;
        }

        /** Sets the dropout probability after each hidden layer, in [0, 1]. */
        public Builder dropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        @Override
        public MlpModel build() {
            validateCommon(2, "the third layer has hiddenSize/2 units");
            requireAtLeast("windowLength", windowLength, 1, "");
            requireProbability("dropout", dropout);
            return new MlpModel(this);
        }
    }
}
