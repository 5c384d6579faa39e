package dev.enn.baselines.layers;

import dev.enn.layer.AbstractLayer;
import dev.enn.layer.Init;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Shapes;
import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * One-dimensional convolution with stride 1 and zero padding {@code K/2} on both sides, so the
 * length is preserved: {@code [B, C_in, L] → [B, C_out, L]}, as PyTorch's
 * {@code nn.Conv1d(C_in, C_out, K, padding=K//2)} for odd K:
 * {@code y[b, o, l] = bias[o] + Σ_c Σ_k weight[o, c, k] · x[b, c, l + k − K/2]}.
 *
 * <p>Parameters {@code weight [C_out, C_in, K]} and {@code bias [C_out]}, both drawn uniformly in
 * ±1/√(C_in·K) (weight first). Even kernel sizes are rejected, because padding K/2 would then
 * lengthen the output by one.
 *
 * <p>{@link #forward} runs a fused im2col kernel; {@link #forwardReference} computes the same
 * values with core tensor ops.
 */
public final class Conv1d extends AbstractLayer {
    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * Creates the layer.
     *
     * @throws IllegalArgumentException if a size is not positive or {@code kernelSize} is even
     */
    public Conv1d(int inChannels, int outChannels, int kernelSize, Rng initRng) {
        Shapes.requirePositive("Conv1d inChannels", inChannels);
        Shapes.requirePositive("Conv1d outChannels", outChannels);
        Shapes.requirePositive("Conv1d kernelSize", kernelSize);
        if (kernelSize % 2 == 0) {
            throw new IllegalArgumentException("Conv1d kernelSize must be odd so that padding kernelSize/2 keeps the length, got "
                    + kernelSize + "; use " + (kernelSize + 1) + " or " + (kernelSize - 1));
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        int fanIn = inChannels * kernelSize;
        this.weight = registerParameter("weight", Init.fanInUniform(Tensor.zeros(outChannels, inChannels, kernelSize), fanIn, initRng));
        this.bias = registerParameter("bias", Init.fanInUniform(Tensor.zeros(outChannels), fanIn, initRng));
    }

    /**
     * Convolves with the fused kernel.
     *
     * @param input {@code [B, C_in, L]}
     * @return {@code [B, C_out, L]}
     * @throws ShapeMismatchException if the input is not rank 3 with {@code C_in} channels on axis 1
     */
    @Override
    public Tensor forward(Tensor input) {
        checkInput(input);
        return fused(input, weight, bias);
    }

    /** Computes the same as {@link #forward} with core tensor ops; slower, kept as the reference. */
    public Tensor forwardReference(Tensor input) {
        checkInput(input);
        return reference(input, weight, bias);
    }

    private void checkInput(Tensor input) {
        int[] shape = input.shape();
        if (shape.length != 3 || shape[1] != inChannels) {
            int[] expected = shape.length == 3 ? new int[] {shape[0], inChannels, shape[2]} : new int[] {-1, inChannels, -1};
            throw new ShapeMismatchException("Conv1d: input has shape " + Arrays.toString(shape) + " but the layer expects [B, "
                    + inChannels + ", L] (channels on axis 1; transpose a batch-first [B, T, F] sequence with transpose(1, 2))",
                    expected, shape);
        }
    }

    /**
     * Convolution as one op. The whole batch is unrolled into columns {@code cols[c·K + k, b·L + l]
     * = x[b, c, l + k − K/2]} (zero outside), so that one product {@code Y = W·cols + bias}, with W
     * viewed as {@code [C_out, C_in·K]} and Y as {@code [C_out, B·L]}, covers every sample, and its
     * gradients are two more products over {@code B·L} columns. Each weight gradient takes its
     * terms in order of (b, l), as a loop of per-sample products accumulating into it would.
     */
    static Tensor fused(Tensor x, Tensor weight, Tensor bias) {
        int batch = x.dim(0);
        int in = x.dim(1);
        int length = x.dim(2);
        int out = weight.dim(0);
        int kernel = weight.dim(2);
        int pad = kernel / 2;
        int rowsPerSample = in * kernel;
        int columns = batch * length;
        double[] xs = x.dataView();
        double[] w = weight.dataView();
        double[] bs = bias.dataView();

        double[] cols = new double[rowsPerSample * columns];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < in; c++) {
                for (int k = 0; k < kernel; k++) {
                    // the row stays zero outside [first, last), where the source l + k − pad leaves [0, L)
                    int first = firstInside(k, pad);
                    int last = lastInside(k, pad, length);
                    if (last > first) {
                        int row = (c * kernel + k) * columns + b * length;
                        System.arraycopy(xs, (b * in + c) * length + first + k - pad, cols, row + first, last - first);
                    }
                }
            }
        }
        double[] all = new double[out * columns];
        for (int o = 0; o < out; o++) {
            Arrays.fill(all, o * columns, (o + 1) * columns, bs[o]);
        }
        DenseKernels.mult(out, columns, rowsPerSample, w, 0, cols, 0, all, 0);
        double[] y = new double[batch * out * length];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < out; o++) {
                System.arraycopy(all, o * columns + b * length, y, (b * out + o) * length, length);
            }
        }

        return Tensor.fromOp(y, new int[] {batch, out, length}, g -> {
            // Y = W·cols + bias  ⇒  dW += G·colsᵀ,  dbias += Σ_columns G,  dcols = Wᵀ·G, with G as [C_out, B·L]
            double[] gAll = new double[out * columns];
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < out; o++) {
                    System.arraycopy(g, (b * out + o) * length, gAll, o * columns + b * length, length);
                }
            }
            if (weight.requiresGrad()) {
                DenseKernels.multTransB(out, rowsPerSample, columns, gAll, 0, cols, 0, weight.gradBuffer(), 0);
            }
            if (bias.requiresGrad()) {
                double[] biasGrad = bias.gradBuffer();
                for (int o = 0; o < out; o++) {
                    double sum = biasGrad[o];
                    for (int q = o * columns; q < (o + 1) * columns; q++) {
                        sum += gAll[q];
                    }
                    biasGrad[o] = sum;
                }
            }
            if (x.requiresGrad()) {
                double[] colGrad = new double[rowsPerSample * columns];
                DenseKernels.multTransA(rowsPerSample, columns, out, w, 0, gAll, 0, colGrad, 0);
                // cols[c·K + k, b·L + l] = x[b, c, l + k − pad]: scatter back to the source positions
                double[] xGrad = x.gradBuffer();
                for (int b = 0; b < batch; b++) {
                    for (int c = 0; c < in; c++) {
                        int source = (b * in + c) * length;
                        for (int k = 0; k < kernel; k++) {
                            int row = (c * kernel + k) * columns + b * length;
                            int last = lastInside(k, pad, length);
                            for (int l = firstInside(k, pad); l < last; l++) {
                                xGrad[source + l + k - pad] += colGrad[row + l];
                            }
                        }
                    }
                }
            }
        }, x, weight, bias);
    }

    /** Returns the first output position l whose source {@code l + k − pad} for tap k is not negative. */
    private static int firstInside(int k, int pad) {
        return Math.max(0, pad - k);
    }

    /** Returns one past the last output position l whose source {@code l + k − pad} for tap k lies below L. */
    private static int lastInside(int k, int pad, int length) {
        return Math.min(length, length + pad - k);
    }

    /**
     * Convolution from core ops: pad with zero columns, stack the K shifted windows, and apply
     * the weight as a linear map over (channel, tap).
     */
    static Tensor reference(Tensor x, Tensor weight, Tensor bias) {
        int batch = x.dim(0);
        int in = x.dim(1);
        int length = x.dim(2);
        int out = weight.dim(0);
        int kernel = weight.dim(2);
        int pad = kernel / 2;
        Tensor zeros = Tensor.zeros(batch, in, pad);
        Tensor padded = pad == 0 ? x : Tensor.concat(2, zeros, x, zeros);
        Tensor[] taps = new Tensor[kernel];
        for (int k = 0; k < kernel; k++) {
            taps[k] = padded.slice(2, k, k + length);
        }
        // windows[b, l, c, k] = x[b, c, l + k − pad]
        Tensor windows = Tensor.stack(3, taps).permute(0, 2, 1, 3).reshape(batch, length, in * kernel);
        Tensor y = windows.linear(weight.reshape(out, in * kernel), bias);
        return y.permute(0, 2, 1);
    }

    /** Returns the weight {@code [C_out, C_in, K]}. */
    public Tensor weight() {
        return weight;
    }

    /** Returns the bias {@code [C_out]}. */
    public Tensor bias() {
        return bias;
    }

    /** Returns the number of input channels. */
    public int inChannels() {
        return inChannels;
    }

    /** Returns the number of output channels. */
    public int outChannels() {
        return outChannels;
    }

    /** Returns the kernel size K. */
    public int kernelSize() {
        return kernelSize;
    }
}
