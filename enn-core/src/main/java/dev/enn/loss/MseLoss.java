package dev.enn.loss;

import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * Mean squared error, {@code mean((prediction − target)²)} over all elements, as PyTorch's
 * {@code MSELoss} with {@code reduction='mean'}.
 *
 * <p>Unlike PyTorch, which broadcasts mismatched shapes with only a warning, this loss rejects
 * them: a prediction {@code [B, 1]} against a target {@code [B]} would otherwise broadcast to
 * {@code [B, B]} and train on the wrong objective.
 */
public final class MseLoss implements Loss {
    /**
     * Computes the mean squared error.
     *
     * @param prediction any shape with at least one element. Not modified.
     * @param target the same shape as {@code prediction}. Not modified.
     * @return a rank-0 tensor
     * @throws ShapeMismatchException if the shapes differ
     * @throws IllegalArgumentException if the prediction has no elements
     */
    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        int[] predictionShape = prediction.shape();
        int[] targetShape = target.shape();
        if (!Arrays.equals(predictionShape, targetShape)) {
            throw new ShapeMismatchException("MseLoss: prediction has shape " + Arrays.toString(predictionShape)
                    + " but target has shape " + Arrays.toString(targetShape)
                    + ". The shapes must be equal (no broadcasting)" + hint(predictionShape, targetShape),
                    predictionShape, targetShape);
        }
        if (prediction.size() == 0) {
            throw new IllegalArgumentException("MseLoss: prediction of shape " + Arrays.toString(predictionShape)
                    + " has no elements. Check for an empty batch");
        }
        return prediction.sub(target).square().mean();
    }

    /** Suggests the usual fix when the two shapes differ only by a trailing axis of size 1. */
    private static String hint(int[] predictionShape, int[] targetShape) {
        if (predictionShape.length == targetShape.length + 1 && predictionShape[predictionShape.length - 1] == 1
                && Arrays.equals(Arrays.copyOf(predictionShape, targetShape.length), targetShape)) {
            return ". Reshape the target to " + Arrays.toString(predictionShape) + " with target.unsqueeze(-1)";
        }
        if (targetShape.length == predictionShape.length + 1 && targetShape[targetShape.length - 1] == 1
                && Arrays.equals(Arrays.copyOf(targetShape, predictionShape.length), predictionShape)) {
            return ". Reshape the prediction to " + Arrays.toString(targetShape) + " with prediction.unsqueeze(-1)";
        }
        return "";
    }
}
