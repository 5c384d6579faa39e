package dev.enn.tensor;

import static dev.enn.testing.TestTensors.assertAllFinite;
import static dev.enn.testing.TestTensors.assertClose;
import static dev.enn.testing.TestTensors.assertShape;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static dev.enn.testing.TestTensors.param;
import static dev.enn.testing.TestTensors.randn;
import static dev.enn.testing.TestTensors.uniformParam;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Softmax family, layer normalisation, top-k, masking and dropout. Reference values with many
 * digits come from mpmath 1.3.0 at 40 significant digits.
 */
class NnOpsTest {
    /** Tolerance of the finite-difference checks, relative above magnitude 1. */
    private static final double GRADIENT_TOLERANCE = 1e-6;
    /** Tolerance of forward values against mpmath, relative above magnitude 1. */
    private static final double VALUE_TOLERANCE = 1e-15;
    /** Tolerance of layer-norm values against mpmath; the eps term and 1/√ add a few roundings. */
    private static final double NORM_TOLERANCE = 1e-14;

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    // ---------------------------------------------------------------- softmax, logSoftmax, logSumExp forward

    @Test
    void softmaxComputesKnownValues() {
        Tensor y = Tensor.vector(1, 2, 4).softmax(0);

        assertClose(new double[] {0.04201006613406605, 0.11419519938459448, 0.8437947344813395}, y, VALUE_TOLERANCE);
    }

    @Test
    void softmaxRowsSumToOneAlongEachAxis() {
        Tensor x = randn(1, 2, 3, 4);
        for (int axis = -3; axis < 3; axis++) {
            Tensor sums = x.softmax(axis).sum(axis, false);

            assertClose(Tensor.ones(sums.shape()), sums, VALUE_TOLERANCE * 4);
        }
    }

    @Test
    void logSoftmaxComputesKnownValues() {
        Tensor x = Tensor.vector(1, 2, 4);
        double lse = 4.169846019556286;

        assertClose(new double[] {1 - lse, 2 - lse, 4 - lse}, x.logSoftmax(0), VALUE_TOLERANCE);
        assertEquals(lse, x.logSumExp(0, false).item(), VALUE_TOLERANCE * lse);
        assertShape(new int[0], x.logSumExp(0, false));
        assertShape(new int[] {1}, x.logSumExp(0, true));
    }

    @Test
    void logSumExpKeepDimShapes() {
        Tensor x = Tensor.zeros(2, 3, 4);

        assertShape(new int[] {2, 1, 4}, x.logSumExp(1, true));
        assertShape(new int[] {2, 4}, x.logSumExp(1, false));
        assertShape(new int[] {2, 3}, x.logSumExp(-1, false));
        assertClose(Tensor.full(Math.log(3), 2, 4), x.logSumExp(1, false), VALUE_TOLERANCE);
    }

    @Test
    void softmaxOfLargeLogitsIsFinite() {
        Tensor y = Tensor.vector(1000, 1001, 1002).softmax(0);

        assertClose(new double[] {0.09003057317038046, 0.24472847105479764, 0.6652409557748219}, y, VALUE_TOLERANCE);
    }

    @Test
    void logSoftmaxOfLargeLogitsKeepsDigits() {
        Tensor y = Tensor.vector(1000, 1001, 1002).logSoftmax(0);

        assertClose(new double[] {-2.40760596444438, -1.4076059644443804, -0.4076059644443803}, y, VALUE_TOLERANCE);
    }

    @Test
    void logSumExpOfLargeLogits() {
        assertEquals(1002.4076059644444, Tensor.vector(1000, 1001, 1002).logSumExp(0, false).item(), 0);
    }

    @Test
    void softmaxWhereExponentUnderflowsIsExactlyOneHot() {
        Tensor y = Tensor.vector(800, 1, 1).softmax(0);

        assertArrayEquals(new double[] {1.0, 0.0, 0.0}, y.toArray(), 0);
    }

    @Test
    void logSumExpOfNegativeInfinities() {
        assertEquals(NEG_INF, Tensor.vector(NEG_INF, NEG_INF).logSumExp(0, false).item(), 0);
        assertEquals(0.0, Tensor.vector(0, NEG_INF).logSumExp(0, false).item(), 0);
    }

    @Test
    void softmaxWithNegativeInfinityEntry() {
        Tensor y = Tensor.vector(NEG_INF, 0).softmax(0);

        assertArrayEquals(new double[] {0.0, 1.0}, y.toArray(), 0);
        assertArrayEquals(new double[] {NEG_INF, 0.0}, Tensor.vector(NEG_INF, 0).logSoftmax(0).toArray(), 0);
    }

    @Test
    void softmaxOfMaskedRowIsZero() {
        Tensor x = Tensor.of(new double[] {1, 2, NEG_INF, NEG_INF}, 2, 2).requireGrad(true);

        Tensor y = x.softmax(1);
        y.backward(Tensor.of(new double[] {1, -2, 3, 4}, 2, 2));

        assertArrayEquals(new double[] {0.0, 0.0}, y.select(0, 1).toArray(), 0);
        assertAllFinite(y);
        assertArrayEquals(new double[] {0.0, 0.0}, x.grad().select(0, 1).toArray(), 0);
        assertAllFinite(x.grad());
    }

    @Test
    void logSoftmaxOfMaskedRowHasZeroGradient() {
        Tensor x = Tensor.vector(NEG_INF, NEG_INF).requireGrad(true);

        Tensor logProbabilities = x.logSoftmax(0);
        logProbabilities.backward(Tensor.vector(1, 2));

        assertArrayEquals(new double[] {NEG_INF, NEG_INF}, logProbabilities.toArray(), 0);
        assertArrayEquals(new double[] {0.0, 0.0}, x.grad().toArray(), 0);
        x.zeroGrad();
        x.logSumExp(0, false).backward();
        assertArrayEquals(new double[] {0.0, 0.0}, x.grad().toArray(), 0);
    }

    @Test
    void crossEntropyAtExtremeLogits() {
        // loss = logsumexp(z) − z_label, never −log(softmax(z)[label])
        Tensor z = Tensor.vector(-431, 279, 427).requireGrad(true);

        Tensor loss = z.logSumExp(0, false).sub(z.select(0, 0));
        loss.backward();

        assertEquals(858.0, loss.item(), 0);
        double[] grad = z.grad().toArray();
        assertEquals(-1.0, grad[0], 0);
        assertEquals(5.301718666092324e-65, grad[1], 5.301718666092324e-65 * 1e-12);
        assertEquals(1.0, grad[2], 0);
        assertAllFinite(z.grad());
    }

    // ---------------------------------------------------------------- softmax family gradients

    @Test
    void softmaxFamilyGradientsMatchFiniteDifferences() {
        long seed = 10;
        for (int[] shape : new int[][] {{1}, {4}, {2, 3}, {2, 3, 4}, {2, 1, 3, 2}}) {
            for (int axis = -shape.length; axis < shape.length; axis++) {
                Tensor x = param(seed++, shape);
                int a = axis;
                GradientCheck.assertGradients(in -> in[0].softmax(a), GRADIENT_TOLERANCE, x);
                GradientCheck.assertGradients(in -> in[0].logSoftmax(a), GRADIENT_TOLERANCE, x);
                GradientCheck.assertGradients(in -> in[0].logSumExp(a, false), GRADIENT_TOLERANCE, x);
                GradientCheck.assertGradients(in -> in[0].logSumExp(a, true), GRADIENT_TOLERANCE, x);
            }
        }
    }

    @Test
    void softmaxFamilyGradientsAtLargeLogits() {
        Tensor x = uniformParam(20, 995, 1005, 2, 5);

        GradientCheck.assertGradients(in -> in[0].softmax(1), GRADIENT_TOLERANCE, x);
        GradientCheck.assertGradients(in -> in[0].logSoftmax(1), GRADIENT_TOLERANCE, x);
        GradientCheck.assertGradients(in -> in[0].logSumExp(1, false).add(-1000), GRADIENT_TOLERANCE, x);
    }

    @Test
    void softmaxGradientWithMaskedEntry() {
        Tensor x = param(21, 2, 4);
        Tensor mask = Tensor.of(new double[] {0, 1, 0, 0, 1, 0, 0, 1}, 2, 4);

        GradientCheck.assertGradients(in -> in[0].maskedFill(mask, NEG_INF).softmax(1), GRADIENT_TOLERANCE, x);
        GradientCheck.assertGradients(in -> in[0].maskedFill(mask, NEG_INF).logSumExp(1, false), GRADIENT_TOLERANCE, x);
    }

    // ---------------------------------------------------------------- layerNorm

    @Test
    void layerNormComputesKnownValues() {
        Tensor y = Tensor.vector(1, 2, 4).layerNorm(null, null, 1e-5);

        assertClose(new double[] {-1.0690415314502975, -0.26726038286257436, 1.3363019143128718}, y, NORM_TOLERANCE);
    }

    @Test
    void layerNormAppliesScaleAndShift() {
        Tensor x = randn(30, 2, 3);
        Tensor gamma = Tensor.vector(2, -1, 0.5);
        Tensor beta = Tensor.vector(0, 1, -3);

        Tensor plain = x.layerNorm(null, null, 1e-5);

        assertClose(plain.mul(gamma).add(beta), x.layerNorm(gamma, beta, 1e-5), VALUE_TOLERANCE);
    }

    @Test
    void layerNormOfConstantLargeInputIsZero() {
        Tensor y = Tensor.full(10000000.7, 3).layerNorm(Tensor.ones(3), Tensor.zeros(3), 1e-5);

        assertArrayEquals(new double[] {0.0, 0.0, 0.0}, y.toArray(), 0);
    }

    @Test
    void layerNormOfLargeOffsetInputKeepsVariance() {
        Tensor x = Tensor.vector(1e8, 1e8 + 1, 1e8 + 2, 1e8 + 3);

        Tensor y = x.layerNorm(Tensor.ones(4), Tensor.zeros(4), 1e-5);

        assertClose(new double[] {-1.3416354199689269, -0.447211806656309, 0.447211806656309, 1.3416354199689269},
                y, NORM_TOLERANCE);
    }

    @Test
    void layerNormBackwardOnConstantInput() {
        for (double c : new double[] {0.0, -3.25, 1e8}) {
            Tensor x = Tensor.full(c, 4).requireGrad(true);
            Tensor gamma = Tensor.ones(4).requireGrad(true);
            Tensor beta = Tensor.zeros(4).requireGrad(true);

            x.layerNorm(gamma, beta, 1e-5).backward(Tensor.vector(1, 2, 3, 4));

            assertClose(new double[] {-474.3416490252569, -158.11388300841898, 158.11388300841898, 474.3416490252569},
                    x.grad(), NORM_TOLERANCE);
            assertArrayEquals(new double[] {0, 0, 0, 0}, gamma.grad().toArray(), 0);
            assertArrayEquals(new double[] {1, 2, 3, 4}, beta.grad().toArray(), 0);
        }
    }

    @Test
    void layerNormGradientsMatchFiniteDifferences() {
        long seed = 40;
        for (int[] shape : new int[][] {{4}, {2, 4}, {2, 3, 4}, {2, 1, 3, 4}, {3, 1}}) {
            int d = shape[shape.length - 1];
            Tensor x = param(seed++, shape);
            Tensor gamma = param(seed++, d);
            Tensor beta = param(seed++, d);

            GradientCheck.assertGradients(in -> in[0].layerNorm(in[1], in[2], 1e-5), GRADIENT_TOLERANCE, x, gamma, beta);
            GradientCheck.assertGradients(in -> in[0].layerNorm(null, null, 1e-5), GRADIENT_TOLERANCE, x);
            GradientCheck.assertGradients(in -> in[0].layerNorm(in[1], null, 0.1), GRADIENT_TOLERANCE, x, gamma);
        }
    }

    @Test
    void layerNormGradientAtLargeOffset() {
        Tensor x = uniformParam(50, 1e4, 1e4 + 3, 2, 4);

        GradientCheck.assertGradients(in -> in[0].layerNorm(null, null, 1e-5), GRADIENT_TOLERANCE, x);
    }

    @Test
    void layerNormOfEmptyBatch() {
        Tensor y = Tensor.zeros(0, 4).layerNorm(Tensor.ones(4), Tensor.zeros(4), 1e-5);

        assertShape(new int[] {0, 4}, y);
    }

    // ---------------------------------------------------------------- topK

    @Test
    void topKReturnsLargestSortedDescending() {
        Tensor x = Tensor.of(new double[] {3, 1, 4, 1, 5, 9, 2, 6}, 2, 4);

        TopK top = x.topK(2, 1);

        assertShape(new int[] {2, 2}, top.values());
        assertArrayEquals(new double[] {4, 3, 9, 6}, top.values().toArray(), 0);
        assertArrayEquals(new int[] {2, 0, 1, 3}, top.indices());
    }

    @Test
    void topKAlongFirstAxis() {
        Tensor x = Tensor.of(new double[] {3, 1, 4, 1, 5, 9, 2, 6}, 2, 4);

        TopK top = x.topK(1, 0);

        assertShape(new int[] {1, 4}, top.values());
        assertArrayEquals(new double[] {5, 9, 4, 6}, top.values().toArray(), 0);
        assertArrayEquals(new int[] {1, 1, 0, 1}, top.indices());
    }

    @Test
    void topKTiesKeepLowerIndexFirst() {
        TopK top = Tensor.vector(1, 7, 3, 7, 7).topK(4, 0);

        assertArrayEquals(new double[] {7, 7, 7, 3}, top.values().toArray(), 0);
        assertArrayEquals(new int[] {1, 3, 4, 2}, top.indices());
    }

    @Test
    void topKSortsNaNAsLargest() {
        TopK top = Tensor.vector(1, Double.NaN, 3).topK(2, 0);

        assertTrue(Double.isNaN(top.values().toArray()[0]));
        assertEquals(3.0, top.values().toArray()[1], 0);
        assertArrayEquals(new int[] {1, 2}, top.indices());
    }

    @Test
    void topKOfZeroAndOfAll() {
        Tensor x = Tensor.vector(2, 1, 3);

        assertShape(new int[] {0}, x.topK(0, 0).values());
        assertArrayEquals(new int[0], x.topK(0, 0).indices());
        assertArrayEquals(new double[] {3, 2, 1}, x.topK(3, 0).values().toArray(), 0);
    }

    @Test
    void topKGradientsMatchFiniteDifferences() {
        Tensor x = param(60, 2, 5, 3);

        GradientCheck.assertGradients(in -> in[0].topK(2, 1).values(), GRADIENT_TOLERANCE, x);
        GradientCheck.assertGradients(in -> in[0].topK(3, -1).values().square(), GRADIENT_TOLERANCE, x);
        GradientCheck.assertGradients(in -> in[0].topK(1, 0).values(), GRADIENT_TOLERANCE, x);
    }

    // ---------------------------------------------------------------- maskedFill and where

    @Test
    void maskedFillReplacesNonzeroMaskPositions() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor mask = Tensor.vector(0, 1, 0);

        Tensor y = x.maskedFill(mask, -9);

        assertArrayEquals(new double[] {1, -9, 3, 4, -9, 6}, y.toArray(), 0);
    }

    @Test
    void maskedFillGivesNoGradientToFilledPositions() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requireGrad(true);
        Tensor mask = Tensor.of(new double[] {1, 0}, 2, 1);

        x.maskedFill(mask, 0).sum().backward();

        assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1}, x.grad().toArray(), 0);
        GradientCheck.assertGradients(in -> in[0].maskedFill(mask, 5), GRADIENT_TOLERANCE, param(61, 2, 3));
    }

    @Test
    void whereSelectsAndBroadcasts() {
        Tensor condition = Tensor.vector(1, 0, 1);
        Tensor ifTrue = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor ifFalse = Tensor.scalar(-1);

        Tensor y = Tensor.where(condition, ifTrue, ifFalse);

        assertShape(new int[] {2, 3}, y);
        assertArrayEquals(new double[] {1, -1, 3, 4, -1, 6}, y.toArray(), 0);
    }

    @Test
    void whereRoutesGradientsToChosenBranch() {
        Tensor condition = Tensor.of(new double[] {1, 0}, 2, 1);
        Tensor ifTrue = Tensor.zeros(2, 3).requireGrad(true);
        Tensor ifFalse = Tensor.zeros(3).requireGrad(true);

        Tensor.where(condition, ifTrue, ifFalse).sum().backward();

        assertArrayEquals(new double[] {1, 1, 1, 0, 0, 0}, ifTrue.grad().toArray(), 0);
        assertArrayEquals(new double[] {1, 1, 1}, ifFalse.grad().toArray(), 0);
        GradientCheck.assertGradients(in -> Tensor.where(condition, in[0], in[1]), GRADIENT_TOLERANCE,
                param(62, 2, 3), param(63, 3));
    }

    // ---------------------------------------------------------------- dropout

    @Test
    void dropoutOfProbabilityOneIsZero() {
        Tensor x = Tensor.vector(1, 2, 3, 4).requireGrad(true);

        Tensor y = x.dropout(1.0, true, new Rng(1));
        y.sum().backward();

        assertArrayEquals(new double[] {0, 0, 0, 0}, y.toArray(), 0);
        assertArrayEquals(new double[] {0, 0, 0, 0}, x.grad().toArray(), 0);
        assertAllFinite(x.grad());
    }

    @Test
    void dropoutWithProbabilityZeroIsIdentity() {
        Tensor x = Tensor.vector(1, 2, 3, 4).requireGrad(true);
        Rng rng = new Rng(1);
        long[] before = rng.saveState();

        Tensor y = x.dropout(0.0, true, rng);
        y.backward(Tensor.vector(5, 6, 7, 8));

        assertArrayEquals(new double[] {1, 2, 3, 4}, y.toArray(), 0);
        assertArrayEquals(new double[] {5, 6, 7, 8}, x.grad().toArray(), 0);
        assertSame(x, y);
        assertArrayEquals(before, rng.saveState());
    }

    @Test
    void dropoutKeepsOrDoublesAtOneHalf() {
        Tensor x = Tensor.vector(1, 2, 3, 4).requireGrad(true);
        Rng rng = new Rng(2);
        int kept = 0;
        int dropped = 0;
        for (int trial = 0; trial < 200; trial++) {
            double[] y = x.dropout(0.5, true, rng).toArray();
            for (int i = 0; i < y.length; i++) {
                double xi = x.dataView()[i];
                assertTrue(y[i] == 0.0 || y[i] == 2 * xi, "element " + i + " is " + y[i]);
                if (y[i] == 0.0) {
                    dropped++;
                } else {
                    kept++;
                }
            }
        }
        assertTrue(kept > 300, "kept " + kept + " of 800");
        assertTrue(dropped > 300, "dropped " + dropped + " of 800");
    }

    @Test
    void dropoutGradientIsMaskScale() {
        Tensor x = param(70, 3, 4);
        Tensor y = x.dropout(0.25, true, new Rng(3));

        y.sum().backward();

        double[] out = y.toArray();
        double[] grad = x.grad().toArray();
        for (int i = 0; i < out.length; i++) {
            double expected = out[i] == 0 ? 0 : 1 / 0.75;
            assertEquals(expected, grad[i], 0, "element " + i);
        }
        GradientCheck.assertGradients(in -> in[0].dropout(0.25, true, new Rng(3)), GRADIENT_TOLERANCE, param(71, 3, 4));
    }

    @Test
    void dropoutInEvalModeIsIdentity() {
        Tensor x = Tensor.vector(1, 2, 3, 4);
        Rng rng = new Rng(4);
        long[] before = rng.saveState();

        Tensor y = x.dropout(0.9, false, rng);

        assertSame(x, y);
        assertArrayEquals(before, rng.saveState());
    }

    @Test
    void dropoutIsDeterministicForSeed() {
        Tensor x = Tensor.ones(50);

        assertArrayEquals(x.dropout(0.3, true, new Rng(5)).toArray(), x.dropout(0.3, true, new Rng(5)).toArray(), 0);
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void rejectsBadSoftmaxAxis() {
        Tensor x = Tensor.zeros(2, 3);

        assertThrowsWithMessage(IllegalArgumentException.class, () -> x.softmax(2), "softmax:", "axis 2", "rank 2");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> x.logSoftmax(-3), "logSoftmax:", "axis -3");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> x.logSumExp(4, false), "logSumExp:", "axis 4");
    }

    @Test
    void rejectsLayerNormOfScalar() {
        assertThrowsWithMessage(ShapeMismatchException.class, () -> Tensor.scalar(1).layerNorm(null, null, 1e-5),
                "layerNorm:", "scalar");
    }

    @Test
    void rejectsLayerNormScaleOfWrongShape() {
        Tensor x = Tensor.zeros(2, 3);

        ShapeMismatchException e = assertThrowsWithMessage(ShapeMismatchException.class,
                () -> x.layerNorm(Tensor.ones(4), null, 1e-5), "layerNorm:", "[3]", "[2, 3]", "[4]");
        assertArrayEquals(new int[] {3}, e.expected());
        assertThrowsWithMessage(ShapeMismatchException.class, () -> x.layerNorm(null, Tensor.zeros(1, 3), 1e-5),
                "layerNorm:", "[1, 3]");
    }

    @Test
    void rejectsLayerNormEpsNotPositive() {
        Tensor x = Tensor.zeros(2, 3);

        assertThrowsWithMessage(IllegalArgumentException.class, () -> x.layerNorm(null, null, 0), "eps", "0.0");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> x.layerNorm(null, null, Double.NaN), "NaN");
    }

    @Test
    void rejectsTopKOutOfRange() {
        Tensor x = Tensor.zeros(2, 3);

        assertThrowsWithMessage(IllegalArgumentException.class, () -> x.topK(4, 1),
                "topK:", "k = 4", "[0, 3]", "axis 1", "[2, 3]");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> x.topK(-1, 0), "k = -1");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> x.topK(1, 2), "topK:", "axis 2");
    }

    @Test
    void rejectsMaskThatEnlargesInput() {
        Tensor x = Tensor.zeros(3);

        ShapeMismatchException e = assertThrowsWithMessage(ShapeMismatchException.class,
                () -> x.maskedFill(Tensor.zeros(2, 3), 1), "maskedFill:", "[2, 3]", "[3]", "broadcast");
        assertArrayEquals(new int[] {3}, e.expected());
        assertThrowsWithMessage(ShapeMismatchException.class, () -> x.maskedFill(Tensor.zeros(2), 1),
                "maskedFill:", "[2]", "[3]");
    }

    @Test
    void rejectsWhereOfNonBroadcastableShapes() {
        assertThrowsWithMessage(ShapeMismatchException.class,
                () -> Tensor.where(Tensor.zeros(2), Tensor.zeros(3), Tensor.zeros(3)), "where:", "[2]", "[3]");
        assertThrowsWithMessage(ShapeMismatchException.class,
                () -> Tensor.where(Tensor.zeros(3), Tensor.zeros(2, 3), Tensor.zeros(4)), "where:", "[2, 3]", "[4]");
    }

    @Test
    void rejectsDropoutProbabilityOutsideUnitInterval() {
        Tensor x = Tensor.zeros(3);

        for (double p : new double[] {-0.1, 1.2, Double.NaN}) {
            assertThrowsWithMessage(IllegalArgumentException.class, () -> x.dropout(p, true, new Rng(1)),
                    "dropout:", "p = " + p, "[0, 1]");
            assertThrowsWithMessage(IllegalArgumentException.class, () -> x.dropout(p, false, new Rng(1)),
                    "p = " + p);
        }
    }

    @Test
    void dropoutInTrainingRejectsNullGenerator() {
        Tensor x = Tensor.vector(1, 2, 3);
        assertThrowsWithMessage(IllegalArgumentException.class, () -> x.dropout(0.5, true, null), "needs a random generator");
    }
}
