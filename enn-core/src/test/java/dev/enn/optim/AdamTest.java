package dev.enn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamTest {
    /**
     * Expected values are quoted to 10 significant digits. At 1e-10 the test still fails an
     * implementation that scales eps by the bias correction, which gives 0.9000000632 after one step.
     */
    private static final double QUOTED_TOLERANCE = 1e-10;

    private static Tensor scalarParameter(double value) {
        return Tensor.vector(value).requireGrad(true);
    }

    private static void setGrad(Tensor parameter, double... grad) {
        parameter.zeroGrad();
        System.arraycopy(grad, 0, parameter.gradBuffer(), 0, grad.length);
    }

    private static double runSteps(double... grads) {
        Tensor p = scalarParameter(1.0);
        Adam adam = new Adam(Map.of("p", p), 0.1);
        for (double g : grads) {
            setGrad(p, g);
            adam.step();
        }
        return p.item();
    }

    @Test
    void firstStepHasMagnitudeOfLearningRate() {
        assertEquals(0.900000002, runSteps(0.5), QUOTED_TOLERANCE);
    }

    @Test
    void twoStepsMatchBiasCorrectedForm() {
        assertEquals(0.8733662987, runSteps(0.5, -0.25), QUOTED_TOLERANCE);
    }

    @Test
    void threeStepsMatchBiasCorrectedForm() {
        assertEquals(0.8075551397, runSteps(0.5, -0.25, 1.0), QUOTED_TOLERANCE);
    }

    @Test
    void zeroGradientFirstStepLeavesParameter() {
        assertEquals(1.0, runSteps(0.0), 0.0);
    }

    @Test
    void firstStepSizeIndependentOfGradientScale() {
        for (double scale : new double[] {1e-2, 1, 1e3, 1e6}) {
            double moved = 1.0 - runSteps(scale);
            assertEquals(0.1, moved, 1e-6, "gradient " + scale);
        }
    }

    @Test
    void nullGradientSkipsParameterAndStepCount() {
        Tensor a = scalarParameter(1.0);
        Tensor b = scalarParameter(1.0);
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        parameters.put("a", a);
        parameters.put("b", b);
        Adam adam = new Adam(parameters, 0.1);

        setGrad(a, 0.5);
        adam.step();
        assertEquals(1.0, b.item(), 0.0);
        assertEquals(1, adam.stepCount("a"));
        assertEquals(0, adam.stepCount("b"));

        setGrad(b, 0.5);
        adam.step();
        assertEquals(0.900000002, b.item(), QUOTED_TOLERANCE);
        assertEquals(2, adam.stepCount("a"));
        assertEquals(1, adam.stepCount("b"));
    }

    @Test
    void weightDecayIsAddedToGradient() {
        Tensor p = scalarParameter(2.0);
        Adam adam = new Adam(Map.of("p", p), 0.1, 0.9, 0.999, 1e-8, 0.25);
        setGrad(p, 0.0);
        adam.step();
        // g = 0 + 0.25·2 = 0.5, so the first step moves p by lr·0.5/(0.5 + 1e-8)
        assertEquals(2.0 - 0.1 * 0.5 / (0.5 + 1e-8), p.item(), 1e-15);
    }

    @Test
    void defaultsMatchPyTorch() {
        Adam adam = new Adam(Map.of("p", scalarParameter(1)), Adam.DEFAULT_LEARNING_RATE);
        assertEquals(1e-3, adam.learningRate());
        assertEquals(0.9, adam.beta1());
        assertEquals(0.999, adam.beta2());
        assertEquals(1e-8, adam.eps());
        assertEquals(0.0, adam.weightDecay());
    }

    @Test
    void rejectsInvalidHyperParameters() {
        Map<String, Tensor> parameters = Map.of("p", scalarParameter(1));
        double[][] invalid = {
            {-0.1, 0.9, 0.999, 1e-8, 0}, {Double.NaN, 0.9, 0.999, 1e-8, 0}, {Double.POSITIVE_INFINITY, 0.9, 0.999, 1e-8, 0},
            {0.1, 1.0, 0.999, 1e-8, 0}, {0.1, -0.1, 0.999, 1e-8, 0}, {0.1, 0.9, Double.NaN, 1e-8, 0},
            {0.1, 0.9, 0.999, -1e-8, 0}, {0.1, 0.9, 0.999, Double.NaN, 0}, {0.1, 0.9, 0.999, 1e-8, -0.01},
            {0.1, 0.9, 0.999, 1e-8, Double.POSITIVE_INFINITY},
        };
        for (double[] h : invalid) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Adam(parameters, h[0], h[1], h[2], h[3], h[4]));
            assertTrue(e.getMessage().startsWith("Adam: "), e.getMessage());
            assertTrue(e.getMessage().contains("invalid"), e.getMessage());
        }
    }

    @Test
    void rejectsEmptyParameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam(Map.of(), 0.1));
        assertTrue(e.getMessage().contains("no parameters"), e.getMessage());
    }

    @Test
    void rejectsSameTensorUnderTwoNames() {
        Tensor p = scalarParameter(1);
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        parameters.put("first", p);
        parameters.put("second", p);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam(parameters, 0.1));
        assertTrue(e.getMessage().contains("'first' and 'second'"), e.getMessage());
    }
}
