package dev.enn.baselines.layers;

import static dev.enn.testing.TestTensors.assertBitIdentical;
import static dev.enn.testing.TestTensors.assertClose;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.enn.layer.Layer;
import dev.enn.tensor.GradientCheck;
import dev.enn.tensor.Rng;
import dev.enn.tensor.ShapeMismatchException;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import dev.enn.testing.TestTensors;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BatchNorm1dTest {
    /** The expected values are given to 7 or 10 significant digits. */
    private static final double VALUE_TOLERANCE = 1e-7;
    private static final double GRADIENT_TOLERANCE = 1e-6;
    /** The fused gradient comes from the closed form, the reference's from the composed ops. */
    private static final double KERNEL_TOLERANCE = 1e-12;

    @Test
    void fusedMatchesReferenceOverSizes() {
        int[][] shapes = {{2, 1, 1}, {1, 3, 4}, {4, 3, 5}, {3, 2, 7}, {5, 4}};
        for (int[] shape : shapes) {
            for (boolean training : new boolean[] {true, false}) {
                for (boolean relu : new boolean[] {false, true}) {
                    BatchNorm1d fused = normWithParameters(shape[1]);
                    BatchNorm1d reference = normWithParameters(shape[1]);
                    fused.setTraining(training);
                    reference.setTraining(training);
                    Tensor input = TestTensors.randn(40, shape);
                    Tensor upstream = TestTensors.randn(41, shape);

                    Tensor fusedInput = input.copy().requireGrad(true);
                    Tensor fusedOut = relu ? fused.forwardWithRelu(fusedInput) : fused.forward(fusedInput);
                    fusedOut.backward(upstream);
                    Tensor referenceInput = input.copy().requireGrad(true);
                    Tensor referenceOut = reference.forwardReference(referenceInput);
                    if (relu) {
                        referenceOut = referenceOut.relu();
                    }
                    referenceOut.backward(upstream);

                    assertBitIdentical(referenceOut.detach(), fusedOut.detach());
                    assertClose(referenceInput.grad(), fusedInput.grad(), KERNEL_TOLERANCE);
                    for (String name : List.of("weight", "bias")) {
                        assertClose(reference.namedParameters().get(name).grad(), fused.namedParameters().get(name).grad(),
                                KERNEL_TOLERANCE);
                    }
                    for (String name : List.of("running_mean", "running_var", "num_batches_tracked")) {
                        assertBitIdentical(reference.namedBuffers().get(name), fused.namedBuffers().get(name));
                    }
                }
            }
        }
    }

    @Test
    void fusedWithReluMatchesFiniteDifferences() {
        for (boolean training : new boolean[] {true, false}) {
            BatchNorm1d norm = normWithParameters(3);
            norm.setTraining(training);
            Tensor input = TestTensors.param(42, 4, 3, 5);

            GradientCheck.assertGradients(in -> norm.forwardWithRelu(input), GRADIENT_TOLERANCE,
                    input, norm.namedParameters().get("weight"), norm.namedParameters().get("bias"));
        }
    }

    @Test
    void fusedReluMapsNanToZeroAsReference() {
        BatchNorm1d norm = normWithParameters(2);
        norm.setTraining(false);
        Tensor input = Tensor.of(new double[] {Double.NaN, -3, 3, 0}, 1, 2, 2);

        assertBitIdentical(norm.forwardReference(input).relu(), norm.forwardWithRelu(input));
    }

    /** Returns a layer with γ, β and running statistics away from their initial values. */
    private static BatchNorm1d normWithParameters(int channels) {
        BatchNorm1d norm = new BatchNorm1d(channels);
        Rng rng = new Rng(43);
        for (String name : List.of("weight", "bias")) {
            double[] values = norm.namedParameters().get(name).dataView();
            for (int c = 0; c < channels; c++) {
                values[c] = rng.uniform(0.5, 1.5) * (name.equals("bias") ? 0.3 : 1.0);
            }
        }
        double[] runningMean = norm.runningMean().dataView();
        double[] runningVar = norm.runningVar().dataView();
        for (int c = 0; c < channels; c++) {
            runningMean[c] = rng.uniform(-0.5, 0.5);
            runningVar[c] = rng.uniform(0.5, 2.0);
        }
        return norm;
    }

    @Test
    void trainingRejectsOneValuePerChannel() {
        BatchNorm1d norm = new BatchNorm1d(1);

        assertThrowsWithMessage(IllegalArgumentException.class,
                () -> norm.forward(Tensor.of(new double[] {3.0}, 1, 1, 1)),
                "more than one value per channel", "[1, 1, 1]");
    }

    @Test
    void trainingAcceptsOneSampleWithSeveralSteps() {
        BatchNorm1d norm = new BatchNorm1d(1);

        Tensor y = norm.forward(Tensor.of(new double[] {1, 2, 3}, 1, 1, 3));

        // biased variance 2/3
        double scale = 1.0 / Math.sqrt(2.0 / 3.0 + 1e-5);
        assertClose(new double[] {-scale, 0, scale}, y, 1e-12);
    }

    @Test
    void trainingNormalisesAndUpdatesRunningStatistics() {
        BatchNorm1d norm = new BatchNorm1d(1);

        Tensor y = norm.forward(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 1, 3));

        assertClose(new double[] {-1.4638476, -0.8783086, -0.2927695, 0.2927695, 0.8783086, 1.4638476}, y, VALUE_TOLERANCE);
        assertClose(new double[] {0.35}, norm.runningMean(), 1e-15);
        assertClose(new double[] {1.25}, norm.runningVar(), 1e-15);
        assertEquals(1.0, norm.namedBuffers().get("num_batches_tracked").item());

        norm.setTraining(false);
        Tensor evaluated = norm.forward(Tensor.of(new double[] {1.0}, 1, 1, 1));

        assertClose(new double[] {0.5813753487}, evaluated, 1e-10);
    }

    @Test
    void evaluationWithFreshStatisticsAcceptsOneValue() {
        BatchNorm1d norm = new BatchNorm1d(1);
        norm.setTraining(false);

        Tensor y = norm.forward(Tensor.of(new double[] {3.0}, 1, 1, 1));

        assertClose(new double[] {2.9999850001}, y, 1e-10);
    }

    @Test
    void evaluationLeavesRunningStatisticsUnchanged() {
        BatchNorm1d norm = new BatchNorm1d(2);
        norm.setTraining(false);

        norm.forward(TestTensors.randn(1, 4, 2, 3));

        assertClose(new double[] {0, 0}, norm.runningMean(), 0);
        assertClose(new double[] {1, 1}, norm.runningVar(), 0);
    }

    @Test
    void acceptsRankTwoInput() {
        BatchNorm1d norm = new BatchNorm1d(2);

        Tensor y = norm.forward(Tensor.of(new double[] {1, 10, 3, 30}, 2, 2));

        double scale = 1.0 / Math.sqrt(1 + 1e-5);
        double wideScale = 10.0 / Math.sqrt(100 + 1e-5);
        assertClose(new double[] {-scale, -wideScale, scale, wideScale}, y, 1e-12);
    }

    @Test
    void trainingBackwardMatchesFiniteDifferences() {
        BatchNorm1d norm = new BatchNorm1d(3);
        System.arraycopy(new double[] {0.5, 1.5, -2.0}, 0, norm.namedParameters().get("weight").dataView(), 0, 3);
        Tensor input = TestTensors.param(4, 2, 3, 4);

        GradientCheck.assertGradients(in -> norm.forward(input), GRADIENT_TOLERANCE,
                input, norm.namedParameters().get("weight"), norm.namedParameters().get("bias"));
    }

    @Test
    void evaluationBackwardMatchesFiniteDifferences() {
        BatchNorm1d norm = new BatchNorm1d(3);
        norm.forward(TestTensors.randn(5, 4, 3, 2));
        norm.setTraining(false);
        Tensor input = TestTensors.param(6, 2, 3, 4);

        GradientCheck.assertGradients(in -> norm.forward(input), GRADIENT_TOLERANCE,
                input, norm.namedParameters().get("weight"), norm.namedParameters().get("bias"));
    }

    @Test
    void runningStatisticsAreBuffersNotParameters() {
        BatchNorm1d norm = new BatchNorm1d(4);

        assertEquals(List.of("weight", "bias"), List.copyOf(norm.namedParameters().keySet()));
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"), List.copyOf(norm.namedBuffers().keySet()));
        assertEquals(8, norm.parameterCount());
    }

    @Test
    void rejectsWrongChannelCount() {
        BatchNorm1d norm = new BatchNorm1d(4);

        assertThrowsWithMessage(ShapeMismatchException.class, () -> norm.forward(Tensor.zeros(2, 3, 5)),
                "[2, 3, 5]", "[B, 4, L]");
    }

    @Test
    void rejectsInvalidConstruction() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> new BatchNorm1d(2, 0, 0.1), "eps", "0.0");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> new BatchNorm1d(2, 1e-5, 1.5), "momentum", "1.5");
    }

    @Nested
    class Contract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            BatchNorm1d norm = new BatchNorm1d(3);
            Tensor weight = norm.namedParameters().get("weight");
            for (int i = 0; i < 3; i++) {
                weight.dataView()[i] = rng.uniform(0.5, 1.5);
            }
            return norm;
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 4, 3, 2);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return inputShape;
        }
    }
}
