package dev.enn.train;

import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import java.util.Arrays;

/**
 * Accumulates regression errors or classification hits over batches. Predictions and targets of
 * equal shape count as regression, and predictions {@code [B, C]} with targets {@code [B]} count as
 * classification with class indices.
 */
final class MetricAccumulator {
    private int samples;
    private long elements;
    private double squaredErrorSum;
    private double absoluteErrorSum;
    private int correct;
    private boolean regression;
    private boolean classification;

    /**
     * Adds one batch.
     *
     * @throws ShapeMismatchException if the shapes fit neither regression nor classification
     */
    void add(Tensor prediction, Tensor target) {
        int[] predictionShape = prediction.shape();
        int[] targetShape = target.shape();
        double[] predicted = prediction.dataView();
        double[] expected = target.dataView();
        if (Arrays.equals(predictionShape, targetShape)) {
            regression = true;
            for (int i = 0; i < predicted.length; i++) {
                double error = predicted[i] - expected[i];
                squaredErrorSum += error * error;
                absoluteErrorSum += Math.abs(error);
            }
            elements += predicted.length;
        } else if (predictionShape.length == 2 && targetShape.length == 1 && targetShape[0] == predictionShape[0]) {
            classification = true;
            int numClasses = predictionShape[1];
            for (int b = 0; b < targetShape[0]; b++) {
                if (argMax(predicted, b * numClasses, numClasses) == expected[b]) {
                    correct++;
                }
            }
        } else {
            throw new ShapeMismatchException("Metrics: prediction shape " + Arrays.toString(predictionShape)
                    + " does not fit target shape " + Arrays.toString(targetShape) + ". Regression needs equal shapes,"
                    + " classification needs logits [B, C] with class indices [B]", targetShape, predictionShape);
        }
        samples += predictionShape.length == 0 ? 1 : predictionShape[0];
    }

    /** Returns the metrics of everything added so far. */
    Evaluation result() {
        double mse = regression && !classification ? squaredErrorSum / elements : Double.NaN;
        double mae = regression && !classification ? absoluteErrorSum / elements : Double.NaN;
        double accuracy = classification && !regression ? (double) correct / samples : Double.NaN;
        return new Evaluation(samples, mse, Math.sqrt(mse), mae, accuracy);
    }

    /** Returns the index of the first maximum of {@code values[offset, offset + length)}. */
    private static int argMax(double[] values, int offset, int length) {
        int best = 0;
        for (int k = 1; k < length; k++) {
            if (values[offset + k] > values[offset + best]) {
                best = k;
            }
        }
        return best;
    }
}
