package dev.enn.baselines.layers;

import static dev.enn.testing.TestTensors.assertAllFinite;
import static dev.enn.testing.TestTensors.assertClose;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.baselines.layers.LiquidTimeConstantCell.Integrator;
import dev.enn.layer.Layer;
import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import dev.enn.testing.TestTensors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LiquidTimeConstantCellTest {
    private static final double VALUE_TOLERANCE = 1e-10;

    /** Builds one neuron with W_hh = 0, so an input of ones gives a drive of exactly 1 per step. */
    private static LiquidTimeConstantCell unitDriveCell(double tau, Integrator integrator) {
        LiquidTimeConstantCell cell = new LiquidTimeConstantCell(1, 1, 0.1, integrator, 1e-3, new Rng(1));
        cell.timeConstants().dataView()[0] = tau;
        cell.inputWeights().weight().dataView()[0] = 1.0;
        cell.inputWeights().bias().dataView()[0] = 0.0;
        cell.recurrentWeights().weight().dataView()[0] = 0.0;
        cell.recurrentWeights().bias().dataView()[0] = 0.0;
        return cell;
    }

    private static Tensor ones(int steps) {
        return Tensor.ones(1, steps, 1);
    }

    @Test
    void explicitEulerMatchesReference() {
        LiquidTimeConstantCell cell = unitDriveCell(0.5, Integrator.EXPLICIT_EULER);

        Tensor states = cell.forwardSequence(ones(5));

        assertClose(new double[] {0.1, 0.18, 0.244, 0.2952, 0.33616}, states, VALUE_TOLERANCE);
        assertFalse(cell.unstableStepSeen());
    }

    @Test
    void zeroTimeConstantIsClampedWithoutNaN() {
        LiquidTimeConstantCell cell = unitDriveCell(0.0, Integrator.EXPLICIT_EULER);
        cell.timeConstants().requireGrad(true);

        Tensor states = cell.forwardSequence(ones(3));
        states.sum().backward();

        // τ = 1e-3: h1 = 0.1, h2 = 0.1 + 0.1·(−0.1/1e-3 + 1) = −9.8
        assertClose(new double[] {0.1, -9.8}, states.reshape(3).slice(0, 0, 2), 1e-9);
        assertAllFinite(states);
        assertAllFinite(cell.timeConstants().grad());
        assertTrue(cell.unstableStepSeen());
    }

    @Test
    void unstableExplicitStepGrowsAndWarns() {
        LiquidTimeConstantCell cell = unitDriveCell(0.04, Integrator.EXPLICIT_EULER);
        List<double[]> notices = new ArrayList<>();
        cell.setStabilityListener((neuron, tau, ratio) -> notices.add(new double[] {neuron, tau, ratio}));

        Tensor states = cell.forwardSequence(ones(8));

        assertClose(new double[] {0.1, -0.05, 0.175, -0.1625, 0.34375, -0.415625, 0.7234375, -0.98515625}, states, VALUE_TOLERANCE);
        assertTrue(cell.unstableStepSeen());
        assertEquals(1, notices.size());
        assertClose(new double[] {0, 0.04, 2.5}, notices.get(0), 1e-12);
    }

    @Test
    void semiImplicitStepIsStable() {
        LiquidTimeConstantCell cell = unitDriveCell(0.04, Integrator.SEMI_IMPLICIT_EULER);

        Tensor states = cell.forwardSequence(ones(60));

        assertClose(new double[] {0.0285714286, 0.0367346939, 0.0390670554}, states.reshape(60).slice(0, 0, 3), VALUE_TOLERANCE);
        assertClose(new double[] {0.04}, states.reshape(60).slice(0, 59, 60), 1e-12);
        assertFalse(cell.unstableStepSeen());
    }

    @Test
    void forwardReturnsLastState() {
        LiquidTimeConstantCell cell = new LiquidTimeConstantCell(3, 4, new Rng(2));
        Tensor input = TestTensors.randn(3, 2, 5, 3);

        assertClose(cell.forwardSequence(input).select(1, 4), cell.forward(input), 0);
    }

    @Test
    void explicitBackwardMatchesFiniteDifferences() {
        LiquidTimeConstantCell cell = new LiquidTimeConstantCell(2, 3, new Rng(4));
        Tensor input = TestTensors.param(5, 2, 4, 2);

        GradientCheck.assertGradients(in -> cell.forwardSequence(input), 1e-6, concat(input, cell.parameters()));
    }

    @Test
    void semiImplicitBackwardMatchesFiniteDifferences() {
        LiquidTimeConstantCell cell = new LiquidTimeConstantCell(2, 3, 0.1, Integrator.SEMI_IMPLICIT_EULER, 1e-3, new Rng(6));
        Tensor input = TestTensors.param(7, 2, 4, 2);

        GradientCheck.assertGradients(in -> cell.forwardSequence(input), 1e-6, concat(input, cell.parameters()));
    }

    private static Tensor[] concat(Tensor first, List<Tensor> rest) {
        Tensor[] all = new Tensor[rest.size() + 1];
        all[0] = first;
        for (int i = 0; i < rest.size(); i++) {
            all[i + 1] = rest.get(i);
        }
        return all;
    }

    @Test
    void parametersAreNamedAsInReference() {
        LiquidTimeConstantCell cell = new LiquidTimeConstantCell(3, 48, new Rng(1));

        assertEquals(List.of("time_constants", "W_ih.weight", "W_ih.bias", "W_hh.weight", "W_hh.bias"),
                List.copyOf(cell.namedParameters().keySet()));
        assertEquals(48 + 4 * 48 + 49 * 48, cell.parameterCount());
        for (double tau : cell.timeConstants().dataView()) {
            assertTrue(tau >= 0.1, "τ = " + tau + " lies below 0.1");
            assertTrue(tau < 0.6, "τ = " + tau + " is not below 0.6");
        }
    }

    @Test
    void rejectsInvalidInputAndConstruction() {
        LiquidTimeConstantCell cell = new LiquidTimeConstantCell(3, 4, new Rng(1));

        assertThrowsWithMessage(ShapeMismatchException.class, () -> cell.forward(Tensor.zeros(2, 5, 2)), "[2, 5, 2]", "[B, T, 3]");
        assertThrowsWithMessage(ShapeMismatchException.class, () -> cell.forward(Tensor.zeros(2, 0, 3)), "T >= 1");
        assertThrowsWithMessage(IllegalArgumentException.class,
                () -> new LiquidTimeConstantCell(3, 4, 0.0, Integrator.EXPLICIT_EULER, 1e-3, new Rng(1)), "timeStep", "0.0");
        assertThrowsWithMessage(IllegalArgumentException.class,
                () -> new LiquidTimeConstantCell(3, 4, 0.1, Integrator.EXPLICIT_EULER, -1, new Rng(1)), "minTimeConstant", "-1");
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return new LiquidTimeConstantCell(3, 4, rng);
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 3, 3);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return new int[] {inputShape[0], 4};
        }
    }
}
