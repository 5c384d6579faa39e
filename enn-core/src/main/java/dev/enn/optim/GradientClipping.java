package dev.enn.optim;

import dev.enn.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Global L2-norm gradient clipping, as PyTorch's {@code torch.nn.utils.clip_grad_norm_} with
 * {@code error_if_nonfinite=True}.
 *
 * <p>The total norm is the L2 norm of all gradients concatenated. It is accumulated with a
 * running scale, as a BLAS {@code nrm2} does, so gradients of 1e200 give a norm of about 1e201
 * instead of overflowing to infinity. Every gradient is multiplied by
 * {@code min(1, maxNorm / (total + 1e-6))}. Parameters whose gradient is {@code null} are skipped.
 */
public final class GradientClipping {
    /** Added to the total norm in the clipping coefficient, as PyTorch does. */
    public static final double NORM_EPSILON = 1e-6;

    private GradientClipping() {
    }

    /**
     * Scales the gradients so that their global L2 norm is at most about {@code maxNorm}, and
     * returns the norm before clipping. All-zero gradients stay exactly zero.
     *
     * @param parameters name to parameter. Gradients are modified in place, values are not.
     * @param maxNorm the maximum norm, finite and greater than 0
     * @return the global L2 norm of the gradients before clipping (0 when no parameter has a gradient)
     * @throws IllegalArgumentException if {@code maxNorm} is not a finite number greater than 0
     * @throws NonFiniteGradientException if a gradient contains NaN or ±∞ or the norm overflows.
     *     The gradients are then left unchanged.
     */
    public static double clipGlobalNorm(Map<String, Tensor> parameters, double maxNorm) {
        requireValidMaxNorm(maxNorm);
        double total = globalNorm(parameters);
        if (!Double.isFinite(total)) {
            throw nonFinite(parameters, total);
        }
        scaleGradients(parameters, total, maxNorm);
        return total;
    }

    /**
     * Clips as {@link #clipGlobalNorm(Map, double)}. Exception messages name parameters by their
     * position in the list.
     */
    public static double clipGlobalNorm(List<Tensor> parameters, double maxNorm) {
        return clipGlobalNorm(Optimizer.namedByIndex(parameters), maxNorm);
    }

    /**
     * Returns the global L2 norm of all gradients without changing them: NaN if an entry is NaN,
     * +∞ if an entry is infinite or the norm exceeds the double range. Parameters whose gradient
     * is {@code null} are skipped.
     */
    public static double globalNorm(Map<String, Tensor> parameters) {
        ScaledSumOfSquares sum = new ScaledSumOfSquares();
        for (Tensor parameter : parameters.values()) {
            double[] grad = parameter.gradView();
            if (grad != null) {
                sum.addAll(grad);
            }
        }
        return sum.norm();
    }

    /**
     * Multiplies every gradient by {@code min(1, maxNorm / (total + 1e-6))}. The trainer calls
     * this with a norm it has already computed and checked.
     *
     * @param total the finite global norm of the current gradients
     * @throws IllegalArgumentException if {@code maxNorm} is invalid or {@code total} is negative or not finite
     */
    public static void scaleGradients(Map<String, Tensor> parameters, double total, double maxNorm) {
        requireValidMaxNorm(maxNorm);
        if (!(total >= 0) || Double.isInfinite(total)) {
            throw new IllegalArgumentException("GradientClipping: total norm " + total + " must be finite and >= 0");
        }
        double coefficient = maxNorm / (total + NORM_EPSILON);
        if (coefficient >= 1) {
            return;
        }
        for (Tensor parameter : parameters.values()) {
            double[] grad = parameter.gradView();
            if (grad != null) {
                for (int i = 0; i < grad.length; i++) {
                    grad[i] *= coefficient;
                }
            }
        }
    }

    /**
     * Checks a maximum norm for a clipper.
     *
     * @throws IllegalArgumentException if {@code maxNorm} is not a finite number greater than 0
     */
    public static double requireValidMaxNorm(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("GradientClipping: maxNorm = " + maxNorm
                    + " is invalid. It must be finite and > 0 (omit clipping instead of passing 0)");
        }
        return maxNorm;
    }

    private static NonFiniteGradientException nonFinite(Map<String, Tensor> parameters, double total) {
        for (Map.Entry<String, Tensor> entry : parameters.entrySet()) {
            double[] grad = entry.getValue().gradView();
            if (grad == null) {
                continue;
            }
            for (int i = 0; i < grad.length; i++) {
                if (!Double.isFinite(grad[i])) {
                    return new NonFiniteGradientException("gradient norm is " + total + ": the gradient of parameter '"
                            + entry.getKey() + "' contains " + grad[i] + " at flat index " + i
                            + ". Check the loss and the inputs for NaN or overflow, or lower the learning rate",
                            entry.getKey(), total);
                }
            }
        }
        return new NonFiniteGradientException("gradient norm overflows the double range although every entry is finite,"
                + " so the gradients are too large to clip. Lower the learning rate or rescale the loss", null, total);
    }
}
