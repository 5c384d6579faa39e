package dev.enn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CrossEntropyLossTest {
    /** Tolerance for values quoted to 10 significant digits. */
    private static final double QUOTED_TOLERANCE = 1e-9;
    /** Tolerance for values quoted to 7 significant digits. */
    private static final double SHORT_QUOTED_TOLERANCE = 1e-7;
    private static final double GRADIENT_CHECK_TOLERANCE = 1e-6;

    private final CrossEntropyLoss loss = new CrossEntropyLoss();

    private static Tensor logits(double[][] rows) {
        return Tensor.matrix(rows).requireGrad(true);
    }

    @Test
    void extremeLogitsGiveExactLossAndFiniteGradient() {
        Tensor z = logits(new double[][] {{-431, 279, 427}});
        Tensor value = loss.compute(z, Tensor.vector(0));
        value.backward();

        assertEquals(858.0, value.item(), 0.0);
        double[] grad = z.gradView();
        assertEquals(-1.0, grad[0], 1e-15);
        assertEquals(Math.exp(279 - 427), grad[1], 1e-78);
        assertEquals(5.3e-65, grad[1], 0.05e-65);
        assertEquals(1.0, grad[2], 1e-15);
        for (double g : grad) {
            assertTrue(Double.isFinite(g), "gradient entry " + g + " is not finite");
        }
    }

    @Test
    void meanOverBatchMatchesClosedForm() {
        Tensor z = logits(new double[][] {{3, 0, 0}, {0, 0, 3}});
        Tensor value = loss.compute(z, Tensor.vector(0, 2));
        value.backward();

        double rowLoss = Math.log(Math.exp(3) + 2) - 3;
        assertEquals(rowLoss, value.item(), 1e-15);
        assertEquals(0.0949229564, value.item(), QUOTED_TOLERANCE);
        double[] expected = {-0.0452785, 0.0226393, 0.0226393, 0.0226393, 0.0226393, -0.0452785};
        double[] grad = z.gradView();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], grad[i], SHORT_QUOTED_TOLERANCE, "gradient element " + i);
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Rng rng = new Rng(11);
        Tensor z = Tensor.randn(rng, 5, 4).mul(3.0).detach().requireGrad(true);
        Tensor labels = Tensor.vector(0, 3, 1, 1, 2);
        GradientCheck.assertGradients(in -> loss.compute(in[0], labels), GRADIENT_CHECK_TOLERANCE, z);
    }

    @Test
    void rejectsLabelAboveClassCount() {
        Tensor z = logits(new double[][] {{3, 0, 0}, {0, 0, 3}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.compute(z, Tensor.vector(0, 7)));
        assertTrue(e.getMessage().contains("label 7"), e.getMessage());
        assertTrue(e.getMessage().contains("batch index 1"), e.getMessage());
        assertTrue(e.getMessage().contains("3 classes"), e.getMessage());
    }

    @Test
    void rejectsNegativeLabel() {
        Tensor z = logits(new double[][] {{3, 0, 0}, {0, 0, 3}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.compute(z, Tensor.vector(0, -1)));
        assertTrue(e.getMessage().contains("label -1"), e.getMessage());
        assertTrue(e.getMessage().contains("batch index 1"), e.getMessage());
        assertTrue(e.getMessage().contains("3 classes"), e.getMessage());
    }

    @Test
    void rejectsLabelEqualToClassCount() {
        Tensor z = logits(new double[][] {{3, 0, 0}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.compute(z, Tensor.vector(3)));
        assertTrue(e.getMessage().contains("label 3 at batch index 0"), e.getMessage());
    }

    @Test
    void rejectsNonIntegerLabel() {
        Tensor z = logits(new double[][] {{3, 0, 0}, {0, 0, 3}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.compute(z, Tensor.vector(1.5, 0)));
        assertTrue(e.getMessage().contains("label 1.5 at batch index 0"), e.getMessage());
        assertTrue(e.getMessage().contains("not an integer"), e.getMessage());
    }

    @Test
    void rejectsNaNLabel() {
        Tensor z = logits(new double[][] {{3, 0, 0}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.compute(z, Tensor.vector(Double.NaN)));
        assertTrue(e.getMessage().contains("label NaN at batch index 0"), e.getMessage());
    }

    @Test
    void rejectsLabelsWithTrailingAxis() {
        Tensor z = logits(new double[][] {{3, 0, 0}, {0, 0, 3}});
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> loss.compute(z, Tensor.zeros(2, 1)));
        assertTrue(e.getMessage().contains("[2, 1]"), e.getMessage());
        assertTrue(e.getMessage().contains("squeeze"), e.getMessage());
    }

    @Test
    void rejectsOneHotLabels() {
        Tensor z = logits(new double[][] {{3, 0, 0}, {0, 0, 3}});
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> loss.compute(z, Tensor.matrix(new double[][] {{1, 0, 0}, {0, 0, 1}})));
        assertTrue(e.getMessage().contains("one-hot"), e.getMessage());
    }

    @Test
    void rejectsSequenceLogits() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> loss.compute(Tensor.zeros(2, 5, 3), Tensor.zeros(2)));
        assertTrue(e.getMessage().contains("[2, 5, 3]"), e.getMessage());
        assertTrue(e.getMessage().contains("[B, C]"), e.getMessage());
    }

    @Test
    void rejectsEmptyBatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.compute(Tensor.zeros(0, 3), Tensor.zeros(0)));
        assertTrue(e.getMessage().contains("[0, 3]"), e.getMessage());
    }

    @Test
    void nonFiniteLogitGivesNonFiniteLoss() {
        Tensor value = loss.compute(Tensor.matrix(new double[][] {{Double.NaN, 0}}), Tensor.vector(1));
        assertTrue(Double.isNaN(value.item()));
    }
}
