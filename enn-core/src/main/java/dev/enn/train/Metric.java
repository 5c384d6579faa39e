package dev.enn.train;

/** A metric that the trainer can report for the validation set each epoch. */
public enum Metric {
    /** Mean squared error. */
    MSE,
    /** Root mean squared error. */
    RMSE,
    /** Mean absolute error. */
    MAE,
    /** Classification accuracy (arg-max of the logits against class indices). */
    ACCURACY;

    /** Returns this metric's value from an evaluation. */
    public double of(Evaluation evaluation) {
        return switch (this) {
            case MSE -> evaluation.mse();
            case RMSE -> evaluation.rmse();
            case MAE -> evaluation.mae();
            case ACCURACY -> evaluation.accuracy();
        };
    }
}
