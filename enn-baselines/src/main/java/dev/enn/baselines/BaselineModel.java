package dev.enn.baselines;

import dev.enn.io.DType;
import dev.enn.io.ModelFileException;
import dev.enn.io.ModelStore;
import dev.enn.io.ReadOptions;
import dev.enn.layer.AbstractLayer;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Base of the five baseline models. Each accepts a batch-first sequence {@code [B, T, F]} or a
 * single step {@code [B, F]} (treated as T = 1) and returns {@code [B, outputs]}.
 *
 * <p>Like every {@link dev.enn.layer.Layer}, a model in evaluation mode keeps no per-call state,
 * so concurrent evaluation-mode forward passes are safe; training is single-threaded.
 */
public abstract class BaselineModel extends AbstractLayer {
    private final int inputFeatures;
    private final int outputs;

    /** Stores the input and output widths that every model checks. */
    protected BaselineModel(int inputFeatures, int outputs) {
        this.inputFeatures = inputFeatures;
        this.outputs = outputs;
    }

    /**
     * Runs the model.
     *
     * @param input {@code [B, T, F]} or {@code [B, F]}, with B ≥ 1 and T ≥ 1
     * @return {@code [B, outputs]}
     * @throws ShapeMismatchException if the rank, the feature count F, or (for the MLP) the
     *     window length does not fit the model
     */
    @Override
    public final Tensor forward(Tensor input) {
        return forwardSequence(toSequence(input));
    }

    /** Runs the model on a checked {@code [B, T, F]} input. */
    protected abstract Tensor forwardSequence(Tensor sequence);

    /** Returns the configuration as the option map that {@link BaselineLayerProvider} accepts for this model. */
    public abstract Map<String, Object> options();

    /** Returns the model's id in the {@link dev.enn.layer.LayerRegistry}, such as {@code baseline.lstm}. */
    public abstract String layerId();

    /**
     * Saves the weights and buffers (BatchNorm running statistics included) in F64 with the
     * {@link #layerId()} and {@link #options()}, atomically; {@link ModelStore} describes the file.
     *
     * @throws IllegalArgumentException if a weight is NaN or infinite
     * @throws IOException if writing fails; a previous file at {@code file} is then unchanged
     */
    public final void save(Path file) throws IOException {
        save(file, DType.F64);
    }

    /**
     * Saves the model as {@link #save(Path)} does, in the given precision; {@link DType#F32}
     * rounds every value to single precision.
     *
     * @throws IllegalArgumentException if a weight is NaN or infinite, or too large for F32
     * @throws IOException if writing fails; a previous file at {@code file} is then unchanged
     */
    public final void save(Path file, DType dtype) throws IOException {
        ModelStore.save(file, this, layerId(), options(), dtype);
    }

    /**
     * Loads a model file and checks that it contains a model of {@code type}; each model class
     * offers a typed {@code load(Path)} built on this.
     *
     * @throws ModelFileException naming the file and the problem (see
     *     {@link ModelStore#load(Path, ReadOptions)}), also if the file holds another model kind
     * @throws IOException if the file cannot be read
     */
    static <M extends BaselineModel> M load(Path file, Class<M> type, ReadOptions options) throws IOException {
        return ModelStore.load(file, type, options);
    }

    private Tensor toSequence(Tensor input) {
        int[] shape = input.shape();
        String name = getClass().getSimpleName();
        if (shape.length != 2 && shape.length != 3) {
            throw new ShapeMismatchException(name + ": input has shape " + Arrays.toString(shape) + " (rank " + shape.length
                    + ") but the model expects a batch-first [B, T, " + inputFeatures + "] sequence or a [B, "
                    + inputFeatures + "] single step", new int[] {-1, -1, inputFeatures}, shape);
        }
        int features = shape[shape.length - 1];
        if (features != inputFeatures) {
            int[] expected = shape.clone();
            expected[expected.length - 1] = inputFeatures;
            throw new ShapeMismatchException(name + ": input has " + features + " features on the last axis (shape "
                    + Arrays.toString(shape) + ") but the model was built for inputFeatures = " + inputFeatures
                    + "; inputs are batch-first [B, T, F] or [B, F]", expected, shape);
        }
        if (shape[0] == 0 || (shape.length == 3 && shape[1] == 0)) {
            throw new ShapeMismatchException(name + ": input of shape " + Arrays.toString(shape)
                    + " is empty; the model needs at least one sample and one time step", null, shape);
        }
        return shape.length == 3 ? input : input.unsqueeze(1);
    }

    /** Returns the feature count F. */
    public final int inputFeatures() {
        return inputFeatures;
    }

    /** Returns the output width. */
    public final int outputs() {
        return outputs;
    }
}
