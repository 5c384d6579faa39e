package dev.enn.baselines;

import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.baselines.layers.LiquidTimeConstantCell.Integrator;
import dev.enn.layer.Layer;
import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import dev.enn.testing.TestTensors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LiquidModelTest {
    @Test
    void parameterCountMatchesPyTorch() {
        LiquidModel model = LiquidModel.builder().inputFeatures(3).hiddenSize(48).outputs(1).seed(42).build();

        assertEquals(2_641, model.parameterCount());
    }

    @Test
    void builderPassesIntegratorAndTimeStepToCell() {
        LiquidModel model = LiquidModel.builder().inputFeatures(3).hiddenSize(4).timeStep(0.05)
                .integrator(Integrator.SEMI_IMPLICIT_EULER).minTimeConstant(0.01).build();

        assertEquals(Integrator.SEMI_IMPLICIT_EULER, model.cell().integrator());
        assertEquals(0.05, model.cell().timeStep());
        assertEquals(0.01, model.cell().minTimeConstant());
    }

    @Test
    void stiffTimeConstantReachesListener() {
        LiquidModel model = LiquidModel.builder().inputFeatures(3).hiddenSize(4).build();
        model.cell().timeConstants().dataView()[2] = 0.01;
        double[] seenRatio = new double[1];
        model.cell().setStabilityListener((neuron, tau, ratio) -> seenRatio[0] = ratio);

        model.forward(TestTensors.randn(1, 2, 3, 3));

        assertTrue(model.cell().unstableStepSeen());
        assertEquals(10.0, seenRatio[0], 1e-12);
    }

    @Test
    void builderRejectsInvalidTimeStep() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> LiquidModel.builder().timeStep(-0.1).build(),
                "LiquidModel.Builder", "timeStep", "-0.1");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> LiquidModel.builder().integrator(null).build(),
                "integrator");
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return LiquidModel.builder().inputFeatures(3).hiddenSize(4).outputs(2).seed(rng.nextLong()).build();
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 3, 3);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return new int[] {inputShape[0], 2};
        }
    }
}
