package dev.enn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerStateTest {
    private static void setGrad(Tensor parameter, double... grad) {
        parameter.zeroGrad();
        System.arraycopy(grad, 0, parameter.gradBuffer(), 0, grad.length);
    }

    private static Map<String, Tensor> parameters(Tensor a, Tensor b) {
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        parameters.put("a", a);
        parameters.put("b", b);
        return parameters;
    }

    @Test
    void restoredStateContinuesBitIdentically() {
        Tensor a = Tensor.vector(1.0, -1.0).requireGrad(true);
        Tensor b = Tensor.vector(0.5).requireGrad(true);
        AdamW original = new AdamW(parameters(a, b), 0.05);
        setGrad(a, 0.3, -0.7);
        original.step();
        setGrad(b, 2.0);
        original.step();

        Tensor a2 = a.copy().requireGrad(true);
        Tensor b2 = b.copy().requireGrad(true);
        AdamW restored = new AdamW(parameters(a2, b2), 0.05);
        restored.loadState(original.state());
        assertEquals(2, restored.stepCount("a"));
        assertEquals(1, restored.stepCount("b"));

        setGrad(a, -0.1, 0.4);
        setGrad(b, 1.0);
        setGrad(a2, -0.1, 0.4);
        setGrad(b2, 1.0);
        original.step();
        restored.step();
        assertArrayEquals(a.toArray(), a2.toArray(), 0.0);
        assertArrayEquals(b.toArray(), b2.toArray(), 0.0);
    }

    @Test
    void stateIsACopy() {
        Tensor a = Tensor.vector(1.0).requireGrad(true);
        Adam adam = new Adam(Map.of("a", a), 0.1);
        setGrad(a, 0.5);
        adam.step();
        adam.state().get("a").buffers().get("exp_avg")[0] = 99;
        assertEquals(0.05, adam.state().get("a").buffers().get("exp_avg")[0], 1e-16);
    }

    @Test
    void missingParametersStartFresh() {
        Tensor a = Tensor.vector(1.0).requireGrad(true);
        Tensor b = Tensor.vector(1.0).requireGrad(true);
        Adam adam = new Adam(parameters(a, b), 0.1);
        setGrad(a, 0.5);
        setGrad(b, 0.5);
        adam.step();
        Map<String, ParameterState> onlyA = new LinkedHashMap<>(adam.state());
        onlyA.remove("b");
        adam.loadState(onlyA);
        assertEquals(1, adam.stepCount("a"));
        assertEquals(0, adam.stepCount("b"));
    }

    @Test
    void rejectsUnknownParameterName() {
        Adam adam = new Adam(Map.of("a", Tensor.vector(1.0).requireGrad(true)), 0.1);
        ParameterState state = new ParameterState(1, Map.of("exp_avg", new double[1], "exp_avg_sq", new double[1]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.loadState(Map.of("z", state)));
        assertTrue(e.getMessage().contains("unknown parameter 'z'"), e.getMessage());
    }

    @Test
    void rejectsBufferOfWrongLength() {
        Adam adam = new Adam(Map.of("a", Tensor.vector(1.0, 2.0).requireGrad(true)), 0.1);
        ParameterState state = new ParameterState(1, Map.of("exp_avg", new double[3], "exp_avg_sq", new double[2]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.loadState(Map.of("a", state)));
        assertTrue(e.getMessage().contains("'exp_avg' of parameter 'a' has 3 values"), e.getMessage());
        assertTrue(e.getMessage().contains("[2]"), e.getMessage());
        assertEquals(0, adam.stepCount("a"));
    }

    @Test
    void rejectsStateOfAnotherOptimizer() {
        Tensor a = Tensor.vector(1.0).requireGrad(true);
        Sgd sgd = new Sgd(Map.of("a", a), 0.1, 0.9, 0);
        setGrad(a, 1.0);
        sgd.step();
        Adam adam = new Adam(Map.of("a", a), 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(sgd.state()));
        assertTrue(e.getMessage().contains("momentum_buffer"), e.getMessage());
        assertTrue(e.getMessage().contains("exp_avg"), e.getMessage());
    }

    @Test
    void rejectsNegativeStep() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ParameterState(-1, Map.of()));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void stepCountRejectsUnknownName() {
        Adam adam = new Adam(Map.of("a", Tensor.vector(1.0).requireGrad(true)), 0.1);
        assertThrows(IllegalArgumentException.class, () -> adam.stepCount("b"));
    }
}
