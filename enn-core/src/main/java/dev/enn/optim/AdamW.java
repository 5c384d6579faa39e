package dev.enn.optim;

import dev.enn.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay, as PyTorch's {@code torch.optim.AdamW} (2.x defaults):
 * β1 = 0.9, β2 = 0.999, eps = 1e-8, learning rate 1e-3, weight decay 0.01.
 *
 * <p>Each update first shrinks the parameter, {@code p ← p·(1 − lr·weightDecay)}, then applies
 * the bias-corrected Adam step of {@link Adam} to the unmodified gradient. A parameter without a
 * gradient gets neither the decay nor the Adam step, and its step count does not advance. The
 * moments are saved as {@code exp_avg} and {@code exp_avg_sq}.
 */
public final class AdamW extends Optimizer {
    /** PyTorch's default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** PyTorch's default decoupled weight decay. */
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;

    /** Creates AdamW with PyTorch's defaults (weight decay 0.01) and the given learning rate. */
    public AdamW(Map<String, Tensor> parameters, double learningRate) {
        this(parameters, learningRate, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPS, DEFAULT_WEIGHT_DECAY);
    }

    /** Creates AdamW with PyTorch's defaults over a list of parameters, named {@code "0"}, {@code "1"}, … by position. */
    public AdamW(List<Tensor> parameters, double learningRate) {
        this(namedByIndex(parameters), learningRate);
    }

    /**
     * Creates the optimizer.
     *
     * @param parameters name to parameter, updated in place by {@link #step()}
     * @param learningRate finite and at least 0
     * @param beta1 in [0, 1)
     * @param beta2 in [0, 1)
     * @param eps finite and at least 0
     * @param weightDecay decoupled decay factor, finite and at least 0
     * @throws IllegalArgumentException if a hyper-parameter is out of range, or the parameters
     *     are empty or repeat a tensor
     */
    public AdamW(Map<String, Tensor> parameters, double learningRate, double beta1, double beta2, double eps,
            double weightDecay) {
        super(parameters, learningRate, List.of(AdamMoments.FIRST_MOMENT, AdamMoments.SECOND_MOMENT));
        this.beta1 = AdamMoments.requireBeta("AdamW", "beta1", beta1);
        this.beta2 = AdamMoments.requireBeta("AdamW", "beta2", beta2);
        this.eps = requireNonNegative("eps", eps);
        this.weightDecay = requireNonNegative("weightDecay", weightDecay);
    }

    @Override
    void update(double[] parameter, double[] grad, double[][] buffers, long step) {
        double lr = learningRate();
        double decay = 1 - lr * weightDecay;
        for (int i = 0; i < parameter.length; i++) {
            parameter[i] *= decay;
        }
        AdamMoments.update(parameter, grad, buffers[0], buffers[1], step, lr, beta1, beta2, eps);
    }

    /** Returns β1. */
    public double beta1() {
        return beta1;
    }

    /** Returns β2. */
    public double beta2() {
        return beta2;
    }

    /** Returns eps. */
    public double eps() {
        return eps;
    }

    /** Returns the decoupled weight-decay factor. */
    public double weightDecay() {
        return weightDecay;
    }
}
