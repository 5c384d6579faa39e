package dev.enn.tensor;

import static dev.enn.testing.TestTensors.assertAllFinite;
import static dev.enn.testing.TestTensors.assertClose;
import static dev.enn.testing.TestTensors.assertShape;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static dev.enn.testing.TestTensors.awayFromZero;
import static dev.enn.testing.TestTensors.param;
import static dev.enn.testing.TestTensors.uniformParam;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ElementwiseOpsTest {
    /** Tolerance of the finite-difference checks, relative above magnitude 1. */
    private static final double GRADIENT_TOLERANCE = 1e-6;
    /** Tolerance of forward values computed by hand or with mpmath. */
    private static final double VALUE_TOLERANCE = 1e-15;

    /** Shapes of rank 0 to 4, with a size-1 axis in the higher ranks. */
    private static final int[][] RANK_SHAPES = {{}, {3}, {2, 3}, {2, 1, 3}, {2, 2, 1, 3}};

    /** Operand shape pairs that broadcast in either direction, across ranks and size-1 axes. */
    private static final int[][][] BROADCAST_PAIRS = {
        {{2, 3, 4}, {2, 3, 4}},
        {{2, 3, 4}, {4}},
        {{4}, {2, 3, 4}},
        {{2, 3, 4}, {3, 1}},
        {{3, 1}, {2, 3, 4}},
        {{2, 1, 3}, {1, 4, 1}},
        {{}, {2, 3}},
        {{2, 3}, {}},
        {{1}, {}},
        {{2, 1, 3, 1}, {3, 2}},
    };

    private static void checkBinary(String name, BinaryOperator<Tensor> op, boolean positiveRight) {
        long seed = 1;
        for (int[][] pair : BROADCAST_PAIRS) {
            Tensor a = param(seed++, pair[0]);
            Tensor b = positiveRight ? awayFromZero(seed++, 0.5, 2.0, pair[1]) : param(seed++, pair[1]);
            try {
                GradientCheck.assertGradients(in -> op.apply(in[0], in[1]), GRADIENT_TOLERANCE, a, b);
            } catch (AssertionError e) {
                throw new AssertionError(name + " of " + Arrays.toString(pair[0]) + " and " + Arrays.toString(pair[1])
                        + ": " + e.getMessage(), e);
            }
        }
    }

    private static void checkUnary(String name, UnaryOperator<Tensor> op, double low, double high) {
        long seed = 100;
        for (int[] shape : RANK_SHAPES) {
            Tensor a = uniformParam(seed++, low, high, shape);
            try {
                GradientCheck.assertGradients(in -> op.apply(in[0]), GRADIENT_TOLERANCE, a);
            } catch (AssertionError e) {
                throw new AssertionError(name + " of shape " + Arrays.toString(shape) + ": " + e.getMessage(), e);
            }
        }
    }

    private static void checkUnaryAwayFromZero(String name, UnaryOperator<Tensor> op) {
        long seed = 200;
        for (int[] shape : RANK_SHAPES) {
            Tensor a = awayFromZero(seed++, 0.1, 3.0, shape);
            try {
                GradientCheck.assertGradients(in -> op.apply(in[0]), GRADIENT_TOLERANCE, a);
            } catch (AssertionError e) {
                throw new AssertionError(name + " of shape " + Arrays.toString(shape) + ": " + e.getMessage(), e);
            }
        }
    }

    // ---------------------------------------------------------------- forward values

    @Test
    void binaryOpsComputeHandValues() {
        Tensor a = Tensor.vector(1, -2, 3);
        Tensor b = Tensor.vector(4, 5, -6);

        assertClose(new double[] {5, 3, -3}, a.add(b), 0);
        assertClose(new double[] {-3, -7, 9}, a.sub(b), 0);
        assertClose(new double[] {4, -10, -18}, a.mul(b), 0);
        assertClose(new double[] {0.25, -0.4, -0.5}, a.div(b), 0);
        assertClose(new double[] {4, 5, 3}, a.maximum(b), 0);
    }

    @Test
    void broadcastingAlignsFromRight() {
        Tensor column = Tensor.of(new double[] {10, 20}, 2, 1);
        Tensor row = Tensor.vector(1, 2, 3);

        Tensor sum = column.add(row);

        assertShape(new int[] {2, 3}, sum);
        assertClose(new double[] {11, 12, 13, 21, 22, 23}, sum, 0);
        assertClose(new double[] {9, 8, 7, 19, 18, 17}, column.sub(row), 0);
        assertClose(new double[] {-9, -8, -7, -19, -18, -17}, row.sub(column), 0);
    }

    @Test
    void scalarOpsComputeHandValues() {
        Tensor a = Tensor.vector(1, -2, 3);

        assertClose(new double[] {3.5, 0.5, 5.5}, a.add(2.5), 0);
        assertClose(new double[] {-2, 4, -6}, a.mul(-2), 0);
        assertClose(new double[] {-1, 2, -3}, a.neg(), 0);
    }

    @Test
    void unaryOpsComputeHandValues() {
        Tensor a = Tensor.vector(0.25, 1, 4);

        assertClose(new double[] {0.125, 1, 8}, a.pow(1.5), VALUE_TOLERANCE);
        assertClose(new double[] {0.0625, 1, 16}, a.square(), 0);
        assertClose(new double[] {0.5, 1, 2}, a.sqrt(), 0);
        assertClose(new double[] {Math.exp(0.25), Math.E, Math.exp(4)}, a.exp(), 0);
        assertClose(new double[] {Math.log(0.25), 0, Math.log(4)}, a.log(), 0);
        assertClose(new double[] {2, 3, 0}, Tensor.vector(-2, 3, 0).abs(), 0);
        assertClose(new double[] {0.5, 0.5, 2}, Tensor.vector(-1, 0.5, 2).clampMin(0.5), 0);
        assertClose(new double[] {0, 0, 2}, Tensor.vector(-1, 0, 2).relu(), 0);
        // SpecialFunctions.tanh, within 6 ulps of Math.tanh
        assertClose(new double[] {Math.tanh(-1), 0, Math.tanh(2)}, Tensor.vector(-1, 0, 2).tanh(), VALUE_TOLERANCE);
    }

    @Test
    void sigmoidMatchesLogisticAndAvoidsOverflow() {
        Tensor y = Tensor.vector(-800, -1, 0, 1, 800).sigmoid();

        assertClose(new double[] {0, 1 / (1 + Math.E), 0.5, 1 / (1 + Math.exp(-1)), 1}, y, VALUE_TOLERANCE);
        assertAllFinite(y);
    }

    @Test
    void geluMatchesKnownDigits() {
        // x·Φ(x) from mpmath 1.3.0 at 40 digits
        Tensor x = Tensor.vector(-3, -1, -0.5, 0, 0.5, 1, 3);
        double[] expected = {
            -0.0040496940948902835, -0.15865525393145705, -0.15426876936299344, 0.0,
            0.34573123063700656, 0.8413447460685429, 2.99595030590511,
        };

        assertClose(expected, x.gelu(), VALUE_TOLERANCE);
    }

    @Test
    void geluDerivativeMatchesKnownDigits() {
        // Φ(x) + x·φ(x) from mpmath 1.3.0 at 40 digits
        Tensor x = Tensor.vector(-3, -1, -0.5, 0, 0.5, 1, 3).requireGrad(true);
        double[] expected = {
            -0.011945647204183927, -0.0833154705876863, 0.13250487534383715, 0.5,
            0.8674951246561629, 1.0833154705876864, 1.011945647204184,
        };

        x.gelu().sum().backward();

        assertClose(expected, x.grad(), VALUE_TOLERANCE);
    }

    @Test
    void opsLeaveInputsUnchanged() {
        Tensor a = param(1, 2, 3);
        Tensor b = param(2, 3);
        double[] aBefore = a.toArray();
        double[] bBefore = b.toArray();

        a.add(b).mul(b).div(b.add(10)).maximum(a).exp().abs().sum().backward();

        assertArrayEquals(aBefore, a.toArray(), 0);
        assertArrayEquals(bBefore, b.toArray(), 0);
    }

    // ---------------------------------------------------------------- gradients

    @Test
    void addGradientsMatchFiniteDifferences() {
        checkBinary("add", Tensor::add, false);
    }

    @Test
    void subGradientsMatchFiniteDifferences() {
        checkBinary("sub", Tensor::sub, false);
    }

    @Test
    void mulGradientsMatchFiniteDifferences() {
        checkBinary("mul", Tensor::mul, false);
    }

    @Test
    void divGradientsMatchFiniteDifferences() {
        checkBinary("div", Tensor::div, true);
    }

    @Test
    void maximumGradientsMatchFiniteDifferences() {
        checkBinary("maximum", Tensor::maximum, false);
    }

    @Test
    void sameTensorAsBothOperands() {
        Tensor a = param(3, 2, 3);

        GradientCheck.assertGradients(in -> in[0].mul(in[0]), GRADIENT_TOLERANCE, a);
        GradientCheck.assertGradients(in -> in[0].add(in[0]), GRADIENT_TOLERANCE, a);
        GradientCheck.assertGradients(in -> in[0].sub(in[0].mul(0.5)), GRADIENT_TOLERANCE, a);
    }

    @Test
    void gradientFlowsToOneOperandOnly() {
        Tensor a = param(4, 2, 3);
        Tensor constant = Tensor.vector(1, 2, 3);

        a.mul(constant).sum().backward();

        assertClose(new double[] {1, 2, 3, 1, 2, 3}, a.grad(), 0);
        assertEquals(null, constant.gradView());
    }

    @Test
    void scalarOpGradientsMatchFiniteDifferences() {
        checkUnary("add(2.5)", t -> t.add(2.5), -2, 2);
        checkUnary("mul(-3)", t -> t.mul(-3), -2, 2);
        checkUnary("neg", Tensor::neg, -2, 2);
    }

    @Test
    void powGradientsMatchFiniteDifferences() {
        checkUnary("pow(2)", t -> t.pow(2), -2, 2);
        checkUnary("pow(3)", t -> t.pow(3), -2, 2);
        checkUnary("pow(0.5)", t -> t.pow(0.5), 0.5, 3);
        checkUnary("pow(-1.5)", t -> t.pow(-1.5), 0.5, 3);
        checkUnary("pow(0)", t -> t.pow(0), -2, 2);
    }

    @Test
    void smoothUnaryGradientsMatchFiniteDifferences() {
        checkUnary("square", Tensor::square, -2, 2);
        checkUnary("sqrt", Tensor::sqrt, 0.5, 3);
        checkUnary("exp", Tensor::exp, -2, 2);
        checkUnary("log", Tensor::log, 0.5, 3);
        checkUnary("sigmoid", Tensor::sigmoid, -4, 4);
        checkUnary("tanh", Tensor::tanh, -3, 3);
        checkUnary("gelu", Tensor::gelu, -4, 4);
    }

    @Test
    void kinkedUnaryGradientsMatchAwayFromKinks() {
        checkUnaryAwayFromZero("abs", Tensor::abs);
        checkUnaryAwayFromZero("relu", Tensor::relu);
        checkUnaryAwayFromZero("clampMin(0)", t -> t.clampMin(0));
        checkUnaryAwayFromZero("clampMin(0) after shift", t -> t.add(0.05).clampMin(0.05));
    }

    @Test
    void sizeZeroOperandsGiveEmptyOutput() {
        Tensor empty = Tensor.zeros(0, 3).requireGrad(true);
        Tensor row = param(5, 3);

        Tensor out = empty.mul(row).add(row);
        out.backward(Tensor.zeros(0, 3));

        assertShape(new int[] {0, 3}, out);
        assertArrayEquals(new double[0], empty.grad().toArray());
        assertClose(new double[] {0, 0, 0}, row.grad(), 0);
    }

    @Test
    void sizeOneAxesSumGradientsOfBroadcastElements() {
        Tensor column = Tensor.zeros(2, 1).requireGrad(true);
        Tensor row = Tensor.zeros(1, 3).requireGrad(true);

        column.add(row).sum().backward();

        assertClose(new double[] {3, 3}, column.grad(), 0);
        assertClose(new double[] {2, 2, 2}, row.grad(), 0);
    }

    // ---------------------------------------------------------------- conventions at kinks and ties

    @Test
    void maximumTiesSplitGradientEqually() {
        Tensor a = Tensor.vector(1, 3).requireGrad(true);
        Tensor b = Tensor.vector(1, 2).requireGrad(true);

        a.maximum(b).sum().backward();

        assertClose(new double[] {0.5, 1.0}, a.grad(), 0);
        assertClose(new double[] {0.5, 0.0}, b.grad(), 0);
    }

    @Test
    void reluDerivativeAtZeroIsZero() {
        Tensor x = Tensor.vector(-1, 0, 2).requireGrad(true);

        x.relu().sum().backward();

        assertClose(new double[] {0, 0, 1}, x.grad(), 0);
    }

    @Test
    void absDerivativeAtZeroIsZero() {
        Tensor x = Tensor.vector(-2, 0, 2).requireGrad(true);

        x.abs().sum().backward();

        assertClose(new double[] {-1, 0, 1}, x.grad(), 0);
    }

    @Test
    void clampMinPassesGradientAtBoundary() {
        Tensor x = Tensor.vector(-1, 0, 2).requireGrad(true);

        x.clampMin(0).sum().backward();

        assertClose(new double[] {0, 1, 1}, x.grad(), 0);
    }

    @Test
    void powZeroHasZeroGradient() {
        Tensor x = Tensor.vector(-1, 0, 2).requireGrad(true);

        x.pow(0).sum().backward();

        assertClose(new double[] {0, 0, 0}, x.grad(), 0);
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void rejectsNonBroadcastableShapes() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(4);
        String[] ops = {"add", "sub", "mul", "div", "maximum"};
        Runnable[] calls = {() -> a.add(b), () -> a.sub(b), () -> a.mul(b), () -> a.div(b), () -> a.maximum(b)};

        for (int i = 0; i < ops.length; i++) {
            Runnable call = calls[i];
            ShapeMismatchException e = assertThrowsWithMessage(ShapeMismatchException.class, call::run,
                    ops[i] + ":", "[2, 3]", "[4]", "cannot be broadcast", "3 vs 4", "equal or 1");
            assertArrayEquals(new int[] {2, 3}, e.expected());
            assertArrayEquals(new int[] {4}, e.actual());
        }
    }

    @Test
    void rejectsSizeZeroAgainstLargerAxis() {
        Tensor empty = Tensor.zeros(0);
        Tensor three = Tensor.zeros(3);

        assertThrowsWithMessage(ShapeMismatchException.class, () -> empty.add(three), "[0]", "[3]", "0 vs 3");
    }
}
