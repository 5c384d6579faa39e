package dev.enn.optim;

import dev.enn.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adam with PyTorch's defaults and update rule ({@code torch.optim.Adam}, {@code amsgrad=False}):
 * β1 = 0.9, β2 = 0.999, eps = 1e-8, learning rate 1e-3, weight decay 0.
 *
 * <pre>
 * g ← grad + weightDecay·p            (L2 penalty coupled to the gradient, as PyTorch's Adam)
 * m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 * p ← p − lr·m̂ / (√v̂ + eps),   m̂ = m / (1 − β1ᵗ),   v̂ = v / (1 − β2ᵗ)
 * </pre>
 *
 * <p>t counts the updates of each parameter separately. From p = 1, lr = 0.1 and gradient 0.5,
 * one step gives 0.900000002. The moments are saved as {@code exp_avg} and {@code exp_avg_sq}.
 * For decoupled weight decay use {@link AdamW}.
 */
public final class Adam extends Optimizer {
    /** PyTorch's default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** PyTorch's default β1, the decay rate of the first moment. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** PyTorch's default β2, the decay rate of the second moment. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** PyTorch's default eps, added to the denominator. */
    public static final double DEFAULT_EPS = 1e-8;

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;

    /** Creates Adam with PyTorch's defaults and the given learning rate. */
    public Adam(Map<String, Tensor> parameters, double learningRate) {
        this(parameters, learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, 0.0);
    }

    /** Creates Adam with PyTorch's defaults over a list of parameters, named {@code "0"}, {@code "1"}, … by position. */
    public Adam(List<Tensor> parameters, double learningRate) {
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
     * @param weightDecay L2 factor added to the gradient, finite and at least 0
     * @throws IllegalArgumentException if a hyper-parameter is out of range, or the parameters
     *     are empty or repeat a tensor
     */
    public Adam(Map<String, Tensor> parameters, double learningRate, double beta1, double beta2, double eps,
            double weightDecay) {
        super(parameters, learningRate, List.of(AdamMoments.FIRST_MOMENT, AdamMoments.SECOND_MOMENT));
        this.beta1 = AdamMoments.requireBeta("Adam", "beta1", beta1);
        this.beta2 = AdamMoments.requireBeta("Adam", "beta2", beta2);
        this.eps = requireNonNegative("eps", eps);
        this.weightDecay = requireNonNegative("weightDecay", weightDecay);
    }

    @Override
    void update(double[] parameter, double[] grad, double[][] buffers, long step) {
        double[] g = grad;
        if (weightDecay != 0) {
            g = new double[grad.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = grad[i] + weightDecay * parameter[i];
            }
        }
        AdamMoments.update(parameter, g, buffers[0], buffers[1], step, learningRate(), beta1, beta2, eps);
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

    /** Returns the L2 weight-decay factor. */
    public double weightDecay() {
        return weightDecay;
    }
}
