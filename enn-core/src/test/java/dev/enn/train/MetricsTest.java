package dev.enn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.data.Dataset;
import dev.enn.layer.AbstractLayer;
import dev.enn.layer.Dropout;
import dev.enn.layer.Sequential;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MetricsTest {
    /** Returns its input unchanged, so the dataset inputs are the predictions. */
    private static final class Identity extends AbstractLayer {
        @Override
        public Tensor forward(Tensor input) {
            return input;
        }
    }

    @Test
    void regressionMetricsOverAllElements() {
        Dataset data = new Dataset(Tensor.matrix(new double[][] {{1, 2}, {3, 4}, {5, 6}}),
                Tensor.matrix(new double[][] {{1, 0}, {3, 5}, {2, 6}}));
        // errors 0, 2, 0, −1, 3, 0: squared sum 14, absolute sum 6, over 6 elements
        Evaluation evaluation = Metrics.evaluate(new Identity(), data, 2);
        assertEquals(3, evaluation.samples());
        assertEquals(14.0 / 6, evaluation.mse(), 1e-15);
        assertEquals(Math.sqrt(14.0 / 6), evaluation.rmse(), 1e-15);
        assertEquals(1.0, evaluation.mae(), 1e-15);
        assertTrue(Double.isNaN(evaluation.accuracy()));
    }

    @Test
    void accuracyFromArgMaxOfLogits() {
        Dataset data = new Dataset(Tensor.matrix(new double[][] {{0.1, 2, -1}, {3, 3, 0}, {0, 0, 1}, {5, 1, 2}}),
                Tensor.vector(1, 1, 2, 2));
        // arg-max 1, 0 (first of the tie), 2, 0 against labels 1, 1, 2, 2: two hits
        Evaluation evaluation = Metrics.evaluate(new Identity(), data, 3);
        assertEquals(0.5, evaluation.accuracy(), 0.0);
        assertTrue(Double.isNaN(evaluation.mse()));
        assertTrue(Double.isNaN(evaluation.mae()));
    }

    @Test
    void evaluatesInEvalModeAndRestoresMode() {
        Sequential model = new Sequential(new Dropout(0.9, new Rng(1)));
        Dataset data = new Dataset(Tensor.ones(50, 1), Tensor.ones(50, 1));
        assertTrue(model.isTraining());
        Evaluation evaluation = Metrics.evaluate(model, data, 7);
        assertEquals(0.0, evaluation.mse(), 0.0);
        assertTrue(model.isTraining());
    }

    @Test
    void rejectsMismatchedShapes() {
        Dataset data = new Dataset(Tensor.zeros(4, 3), Tensor.zeros(4, 2));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> Metrics.evaluate(new Identity(), data, 4));
        assertTrue(e.getMessage().contains("[4, 3]"), e.getMessage());
        assertTrue(e.getMessage().contains("[4, 2]"), e.getMessage());
    }

    @Test
    void rejectsNonPositiveBatchSize() {
        Dataset data = new Dataset(Tensor.zeros(4, 3), Tensor.zeros(4, 3));
        assertThrows(IllegalArgumentException.class, () -> Metrics.evaluate(new Identity(), data, 0));
    }
}
