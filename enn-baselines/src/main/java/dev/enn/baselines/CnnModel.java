package dev.enn.baselines;

import dev.enn.baselines.layers.BatchNorm1d;
import dev.enn.baselines.layers.Conv1d;
import dev.enn.baselines.layers.PackedDropout;
import dev.enn.io.ModelFileException;
import dev.enn.io.ReadOptions;
import dev.enn.layer.Dropout;
import dev.enn.layer.Sequential;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CNN baseline: the sequence is transposed to {@code [B, F, T]} and passes three blocks
 * {@code Conv1d → BatchNorm1d → ReLU → Dropout} with kernel sizes 3, 5, 7 (length-preserving
 * padding) and widths ⌊h/4⌋, ⌊h/2⌋, h; then the average over time and
 * {@code Linear(h → h/2) → ReLU → Dropout → Linear(h/2 → outputs)}.
 *
 * <p>Parameters: {@code conv{i}.weight}, {@code conv{i}.bias}, {@code bn{i}.weight},
 * {@code bn{i}.bias} for i = 1..3, {@code head.0.*}, {@code head.3.*}; the batch-norm running
 * statistics are buffers, not parameters. Count:
 * {@code (3F·h₄ + 3h₄) + (5h₄·h₂ + 3h₂) + (7h₂·h + 3h) + (h·h₂ + h₂) + (h₂·o + o)}; 11,065 for
 * F = 3, h = 48, o = 1.
 *
 * <p>In training mode batch normalisation needs more than one value per channel, so a batch of
 * one single-step sample is rejected there; evaluation mode accepts it.
 */
public final class CnnModel extends BaselineModel {
    /** Layer id and model kind of this model in model files. */
    public static final String LAYER_ID = "baseline.cnn";

    private static final int[] KERNEL_SIZES = {3, 5, 7};

    private final int hiddenSize;
    private final double dropout;
    private final long seed;
    private final Conv1d[] convolutions = new Conv1d[3];
    private final BatchNorm1d[] norms = new BatchNorm1d[3];
    private final Dropout[] dropouts = new Dropout[3];
    /** The generators of the dropout children, shared with them so that the masks drawn here advance their state. */
    private final Rng[] dropoutRngs = new Rng[3];
    private final Sequential head;

    private CnnModel(Builder b) {
        super(b.inputFeatures, b.outputs);
        this.hiddenSize = b.hiddenSize;
        this.dropout = b.dropout;
        this.seed = b.seed;
        Rng root = new Rng(b.seed);
        Rng init = root.fork("init");
        Rng drop = root.fork("dropout");
        int[] widths = {hiddenSize / 4, hiddenSize / 2, hiddenSize};
        int in = b.inputFeatures;
        for (int i = 0; i < 3; i++) {
            String suffix = Integer.toString(i + 1);
            convolutions[i] = registerChild("conv" + suffix, new Conv1d(in, widths[i], KERNEL_SIZES[i], init.fork("conv" + suffix)));
            norms[i] = registerChild("bn" + suffix, new BatchNorm1d(widths[i]));
            dropoutRngs[i] = drop.fork("dropout" + suffix);
            dropouts[i] = registerChild("dropout" + suffix, new Dropout(dropout, dropoutRngs[i]));
            in = widths[i];
        }
        this.head = registerChild("head", Heads.halfWidthHead(hiddenSize, b.outputs, dropout, init.fork("head"), drop.fork("head")));
    }

    /** Returns a builder with the defaults of the original: F = 5, h = 64, 1 output, dropout 0.1, seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected Tensor forwardSequence(Tensor sequence) {
        Tensor x = sequence.transpose(1, 2);
        for (int i = 0; i < 3; i++) {
            Tensor activated = norms[i].forwardWithRelu(convolutions[i].forward(x));
            // the values of dropouts[i].forward(activated), from a faster kernel
            x = PackedDropout.apply(activated, dropouts[i].p(), dropouts[i].isTraining(), dropoutRngs[i]);
        }
        return head.forward(x.mean(2, false));
    }

    /**
     * Loads a model saved by {@link #save(Path)}, rejecting NaN and infinite weights.
     *
     * @throws ModelFileException naming the file and the problem, also if it contains another kind of model
     * @throws IOException if the file cannot be read
     */
    public static CnnModel load(Path file) throws IOException {
        return load(file, ReadOptions.defaults());
    }

    /**
     * Loads a model saved by {@link #save(Path)}; {@link ReadOptions#allowNonFinite()} accepts NaN
     * and infinite weights with a logged warning.
     *
     * @throws ModelFileException as {@link #load(Path)}
     * @throws IOException if the file cannot be read
     */
    public static CnnModel load(Path file, ReadOptions options) throws IOException {
        return BaselineModel.load(file, CnnModel.class, options);
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
        options.put("outputs", outputs());
        options.put("dropout", dropout);
        options.put("seed", seed);
        return options;
    }

    /** Builder of {@link CnnModel}. */
    public static final class Builder extends BaselineBuilder<Builder, CnnModel> {
        double dropout = DEFAULT_DROPOUT;

        Builder() {
        }

        /** Sets the dropout probability after every block and in the head, in [0, 1]. */
        public Builder dropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        @Override
        public CnnModel build() {
            validateCommon(4, "the first block has hiddenSize/4 channels");
            requireProbability("dropout", dropout);
            return new CnnModel(this);
        }
    }
}
