package dev.enn.optim;

import dev.enn.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum and L2 weight decay, as PyTorch's
 * {@code torch.optim.SGD} with {@code dampening=0} and {@code nesterov=False}:
 *
 * <pre>
 * g ← grad + weightDecay·p
 * b ← g on a parameter's first update, else momentum·b + g     (only when momentum &gt; 0)
 * p ← p − lr·b   (or p − lr·g without momentum)
 * </pre>
 *
 * <p>The momentum buffer is saved as {@code momentum_buffer}. Dampening and Nesterov momentum are
 * not offered.
 */
public final class Sgd extends Optimizer {
    private final double momentum;
    private final double weightDecay;

    /** Creates plain SGD (no momentum, no weight decay). */
    public Sgd(Map<String, Tensor> parameters, double learningRate) {
        this(parameters, learningRate, 0.0, 0.0);
    }

    /** Creates plain SGD over a list of parameters, named {@code "0"}, {@code "1"}, … by position. */
    public Sgd(List<Tensor> parameters, double learningRate) {
        this(namedByIndex(parameters), learningRate, 0.0, 0.0);
    }

    /**
     * Creates the optimizer.
     *
     * @param parameters name to parameter, updated in place by {@link #step()}
     * @param learningRate step size, finite and at least 0
     * @param momentum momentum factor, finite and at least 0 (0 disables the momentum buffer)
     * @param weightDecay L2 penalty factor added to the gradient, finite and at least 0
     * @throws IllegalArgumentException if a hyper-parameter is negative or not finite, or the
     *     parameters are empty or repeat a tensor
     */
    public Sgd(Map<String, Tensor> parameters, double learningRate, double momentum, double weightDecay) {
        super(parameters, learningRate, momentum > 0 ? List.of("momentum_buffer") : List.of());
        this.momentum = requireNonNegative("momentum", momentum);
        this.weightDecay = requireNonNegative("weightDecay", weightDecay);
    }

    @Override
    void update(double[] parameter, double[] grad, double[][] buffers, long step) {
        double lr = learningRate();
        for (int i = 0; i < parameter.length; i++) {
            double g = grad[i];
            if (weightDecay != 0) {
                g += weightDecay * parameter[i];
            }
            if (momentum > 0) {
                double[] momentumBuffer = buffers[0];
                momentumBuffer[i] = step == 1 ? g : momentum * momentumBuffer[i] + g;
                g = momentumBuffer[i];
            }
            parameter[i] -= lr * g;
        }
    }

    /** Returns the momentum factor. */
    public double momentum() {
        return momentum;
    }

    /** Returns the L2 weight-decay factor. */
    public double weightDecay() {
        return weightDecay;
    }
}
