package dev.enn.train;

import dev.enn.data.Batch;
import dev.enn.data.Dataset;
import dev.enn.layer.Layer;
import dev.enn.tensor.Autograd;
import dev.enn.tensor.Shapes;

/** Evaluates a model on a dataset: MSE, RMSE and MAE for regression, accuracy for classification. */
public final class Metrics {
    private Metrics() {
    }

    /**
     * Runs the model over the dataset in evaluation mode without recording gradients, in batches
     * of {@code batchSize} in dataset order, and returns the metrics. The model's training mode
     * is restored afterwards, and its parameters are not changed. Evaluation mode draws no dropout
     * randomness, so calling this never shifts a training run's random streams.
     *
     * <p>Targets of the same shape as the model output are treated as regression targets.
     * Targets {@code [n]} against outputs {@code [n, C]} are class indices, scored by the arg-max
     * of each row (the first index on ties).
     *
     * @param model the model. Its output for a batch must be {@code [B, K]} for targets
     *     {@code [B, K]}, or {@code [B, C]} logits for class indices {@code [B]}
     * @param data the samples to score
     * @param batchSize samples per forward pass, at least 1
     * @throws IllegalArgumentException if {@code batchSize} is not positive or the output shape
     *     fits neither kind of target
     */
    public static Evaluation evaluate(Layer model, Dataset data, int batchSize) {
        Shapes.requirePositive("Metrics.evaluate batchSize", batchSize);
        boolean wasTraining = model.isTraining();
        model.setTraining(false);
        MetricAccumulator accumulator = new MetricAccumulator();
        try (Autograd.Scope scope = Autograd.noGrad()) {
            for (int start = 0; start < data.size(); start += batchSize) {
                Batch batch = data.range(start, Math.min(start + batchSize, data.size()));
                accumulator.add(model.forward(batch.inputs()), batch.targets());
            }
        } finally {
            model.setTraining(wasTraining);
        }
        return accumulator.result();
    }
}
