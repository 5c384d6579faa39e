package dev.enn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.enn.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {
    /** Expected values were evaluated with 40 decimal digits, and double rounding over two steps stays far below this. */
    private static final double TOLERANCE = 1e-13;

    private static void setGrad(Tensor parameter, double... grad) {
        parameter.zeroGrad();
        System.arraycopy(grad, 0, parameter.gradBuffer(), 0, grad.length);
    }

    /**
     * Runs two AdamW steps with lr 0.1, weight decay 0.5 and the default β and eps. Parameter
     * a = [1, −2] gets gradients [0.5, 1] and then [−0.25, 0.5]. Parameter b = [3] has no gradient
     * at step 1 and gradient 0.5 at step 2.
     *
     * <p>Step 1 for a: the decay factor 1 − 0.1·0.5 = 0.95 gives [0.95, −1.9]. Then m = [0.05, 0.1],
     * v = [0.00025, 0.001], m̂ = [0.5, 1] and v̂ = [0.25, 1], so
     * a = [0.95 − 0.1·0.5/(0.5 + 1e-8), −1.9 − 0.1·1/(1 + 1e-8)] = [0.850000002, −1.999999999].
     * b stays at 3 because a parameter without a gradient gets no decay either.
     *
     * <p>Step 2 for a: decay by 0.95 again, then m = [0.02, 0.14], v = [0.00031225, 0.001249],
     * 1 − β1² = 0.19 and 1 − β2² = 0.001999, which gives a = [0.78086629860784616, −1.99321796175183959].
     * b gets its first update with t = 1: 3·0.95 − 0.1·0.5/(0.5 + 1e-8) = 2.750000002.
     */
    @Test
    void twoStepsWithDecayAndSkippedParameter() {
        Tensor a = Tensor.vector(1.0, -2.0).requireGrad(true);
        Tensor b = Tensor.vector(3.0).requireGrad(true);
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        parameters.put("a", a);
        parameters.put("b", b);
        AdamW adamW = new AdamW(parameters, 0.1, 0.9, 0.999, 1e-8, 0.5);

        setGrad(a, 0.5, 1.0);
        adamW.step();
        assertArrayEquals(new double[] {0.8500000019999999600, -1.999999999000000010}, a.toArray(), TOLERANCE);
        assertEquals(3.0, b.item(), 0.0);
        assertEquals(1, adamW.stepCount("a"));
        assertEquals(0, adamW.stepCount("b"));
        assertEquals(List.of("a"), List.copyOf(adamW.state().keySet()));

        setGrad(a, -0.25, 0.5);
        setGrad(b, 0.5);
        adamW.step();
        assertArrayEquals(new double[] {0.78086629860784616456, -1.99321796175183959159}, a.toArray(), TOLERANCE);
        assertEquals(2.7500000019999999600, b.item(), TOLERANCE);
        assertEquals(2, adamW.stepCount("a"));
        assertEquals(1, adamW.stepCount("b"));

        ParameterState state = adamW.state().get("a");
        assertArrayEquals(new double[] {0.02, 0.14}, state.buffers().get("exp_avg"), 1e-16);
        assertArrayEquals(new double[] {0.00031225, 0.001249}, state.buffers().get("exp_avg_sq"), 1e-17);
    }

    @Test
    void zeroWeightDecayMatchesAdam() {
        Tensor p = Tensor.vector(1.0).requireGrad(true);
        Tensor q = Tensor.vector(1.0).requireGrad(true);
        AdamW adamW = new AdamW(Map.of("p", p), 0.1, 0.9, 0.999, 1e-8, 0.0);
        Adam adam = new Adam(Map.of("q", q), 0.1);
        for (double g : new double[] {0.5, -0.25, 1.0}) {
            setGrad(p, g);
            setGrad(q, g);
            adamW.step();
            adam.step();
            assertEquals(q.item(), p.item(), 0.0);
        }
    }

    @Test
    void defaultWeightDecayIsPyTorchsOneHundredth() {
        AdamW adamW = new AdamW(List.of(Tensor.vector(1.0).requireGrad(true)), AdamW.DEFAULT_LEARNING_RATE);
        assertEquals(0.01, adamW.weightDecay());
        assertEquals(1e-3, adamW.learningRate());
        assertEquals(0.9, adamW.beta1());
        assertEquals(0.999, adamW.beta2());
        assertEquals(1e-8, adamW.eps());
    }

    @Test
    void listParametersAreNamedByPosition() {
        Tensor p = Tensor.vector(1.0).requireGrad(true);
        Tensor q = Tensor.vector(2.0).requireGrad(true);
        AdamW adamW = new AdamW(List.of(p, q), 0.1);
        assertEquals(List.of("0", "1"), List.copyOf(adamW.parameters().keySet()));
    }
}
