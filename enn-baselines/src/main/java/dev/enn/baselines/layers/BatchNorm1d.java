package dev.enn.baselines.layers;

import dev.enn.layer.AbstractLayer;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Shapes;
import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * Batch normalisation over channels, as PyTorch's {@code nn.BatchNorm1d(C)}:
 * {@code [B, C, L] → [B, C, L]} or {@code [B, C] → [B, C]}.
 *
 * <p>In training mode each channel is normalised with the mean and the biased variance of its
 * {@code B·L} values, {@code y = γ·(x − μ)/√(σ² + ε) + β}, and the running statistics move with
 * momentum m = 0.1: {@code running_mean ← (1 − m)·running_mean + m·μ} and
 * {@code running_var ← (1 − m)·running_var + m·σ²·n/(n − 1)} (the unbiased estimate, n = B·L).
 * In evaluation mode the running statistics replace the batch statistics and nothing changes.
 *
 * <p>Parameters {@code weight} (γ, initially 1) and {@code bias} (β, initially 0), both
 * {@code [C]}. Buffers (kept by model files, not trained): {@code running_mean [C]} (initially 0),
 * {@code running_var [C]} (initially 1) and {@code num_batches_tracked []}, the number of
 * training-mode forward passes, named as in PyTorch's state dict.
 *
 * <p>A training-mode forward writes the buffers, so it must not run concurrently with another
 * call; evaluation-mode calls write nothing.
 *
 * <p>{@link #forward} and {@link #forwardWithRelu} run a fused kernel with a hand-written
 * backward pass; {@link #forwardReference} computes the same values with core tensor ops.
 */
public final class BatchNorm1d extends AbstractLayer {
    /** PyTorch's default ε. */
    public static final double DEFAULT_EPS = 1e-5;
    /** PyTorch's default momentum of the running statistics. */
    public static final double DEFAULT_MOMENTUM = 0.1;

    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    /** Creates the layer with ε = 1e-5 and momentum 0.1. */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, DEFAULT_EPS, DEFAULT_MOMENTUM);
    }

    /**
     * Creates the layer.
     *
     * @param numFeatures channel count C
     * @param eps added to the variance, positive
     * @param momentum weight of the new batch in the running statistics, in [0, 1]
     * @throws IllegalArgumentException if a value is out of range
     */
    public BatchNorm1d(int numFeatures, double eps, double momentum) {
        Shapes.requirePositive("BatchNorm1d numFeatures", numFeatures);
        if (!(eps > 0)) {
            throw new IllegalArgumentException("BatchNorm1d eps must be positive, got " + eps);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm1d momentum must lie in [0, 1], got " + momentum);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = registerParameter("weight", Tensor.ones(numFeatures));
        this.bias = registerParameter("bias", Tensor.zeros(numFeatures));
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(numFeatures));
        this.runningVar = registerBuffer("running_var", Tensor.ones(numFeatures));
        this.numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.scalar(0));
    }

    /**
     * Normalises the input; in training mode also updates the running statistics.
     *
     * @param input {@code [B, C, L]} or {@code [B, C]}
     * @return a tensor of the input's shape
     * @throws ShapeMismatchException if the input is not rank 2 or 3 with C channels on axis 1
     * @throws IllegalArgumentException in training mode, if a channel has only one value
     *     ({@code B·L = 1}), because its batch variance is then undefined
     */
    @Override
    public Tensor forward(Tensor input) {
        return run(input, false);
    }

    /**
     * Normalises the input and applies ReLU in the same op, {@code max(forward(input), 0)}; in
     * training mode also updates the running statistics.
     *
     * @throws ShapeMismatchException as {@link #forward}
     * @throws IllegalArgumentException as {@link #forward}
     */
    public Tensor forwardWithRelu(Tensor input) {
        return run(input, true);
    }

    private Tensor run(Tensor input, boolean relu) {
        int[] shape = checkInput(input);
        Tensor x = shape.length == 3 ? input : input.unsqueeze(2);
        Tensor y;
        if (isTraining()) {
            int count = checkCount(x, shape);
            BatchNormKernel.Statistics stats = BatchNormKernel.batchStatistics(x.dataView(), x.dim(0), numFeatures, x.dim(2));
            y = BatchNormKernel.normalize(x, stats.mean(), stats.variance(), true, relu, weight, bias, eps);
            updateRunningStatistics(stats.mean(), stats.variance(), count);
        } else {
            y = BatchNormKernel.normalize(x, runningMean.dataView(), runningVar.dataView(), false, relu, weight, bias, eps);
        }
        return shape.length == 3 ? y : y.squeeze(2);
    }

    /**
     * Computes the same as {@link #forward} with core tensor ops; slower, kept as the reference.
     * In training mode it also updates the running statistics.
     */
    public Tensor forwardReference(Tensor input) {
        int[] shape = checkInput(input);
        Tensor x = shape.length == 3 ? input : input.unsqueeze(2);
        int[] channelShape = {1, numFeatures, 1};
        Tensor gamma = weight.reshape(channelShape);
        Tensor beta = bias.reshape(channelShape);
        Tensor y;
        if (isTraining()) {
            int count = checkCount(x, shape);
            // two passes: the mean, then the biased variance of the centred values
            Tensor mean = x.mean(2, true).mean(0, true);
            Tensor centred = x.sub(mean);
            Tensor variance = centred.square().mean(2, true).mean(0, true);
            y = centred.div(variance.add(eps).sqrt()).mul(gamma).add(beta);
            updateRunningStatistics(mean.dataView(), variance.dataView(), count);
        } else {
            Tensor mean = runningMean.reshape(channelShape);
            Tensor scale = runningVar.reshape(channelShape).add(eps).sqrt();
            y = x.sub(mean).div(scale).mul(gamma).add(beta);
        }
        return shape.length == 3 ? y : y.squeeze(2);
    }

    private int[] checkInput(Tensor input) {
        int[] shape = input.shape();
        if ((shape.length != 2 && shape.length != 3) || shape[1] != numFeatures) {
            throw new ShapeMismatchException("BatchNorm1d: input has shape " + Arrays.toString(shape) + " but the layer expects [B, "
                    + numFeatures + ", L] or [B, " + numFeatures + "] (channels on axis 1)", null, shape);
        }
        return shape;
    }

    /** Returns B·L, the number of values per channel, after checking that training mode has more than one. */
    private static int checkCount(Tensor x, int[] shape) {
        int count = x.dim(0) * x.dim(2);
        if (count <= 1) {
            throw new IllegalArgumentException("BatchNorm1d: training mode needs more than one value per channel, got input shape "
                    + Arrays.toString(shape) + " (B·L = " + count + "); use a batch of at least two samples,"
                    + " or switch to evaluation mode with setTraining(false)");
        }
        return count;
    }

    private void updateRunningStatistics(double[] mean, double[] variance, int count) {
        double[] rm = runningMean.dataView();
        double[] rv = runningVar.dataView();
        double unbias = count / (count - 1.0);
        for (int c = 0; c < numFeatures; c++) {
            rm[c] = (1 - momentum) * rm[c] + momentum * mean[c];
            rv[c] = (1 - momentum) * rv[c] + momentum * variance[c] * unbias;
        }
        numBatchesTracked.dataView()[0] += 1;
    }

    /** Returns the running mean {@code [C]} (the buffer itself; modified by training-mode calls). */
    public Tensor runningMean() {
        return runningMean;
    }

    /** Returns the running variance {@code [C]} (the buffer itself; modified by training-mode calls). */
    public Tensor runningVar() {
        return runningVar;
    }

    /** Returns the channel count C. */
    public int numFeatures() {
        return numFeatures;
    }
}
