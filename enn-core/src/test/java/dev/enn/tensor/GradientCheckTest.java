package dev.enn.tensor;

import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static dev.enn.testing.TestTensors.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradientCheckTest {
    /** Tolerance of the finite-difference checks, relative above magnitude 1. */
    private static final double GRADIENT_TOLERANCE = 1e-6;

    /** x³ whose backward wrongly uses 2x² in place of 3x². */
    private static Tensor wrongCube(Tensor a) {
        double[] x = a.dataView();
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * x[i] * x[i];
        }
        return Tensor.fromOp(out, a.shape(), g -> {
            double[] ga = a.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += 2 * x[i] * x[i] * g[i];
            }
        }, a);
    }

    @Test
    void correctGradientPassesWithSmallError() {
        Tensor a = param(1, 2, 3);
        Tensor b = param(2, 3);

        GradientCheck.Result result = GradientCheck.check(in -> in[0].mul(in[1]).tanh(), a, b);

        assertTrue(result.maxError() < 1e-8, "max error " + result.maxError());
        assertEquals(9, result.checked());
    }

    @Test
    void wrongGradientFailsNamingElement() {
        Tensor a = Tensor.vector(1, 2, 3).requireGrad(true);

        AssertionError e = assertThrows(AssertionError.class,
                () -> GradientCheck.assertGradients(in -> wrongCube(in[0]), GRADIENT_TOLERANCE, a));

        assertTrue(e.getMessage().contains("gradient check failed"), e.getMessage());
        assertTrue(e.getMessage().contains("input 0 [3] element "), e.getMessage());
        assertTrue(e.getMessage().contains("analytic"), e.getMessage());
        assertTrue(e.getMessage().contains("numeric"), e.getMessage());
    }

    @Test
    void wrongGradientOfOneOutputElementIsCaught() {
        // every output element gets its own weight, so an error in one element cannot cancel
        Tensor a = Tensor.vector(1, 2).requireGrad(true);

        GradientCheck.Result result = GradientCheck.check(in -> Tensor.concat(0, in[0], wrongCube(in[0])), a);

        assertTrue(result.maxError() > 0.1, "max error " + result.maxError());
    }

    @Test
    void constantInputsAreNotChecked() {
        Tensor a = param(3, 4);
        Tensor constant = Tensor.vector(1, 2, 3, 4);

        GradientCheck.Result result = GradientCheck.check(in -> in[0].mul(in[1]), a, constant);

        assertEquals(4, result.checked());
    }

    @Test
    void checkLeavesInputValuesUnchanged() {
        Tensor a = param(4, 2, 3);
        double[] before = a.toArray();

        GradientCheck.check(in -> in[0].exp().sum(), a);

        assertArrayEquals(before, a.toArray(), 0);
    }

    @Test
    void checkHandlesScalarAndEmptyOutputs() {
        GradientCheck.assertGradients(in -> in[0].sum(), GRADIENT_TOLERANCE, param(5, 3));
        GradientCheck.assertGradients(in -> in[0].slice(0, 1, 1), GRADIENT_TOLERANCE, param(6, 3));
    }

    @Test
    void customStepIsUsed() {
        Tensor a = param(7, 3);

        GradientCheck.Result coarse = GradientCheck.check(in -> in[0].exp(), 1e-1, a);
        GradientCheck.Result fine = GradientCheck.check(in -> in[0].exp(), 1e-5, a);

        assertTrue(coarse.maxError() > fine.maxError(), coarse.maxError() + " vs " + fine.maxError());
    }

    @Test
    void defaultsAreDocumentedValues() {
        assertEquals(1e-6, GradientCheck.DEFAULT_STEP, 0);
        assertEquals(1e-6, GradientCheck.DEFAULT_TOLERANCE, 0);
    }

    @Test
    void rejectsOutputWithoutGradient() {
        Tensor constant = Tensor.vector(1, 2);

        assertThrowsWithMessage(IllegalArgumentException.class,
                () -> GradientCheck.check(in -> in[0].exp(), constant), "GradientCheck", "does not depend");
    }
}
