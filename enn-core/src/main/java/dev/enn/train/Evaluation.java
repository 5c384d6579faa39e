package dev.enn.train;

/**
 * Metrics of a model on a dataset. Regression metrics are NaN for a classification dataset
 * (class-index targets) and accuracy is NaN for a regression dataset.
 *
 * @param samples number of samples evaluated
 * @param mse mean squared error over all target elements
 * @param rmse square root of {@code mse}
 * @param mae mean absolute error over all target elements
 * @param accuracy fraction of samples whose arg-max logit equals the label, in [0, 1]
 */
public record Evaluation(int samples, double mse, double rmse, double mae, double accuracy) {
}
