package dev.enn.loss;

import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * Cross-entropy on unnormalised logits, averaged over the batch, as PyTorch's
 * {@code CrossEntropyLoss} with {@code reduction='mean'} and no class weights.
 *
 * <p>For row {@code b} with label {@code y_b} the loss is {@code logSumExp(z_b) − z_b[y_b]}, so
 * large logits neither overflow nor produce NaN. Logits {@code [-431, 279, 427]} with label 0 give
 * exactly 858 and the gradient {@code [-1, 5.3e-65, 1]}, where {@code −log(softmax(z)[y])} would
 * give infinity. The gradient with respect to the logits is {@code (softmax(z_b) − onehot(y_b)) / B}.
 *
 * <p>There is no ignore index: every label must be an integer in {@code [0, C)}. Non-finite
 * logits give a non-finite loss, which the trainer reports.
 */
public final class CrossEntropyLoss implements Loss {
    /**
     * Computes the mean cross-entropy.
     *
     * @param logits {@code [B, C]} with B ≥ 1 and C ≥ 1. Not modified.
     * @param labels {@code [B]} class indices stored as doubles, each an integer in {@code [0, C)}. Not modified.
     * @return a rank-0 tensor
     * @throws ShapeMismatchException if the logits are not {@code [B, C]} or the labels are not {@code [B]}
     * @throws IllegalArgumentException if a label is not an integer in {@code [0, C)}, or B or C is 0
     */
    @Override
    public Tensor compute(Tensor logits, Tensor labels) {
        int[] logitShape = logits.shape();
        int[] labelShape = labels.shape();
        if (logitShape.length != 2) {
            throw new ShapeMismatchException("CrossEntropyLoss: logits must be [B, C], got shape "
                    + Arrays.toString(logitShape) + ". Flatten a sequence output [B, T, C] to [B·T, C] first",
                    null, logitShape);
        }
        int batchSize = logitShape[0];
        int numClasses = logitShape[1];
        if (labelShape.length != 1 || labelShape[0] != batchSize) {
            throw new ShapeMismatchException("CrossEntropyLoss: labels must be [" + batchSize + "] to match logits "
                    + Arrays.toString(logitShape) + ", got shape " + Arrays.toString(labelShape)
                    + labelHint(labelShape, batchSize, numClasses), new int[] {batchSize}, labelShape);
        }
        if (batchSize == 0 || numClasses == 0) {
            throw new IllegalArgumentException("CrossEntropyLoss: logits of shape " + Arrays.toString(logitShape)
                    + " are empty. The batch and the class count must both be at least 1");
        }
        int[] classIndices = classIndices(labels.dataView(), numClasses);
        Tensor labelLogits = selectLabelLogits(logits, classIndices);
        return logits.logSumExp(1, false).sub(labelLogits).mean();
    }

    /** Validates the labels and returns them as ints. */
    private static int[] classIndices(double[] labels, int numClasses) {
        int[] indices = new int[labels.length];
        for (int b = 0; b < labels.length; b++) {
            double label = labels[b];
            if (!(label == Math.rint(label))) {
                throw new IllegalArgumentException("CrossEntropyLoss: label " + label + " at batch index " + b
                        + " is not an integer class index. Labels must be integers in [0, " + numClasses + ")");
            }
            if (label < 0 || label >= numClasses) {
                throw new IllegalArgumentException("CrossEntropyLoss: label " + formatLabel(label) + " at batch index " + b
                        + " is out of range for " + numClasses + " classes. Labels must be integers in [0, "
                        + numClasses + "). Check the label encoding or the model's output width");
            }
            indices[b] = (int) label;
        }
        return indices;
    }

    /**
     * Gathers {@code logits[b, labels[b]]} into a {@code [B]} tensor. Backward: the gradient of row
     * {@code b} goes to column {@code labels[b]} only.
     */
    private static Tensor selectLabelLogits(Tensor logits, int[] labels) {
        int numClasses = logits.dim(1);
        double[] z = logits.dataView();
        double[] selected = new double[labels.length];
        for (int b = 0; b < labels.length; b++) {
            selected[b] = z[b * numClasses + labels[b]];
        }
        return Tensor.fromOp(selected, new int[] {labels.length}, outputGrad -> {
            // selected[b] = z[b, labels[b]]
            double[] logitGrad = logits.gradBuffer();
            for (int b = 0; b < labels.length; b++) {
                logitGrad[b * numClasses + labels[b]] += outputGrad[b];
            }
        }, logits);
    }

    private static String labelHint(int[] labelShape, int batchSize, int numClasses) {
        if (labelShape.length == 2 && labelShape[0] == batchSize && labelShape[1] == 1) {
            return ". Squeeze the labels to [" + batchSize + "] with labels.squeeze(1)";
        }
        if (labelShape.length == 2 && labelShape[0] == batchSize && labelShape[1] == numClasses) {
            return ". The labels look one-hot encoded, but this loss takes class indices (the argmax of each row)";
        }
        return "";
    }

    private static String formatLabel(double label) {
        return label == (long) label ? Long.toString((long) label) : Double.toString(label);
    }
}
