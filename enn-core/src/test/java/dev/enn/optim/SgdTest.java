package dev.enn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SgdTest {
    private static void setGrad(Tensor parameter, double... grad) {
        parameter.zeroGrad();
        System.arraycopy(grad, 0, parameter.gradBuffer(), 0, grad.length);
    }

    @Test
    void plainStepMovesAgainstGradient() {
        Tensor p = Tensor.vector(1.0, 2.0).requireGrad(true);
        Sgd sgd = new Sgd(List.of(p), 0.5);
        setGrad(p, 1.0, -2.0);
        sgd.step();
        assertEquals(0.5, p.get(0), 0.0);
        assertEquals(3.0, p.get(1), 0.0);
    }

    @Test
    void momentumBufferStartsAtFirstGradient() {
        // PyTorch: b₁ = g₁, bₜ = μ·bₜ₋₁ + gₜ, p ← p − lr·bₜ
        Tensor p = Tensor.vector(1.0).requireGrad(true);
        Sgd sgd = new Sgd(Map.of("p", p), 0.1, 0.9, 0.0);
        setGrad(p, 1.0);
        sgd.step();
        assertEquals(0.9, p.item(), 1e-15);
        setGrad(p, 1.0);
        sgd.step();
        assertEquals(0.9 - 0.1 * 1.9, p.item(), 1e-15);
        setGrad(p, -2.0);
        sgd.step();
        assertEquals(0.9 - 0.1 * 1.9 - 0.1 * (0.9 * 1.9 - 2.0), p.item(), 1e-15);
        assertEquals(0.9 * 1.9 - 2.0, sgd.state().get("p").buffers().get("momentum_buffer")[0], 1e-15);
    }

    @Test
    void weightDecayIsAddedBeforeMomentum() {
        Tensor p = Tensor.vector(2.0).requireGrad(true);
        Sgd sgd = new Sgd(Map.of("p", p), 0.1, 0.5, 0.25);
        setGrad(p, 1.0);
        sgd.step();
        // g = 1 + 0.25·2 = 1.5, b = 1.5
        assertEquals(2.0 - 0.15, p.item(), 1e-15);
        setGrad(p, 1.0);
        sgd.step();
        // g = 1 + 0.25·1.85 = 1.4625, b = 0.5·1.5 + 1.4625 = 2.2125
        assertEquals(1.85 - 0.1 * 2.2125, p.item(), 1e-15);
    }

    @Test
    void nullGradientSkipsParameter() {
        Tensor p = Tensor.vector(1.0).requireGrad(true);
        Sgd sgd = new Sgd(Map.of("p", p), 0.1, 0.9, 0.1);
        sgd.step();
        assertEquals(1.0, p.item(), 0.0);
        assertEquals(0, sgd.stepCount("p"));
        assertTrue(sgd.state().isEmpty());
    }

    @Test
    void withoutMomentumKeepsNoBuffer() {
        Tensor p = Tensor.vector(1.0).requireGrad(true);
        Sgd sgd = new Sgd(Map.of("p", p), 0.1);
        setGrad(p, 1.0);
        sgd.step();
        assertTrue(sgd.state().get("p").buffers().isEmpty());
        assertEquals(1, sgd.state().get("p").step());
    }

    @Test
    void rejectsInvalidHyperParameters() {
        Map<String, Tensor> parameters = Map.of("p", Tensor.vector(1.0).requireGrad(true));
        double[][] invalid = {{-1, 0, 0}, {Double.NaN, 0, 0}, {0.1, -0.5, 0}, {0.1, Double.NaN, 0},
            {0.1, 0, -1e-4}, {0.1, 0, Double.POSITIVE_INFINITY}};
        for (double[] h : invalid) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Sgd(parameters, h[0], h[1], h[2]));
            assertTrue(e.getMessage().startsWith("Sgd: "), e.getMessage());
        }
    }

    @Test
    void setLearningRateRejectsNegative() {
        Sgd sgd = new Sgd(Map.of("p", Tensor.vector(1.0).requireGrad(true)), 0.1);
        sgd.setLearningRate(0.0);
        assertEquals(0.0, sgd.learningRate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-0.1));
        assertTrue(e.getMessage().contains("learningRate = -0.1"), e.getMessage());
    }
}
