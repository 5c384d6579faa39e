package dev.enn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradientClippingTest {
    /** Expected gradients are quoted to 10 significant digits. */
    private static final double QUOTED_TOLERANCE = 1e-10;
    /** Relative tolerance of the overflow-safe norm. */
    private static final double RELATIVE_TOLERANCE = 1e-12;

    private static Tensor withGrad(double... grad) {
        Tensor parameter = Tensor.zeros(grad.length).requireGrad(true);
        System.arraycopy(grad, 0, parameter.gradBuffer(), 0, grad.length);
        return parameter;
    }

    @Test
    void clipsThreeFourToUnitNorm() {
        Tensor p = withGrad(3, 4);
        double norm = GradientClipping.clipGlobalNorm(List.of(p), 1.0);
        assertEquals(5.0, norm, 0.0);
        assertArrayEquals(new double[] {0.5999998800, 0.7999998400}, p.gradView(), QUOTED_TOLERANCE);
    }

    @Test
    void zeroGradientsStayZero() {
        Tensor p = withGrad(0, 0, 0);
        Tensor q = withGrad(0);
        double norm = GradientClipping.clipGlobalNorm(List.of(p, q), 1.0);
        assertEquals(0.0, norm, 0.0);
        assertArrayEquals(new double[] {0, 0, 0}, p.gradView(), 0.0);
        assertArrayEquals(new double[] {0}, q.gradView(), 0.0);
    }

    @Test
    void hugeGradientsDoNotOverflow() {
        double[] grad = new double[100];
        Arrays.fill(grad, 1e200);
        Tensor p = withGrad(grad);
        double norm = GradientClipping.clipGlobalNorm(List.of(p), 1.0);
        assertEquals(1e201, norm, 1e201 * RELATIVE_TOLERANCE);
        for (double g : p.gradView()) {
            assertEquals(0.1, g, 0.1 * RELATIVE_TOLERANCE);
        }
    }

    @Test
    void tinyGradientsDoNotUnderflow() {
        Tensor p = withGrad(3e-300, 4e-300);
        assertEquals(5e-300, GradientClipping.globalNorm(Map.of("p", p)), 5e-300 * RELATIVE_TOLERANCE);
    }

    @Test
    void normSpansAllParameters() {
        Tensor p = withGrad(1, 2);
        Tensor q = withGrad(2);
        Tensor withoutGrad = Tensor.zeros(3).requireGrad(true);
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        parameters.put("p", p);
        parameters.put("none", withoutGrad);
        parameters.put("q", q);
        double norm = GradientClipping.clipGlobalNorm(parameters, 1.5);
        assertEquals(3.0, norm, 0.0);
        double coefficient = 1.5 / (3.0 + 1e-6);
        assertArrayEquals(new double[] {coefficient, 2 * coefficient}, p.gradView(), 1e-15);
        assertArrayEquals(new double[] {2 * coefficient}, q.gradView(), 1e-15);
        assertNull(withoutGrad.gradView());
    }

    @Test
    void normBelowMaximumLeavesGradients() {
        Tensor p = withGrad(0.3, 0.4);
        double norm = GradientClipping.clipGlobalNorm(List.of(p), 1.0);
        assertEquals(0.5, norm, 1e-16);
        assertArrayEquals(new double[] {0.3, 0.4}, p.gradView(), 0.0);
    }

    @Test
    void infiniteGradientIsRejectedUnchanged() {
        Tensor ok = withGrad(1, 1);
        Tensor bad = withGrad(1, Double.POSITIVE_INFINITY);
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        parameters.put("ok", ok);
        parameters.put("layer.weight", bad);
        NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class,
                () -> GradientClipping.clipGlobalNorm(parameters, 1.0));
        assertEquals("layer.weight", e.parameterName());
        assertEquals(Double.POSITIVE_INFINITY, e.norm());
        assertTrue(e.getMessage().contains("'layer.weight'"), e.getMessage());
        assertTrue(e.getMessage().contains("contains Infinity at flat index 1"), e.getMessage());
        assertArrayEquals(new double[] {1, 1}, ok.gradView(), 0.0);
        assertArrayEquals(new double[] {1, Double.POSITIVE_INFINITY}, bad.gradView(), 0.0);
    }

    @Test
    void nanGradientIsRejectedUnchanged() {
        Tensor bad = withGrad(1, Double.NaN);
        NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class,
                () -> GradientClipping.clipGlobalNorm(List.of(bad), 1.0));
        assertEquals("0", e.parameterName());
        assertTrue(Double.isNaN(e.norm()));
        assertEquals(1.0, bad.gradView()[0], 0.0);
        assertTrue(Double.isNaN(bad.gradView()[1]));
    }

    @Test
    void nanWinsOverInfinity() {
        Tensor p = withGrad(Double.NEGATIVE_INFINITY, Double.NaN);
        assertTrue(Double.isNaN(GradientClipping.globalNorm(Map.of("p", p))));
    }

    @Test
    void normOverflowingDoubleIsRejected() {
        double[] grad = new double[4];
        Arrays.fill(grad, Double.MAX_VALUE);
        Tensor p = withGrad(grad);
        NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class,
                () -> GradientClipping.clipGlobalNorm(List.of(p), 1.0));
        assertNull(e.parameterName());
        assertTrue(e.getMessage().contains("overflows"), e.getMessage());
    }

    @Test
    void rejectsNonPositiveMaxNorm() {
        Tensor p = withGrad(3, 4);
        for (double maxNorm : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GradientClipping.clipGlobalNorm(List.of(p), maxNorm));
            assertTrue(e.getMessage().contains("maxNorm = " + maxNorm), e.getMessage());
        }
        assertArrayEquals(new double[] {3, 4}, p.gradView(), 0.0);
    }
}
