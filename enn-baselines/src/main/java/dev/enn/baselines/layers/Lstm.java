package dev.enn.baselines.layers;

import dev.enn.layer.AbstractLayer;
import dev.enn.layer.Init;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Shapes;
import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * Stacked unidirectional LSTM, batch-first, as PyTorch's {@code nn.LSTM(batch_first=True)}:
 * {@code [B, T, I] → [B, T, H]}, the top layer's hidden state at every step, starting from zero
 * hidden and cell states.
 *
 * <p>Parameters per layer {@code k} carry PyTorch's state-dict names: {@code weight_ih_l{k}}
 * {@code [4H, in_k]}, {@code weight_hh_l{k}} {@code [4H, H]}, {@code bias_ih_l{k}} and
 * {@code bias_hh_l{k}} {@code [4H]}, with gate rows in the order i, f, g, o and {@code in_0 = I},
 * {@code in_k = H} above. All are drawn uniformly in ±1/√H. In training mode dropout with
 * probability {@code dropout} is applied to the output of every layer except the last.
 *
 * <p>{@link #forward} runs the fused kernel; {@link #forwardReference} computes the same values
 * with core tensor ops, one step at a time.
 */
public final class Lstm extends AbstractLayer {
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final double dropout;
    private final Rng dropoutRng;
    private final Tensor[][] weights;

    /**
     * Creates the layer.
     *
     * @param inputSize feature width I of the input
     * @param hiddenSize hidden width H
     * @param numLayers number of stacked layers
     * @param dropout probability in [0, 1] of the dropout between layers, used in training only
     * @param initRng generator of the initial weights
     * @param dropoutRng generator of the dropout masks
     * @throws IllegalArgumentException if a size is not positive or {@code dropout} is outside [0, 1]
     */
    public Lstm(int inputSize, int hiddenSize, int numLayers, double dropout, Rng initRng, Rng dropoutRng) {
        Shapes.requirePositive("Lstm inputSize", inputSize);
        Shapes.requirePositive("Lstm hiddenSize", hiddenSize);
        Shapes.requirePositive("Lstm numLayers", numLayers);
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException("Lstm dropout must lie in [0, 1], got " + dropout);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.dropout = dropout;
        this.dropoutRng = dropoutRng == null ? null : registerGenerator("dropout", dropoutRng);
        this.weights = new Tensor[numLayers][];
        double bound = 1.0 / Math.sqrt(hiddenSize);
        for (int k = 0; k < numLayers; k++) {
            int in = k == 0 ? inputSize : hiddenSize;
            weights[k] = new Tensor[] {
                registerParameter("weight_ih_l" + k, Init.uniform(Tensor.zeros(4 * hiddenSize, in), -bound, bound, initRng)),
                registerParameter("weight_hh_l" + k, Init.uniform(Tensor.zeros(4 * hiddenSize, hiddenSize), -bound, bound, initRng)),
                registerParameter("bias_ih_l" + k, Init.uniform(Tensor.zeros(4 * hiddenSize), -bound, bound, initRng)),
                registerParameter("bias_hh_l" + k, Init.uniform(Tensor.zeros(4 * hiddenSize), -bound, bound, initRng)),
            };
        }
    }

    /**
     * Runs the stack with the fused kernel.
     *
     * @param input {@code [B, T, I]}
     * @return {@code [B, T, H]}
     * @throws ShapeMismatchException if the input is not rank 3 or its last axis is not I
     */
    @Override
    public Tensor forward(Tensor input) {
        return run(input, true);
    }

    /** Computes the same as {@link #forward} with core tensor ops; slower, kept as the reference. */
    public Tensor forwardReference(Tensor input) {
        return run(input, false);
    }

    private Tensor run(Tensor input, boolean fused) {
        checkInput(input);
        Tensor x = input;
        for (int k = 0; k < numLayers; k++) {
            Tensor[] w = weights[k];
            x = fused ? LstmKernels.fused(x, w[0], w[1], w[2], w[3]) : LstmKernels.reference(x, w[0], w[1], w[2], w[3]);
            if (k + 1 < numLayers) {
                x = fused ? PackedDropout.apply(x, dropout, isTraining(), dropoutRng) : x.dropout(dropout, isTraining(), dropoutRng);
            }
        }
        return x;
    }

    private void checkInput(Tensor input) {
        int[] shape = input.shape();
        if (shape.length != 3 || shape[2] != inputSize) {
            int[] expected = shape.length == 3 ? new int[] {shape[0], shape[1], inputSize} : new int[] {-1, -1, inputSize};
            throw new ShapeMismatchException("Lstm: input has shape " + Arrays.toString(shape) + " but the layer expects [B, T, "
                    + inputSize + "] (batch-first, " + inputSize + " features on the last axis)", expected, shape);
        }
    }

    /** Returns the input feature width I. */
    public int inputSize() {
        return inputSize;
    }

    /** Returns the hidden width H. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** Returns the number of stacked layers. */
    public int numLayers() {
        return numLayers;
    }
}
