package dev.enn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MseLossTest {
    private static final double GRADIENT_CHECK_TOLERANCE = 1e-6;

    private final MseLoss loss = new MseLoss();

    @Test
    void averagesOverAllElements() {
        Tensor prediction = Tensor.matrix(new double[][] {{1, 2}, {3, 4}}).requireGrad(true);
        Tensor target = Tensor.matrix(new double[][] {{1, 0}, {0, 8}});
        Tensor value = loss.compute(prediction, target);
        value.backward();

        assertEquals((0 + 4 + 9 + 16) / 4.0, value.item(), 0.0);
        assertArrayEquals(new double[] {0, 1, 1.5, -2}, prediction.gradView(), 1e-15);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Rng rng = new Rng(3);
        Tensor prediction = Tensor.randn(rng, 4, 3).requireGrad(true);
        Tensor target = Tensor.randn(rng, 4, 3).requireGrad(true);
        GradientCheck.assertGradients(in -> loss.compute(in[0], in[1]), GRADIENT_CHECK_TOLERANCE, prediction, target);
    }

    @Test
    void doesNotModifyInputs() {
        Tensor prediction = Tensor.vector(1, 2, 3);
        Tensor target = Tensor.vector(0, 0, 0);
        loss.compute(prediction, target);
        assertArrayEquals(new double[] {1, 2, 3}, prediction.toArray(), 0.0);
        assertArrayEquals(new double[] {0, 0, 0}, target.toArray(), 0.0);
    }

    @Test
    void rejectsTargetWithoutTrailingAxis() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> loss.compute(Tensor.zeros(4, 1), Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("[4, 1]"), e.getMessage());
        assertTrue(e.getMessage().contains("[4]"), e.getMessage());
        assertTrue(e.getMessage().contains("unsqueeze"), e.getMessage());
    }

    @Test
    void rejectsPredictionWithoutTrailingAxis() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> loss.compute(Tensor.zeros(4), Tensor.zeros(4, 1)));
        assertTrue(e.getMessage().contains("prediction.unsqueeze(-1)"), e.getMessage());
    }

    @Test
    void rejectsBroadcastableShapes() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> loss.compute(Tensor.zeros(2, 3), Tensor.zeros(1, 3)));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
        assertTrue(e.getMessage().contains("[1, 3]"), e.getMessage());
    }

    @Test
    void rejectsEmptyPrediction() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.compute(Tensor.zeros(0, 3), Tensor.zeros(0, 3)));
        assertTrue(e.getMessage().contains("no elements"), e.getMessage());
    }
}
