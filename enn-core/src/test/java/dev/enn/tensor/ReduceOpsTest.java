package dev.enn.tensor;

import static dev.enn.testing.TestTensors.assertClose;
import static dev.enn.testing.TestTensors.assertShape;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static dev.enn.testing.TestTensors.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReduceOpsTest {
    /** Tolerance of the finite-difference checks, relative above magnitude 1. */
    private static final double GRADIENT_TOLERANCE = 1e-6;
    /** Tolerance of forward values computed by hand. */
    private static final double VALUE_TOLERANCE = 1e-15;

    /** Shapes of rank 1 to 4 for the axis reductions. */
    private static final int[][] AXIS_SHAPES = {{5}, {2, 3}, {2, 3, 4}, {2, 1, 3, 2}};

    /** [[1, 2, 3], [4, 5, 6]]. */
    private static Tensor twoByThree() {
        return Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    }

    // ---------------------------------------------------------------- forward values

    @Test
    void sumAndMeanOfAllElements() {
        Tensor sum = twoByThree().sum();
        Tensor mean = twoByThree().mean();

        assertShape(new int[0], sum);
        assertEquals(21.0, sum.item(), 0);
        assertShape(new int[0], mean);
        assertEquals(3.5, mean.item(), 0);
    }

    @Test
    void sumAndMeanOverEachAxis() {
        Tensor x = twoByThree();

        assertClose(new double[] {5, 7, 9}, x.sum(0, false), 0);
        assertClose(new double[] {6, 15}, x.sum(1, false), 0);
        assertClose(new double[] {6, 15}, x.sum(-1, false), 0);
        assertClose(new double[] {2.5, 3.5, 4.5}, x.mean(0, false), 0);
        assertClose(new double[] {2, 5}, x.mean(-1, false), 0);
    }

    @Test
    void keepDimKeepsReducedAxisAsOne() {
        Tensor x = Tensor.zeros(2, 3, 4);

        assertShape(new int[] {2, 1, 4}, x.sum(1, true));
        assertShape(new int[] {2, 4}, x.sum(1, false));
        assertShape(new int[] {2, 3, 1}, x.mean(-1, true));
        assertShape(new int[] {1, 3, 4}, x.max(0, true));
        assertShape(new int[] {3, 4}, x.max(0, false));
    }

    @Test
    void maxOverEachAxis() {
        Tensor x = Tensor.of(new double[] {1, 9, 3, 7, 5, 6}, 2, 3);

        assertClose(new double[] {7, 9, 6}, x.max(0, false), 0);
        assertClose(new double[] {9, 7}, x.max(1, false), 0);
    }

    @Test
    void maxOfNegativeInfinityRowIsNegativeInfinity() {
        Tensor x = Tensor.vector(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY);

        assertEquals(Double.NEGATIVE_INFINITY, x.max(0, false).item(), 0);
    }

    @Test
    void maxPropagatesNaN() {
        Tensor x = Tensor.vector(1, Double.NaN, 3);

        assertTrue(Double.isNaN(x.max(0, false).item()));
    }

    @Test
    void normOfThreeFourIsFive() {
        assertEquals(5.0, Tensor.vector(3, 4).norm().item(), 0);
        assertEquals(Math.sqrt(91), twoByThree().norm().item(), VALUE_TOLERANCE);
    }

    @Test
    void normNeitherOverflowsNorUnderflows() {
        Tensor huge = Tensor.full(1e200, 100);
        Tensor tiny = Tensor.full(1e-200, 100);

        assertEquals(1e201, huge.norm().item(), 1e201 * 1e-12);
        assertEquals(1e-199, tiny.norm().item(), 1e-199 * 1e-12);
    }

    @Test
    void sumToShapeSumsBroadcastAxes() {
        Tensor x = twoByThree();

        assertClose(new double[] {5, 7, 9}, x.sumToShape(3), 0);
        assertClose(new double[] {6, 15}, x.sumToShape(2, 1), 0);
        assertClose(new double[] {5, 7, 9}, x.sumToShape(1, 3), 0);
        assertClose(new double[] {21}, x.sumToShape(), 0);
        assertShape(new int[0], x.sumToShape());
    }

    @Test
    void sumToSameShapeReturnsInput() {
        Tensor x = twoByThree();

        assertTrue(x.sumToShape(2, 3) == x);
    }

    // ---------------------------------------------------------------- gradients

    @Test
    void fullReductionGradientsMatch() {
        for (int[] shape : new int[][] {{}, {3}, {2, 3}, {2, 1, 3}, {2, 2, 1, 3}}) {
            Tensor x = param(shape.length + 1, shape);

            GradientCheck.assertGradients(in -> in[0].sum(), GRADIENT_TOLERANCE, x);
            GradientCheck.assertGradients(in -> in[0].mean(), GRADIENT_TOLERANCE, x);
        }
    }

    @Test
    void axisReductionGradientsMatchFiniteDifferences() {
        long seed = 10;
        for (int[] shape : AXIS_SHAPES) {
            for (int axis = -shape.length; axis < shape.length; axis++) {
                for (boolean keepDim : new boolean[] {false, true}) {
                    Tensor x = param(seed++, shape);
                    int a = axis;
                    String where = Arrays.toString(shape) + " axis " + axis + " keepDim " + keepDim;
                    try {
                        GradientCheck.assertGradients(in -> in[0].sum(a, keepDim), GRADIENT_TOLERANCE, x);
                        GradientCheck.assertGradients(in -> in[0].mean(a, keepDim), GRADIENT_TOLERANCE, x);
                        GradientCheck.assertGradients(in -> in[0].max(a, keepDim), GRADIENT_TOLERANCE, x);
                    } catch (AssertionError e) {
                        throw new AssertionError(where + ": " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    @Test
    void normGradientMatchesFiniteDifferences() {
        for (int[] shape : new int[][] {{1}, {3}, {2, 3}, {2, 1, 3, 2}}) {
            Tensor x = param(shape.length + 20, shape);

            GradientCheck.assertGradients(in -> in[0].norm(), GRADIENT_TOLERANCE, x);
        }
    }

    @Test
    void sumToShapeGradientMatchesFiniteDifferences() {
        int[][] targets = {{4}, {3, 1}, {1, 1, 4}, {2, 1, 4}, {}};
        long seed = 30;
        for (int[] target : targets) {
            Tensor x = param(seed++, 2, 3, 4);

            GradientCheck.assertGradients(in -> in[0].sumToShape(target), GRADIENT_TOLERANCE, x);
        }
    }

    // ---------------------------------------------------------------- size 0 and size 1

    @Test
    void sumOverSizeZeroAxisIsZero() {
        Tensor x = Tensor.zeros(0, 3).requireGrad(true);

        Tensor overRows = x.sum(0, false);
        Tensor overColumns = x.sum(1, false);

        assertClose(new double[] {0, 0, 0}, overRows, 0);
        assertShape(new int[] {0}, overColumns);
        assertEquals(0.0, x.sum().item(), 0);
        overRows.sum().backward();
        assertArrayEquals(new double[0], x.grad().toArray());
    }

    @Test
    void reductionsOverSizeOneAxisAreIdentity() {
        Tensor x = param(40, 2, 1, 3);

        assertClose(x.reshape(2, 3), x.sum(1, false), 0);
        assertClose(x.reshape(2, 3), x.mean(1, false), 0);
        assertClose(x.reshape(2, 3), x.max(1, false), 0);
    }

    // ---------------------------------------------------------------- conventions at ties and at zero

    @Test
    void maxTiesSplitGradientEqually() {
        Tensor x = Tensor.vector(2, 2, 1).requireGrad(true);

        x.max(0, false).backward();

        assertClose(new double[] {0.5, 0.5, 0.0}, x.grad(), 0);
    }

    @Test
    void maxTiesSplitPerRow() {
        Tensor x = Tensor.of(new double[] {3, 3, 3, 1, 5, 2}, 2, 3).requireGrad(true);

        x.max(1, false).backward(Tensor.vector(3, 1));

        assertClose(new double[] {1, 1, 1, 0, 1, 0}, x.grad(), 0);
    }

    @Test
    void normAtZeroHasZeroGradient() {
        Tensor x = Tensor.zeros(3).requireGrad(true);

        Tensor norm = x.norm();
        norm.backward();

        assertEquals(0.0, norm.item(), 0);
        assertClose(new double[] {0, 0, 0}, x.grad(), 0);
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void rejectsAxisOutOfRange() {
        Tensor x = Tensor.zeros(2, 3);

        assertThrowsWithMessage(IllegalArgumentException.class, () -> x.sum(2, false),
                "sum:", "axis 2", "rank 2", "-2 to 1");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> x.mean(-3, false),
                "mean:", "axis -3", "rank 2", "-2 to 1");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> x.max(5, true),
                "max:", "axis 5", "rank 2");
    }

    @Test
    void rejectsMeanOfEmptyTensor() {
        Tensor empty = Tensor.zeros(0, 3);

        assertThrowsWithMessage(IllegalArgumentException.class, empty::mean, "mean:", "[0, 3]", "empty");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> empty.mean(0, false),
                "mean:", "axis 0", "[0, 3]", "length 0");
    }

    @Test
    void rejectsMaxOverEmptyAxis() {
        Tensor empty = Tensor.zeros(2, 0);

        assertThrowsWithMessage(IllegalArgumentException.class, () -> empty.max(1, false),
                "max:", "axis 1", "[2, 0]", "length 0");
    }

    @Test
    void rejectsSumToNonBroadcastShape() {
        Tensor x = Tensor.zeros(2, 3);

        assertThrowsWithMessage(ShapeMismatchException.class, () -> x.sumToShape(4), "[4]", "[2, 3]");
        assertThrowsWithMessage(ShapeMismatchException.class, () -> x.sumToShape(2, 2, 3),
                "sumToShape:", "[2, 3]", "is not a broadcast of", "[2, 2, 3]");
    }

    @Test
    void normIsNaNWheneverAnEntryIsNaN() {
        assertTrue(Double.isNaN(Tensor.vector(Double.POSITIVE_INFINITY, Double.NaN).norm().item()));
        assertTrue(Double.isNaN(Tensor.vector(Double.NaN, Double.POSITIVE_INFINITY).norm().item()));
        assertEquals(Double.POSITIVE_INFINITY, Tensor.vector(1.0, Double.NEGATIVE_INFINITY).norm().item());
    }
}
