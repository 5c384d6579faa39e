package dev.enn.optim;

/**
 * The bias-corrected Adam update shared by {@link Adam} and {@link AdamW}, in PyTorch's form
 * (single-tensor path of {@code torch.optim.Adam}, {@code amsgrad=False}):
 *
 * <pre>
 * m ← m + (1 − β1)·(g − m)            (= β1·m + (1 − β1)·g, PyTorch's lerp form)
 * v ← β2·v + (1 − β2)·g²
 * p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + eps)
 * </pre>
 *
 * where t is the parameter's own step count. eps is added after the bias correction of v, so
 * the first update has magnitude close to lr whatever the gradient scale.
 */
final class AdamMoments {
    static final String FIRST_MOMENT = "exp_avg";
    static final String SECOND_MOMENT = "exp_avg_sq";

    private AdamMoments() {
    }

    /**
     * Applies one Adam update in place.
     *
     * @param parameter values. Modified.
     * @param grad gradient, already including any L2 term. Not modified.
     * @param firstMoment m. Modified.
     * @param secondMoment v. Modified.
     * @param step t, the parameter's step count including this update (≥ 1)
     */
    static void update(double[] parameter, double[] grad, double[] firstMoment, double[] secondMoment, long step,
            double learningRate, double beta1, double beta2, double eps) {
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        double stepSize = learningRate / biasCorrection1;
        for (int i = 0; i < parameter.length; i++) {
            double g = grad[i];
            firstMoment[i] += (1 - beta1) * (g - firstMoment[i]);
            secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * g * g;
            double denominator = Math.sqrt(secondMoment[i]) / biasCorrection2Sqrt + eps;
            parameter[i] -= stepSize * firstMoment[i] / denominator;
        }
    }

    /**
     * Checks that a β lies in [0, 1), as PyTorch requires.
     *
     * @throws IllegalArgumentException naming the optimizer, the β and its value otherwise
     */
    static double requireBeta(String optimizer, String name, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " = " + beta + " is invalid. It must lie in [0, 1)");
        }
        return beta;
    }
}
