package dev.enn.tensor;

import static dev.enn.testing.TestTensors.assertClose;
import static dev.enn.testing.TestTensors.assertShape;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static dev.enn.testing.TestTensors.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ShapeOpsTest {
    /** Tolerance of the finite-difference checks, relative above magnitude 1. */
    private static final double GRADIENT_TOLERANCE = 1e-6;

    /** Values 0 … 23 in shape [2, 3, 4]. */
    private static Tensor iota234() {
        double[] v = new double[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return Tensor.of(v, 2, 3, 4);
    }

    // ---------------------------------------------------------------- reshape, unsqueeze, squeeze

    @Test
    void reshapeSharesStorageAndInfersOneAxis() {
        Tensor x = iota234();

        Tensor y = x.reshape(6, -1);

        assertShape(new int[] {6, 4}, y);
        assertSame(x.dataView(), y.dataView());
        assertShape(new int[] {24}, x.reshape(-1));
        assertShape(new int[] {2, 12}, x.reshape(2, -1));
    }

    @Test
    void reshapeBetweenScalarAndOneElement() {
        Tensor scalar = Tensor.scalar(3);

        assertShape(new int[] {1, 1}, scalar.reshape(1, 1));
        assertShape(new int[0], scalar.reshape(1, 1).reshape());
        assertEquals(3.0, scalar.reshape(1, 1).reshape().item(), 0);
    }

    @Test
    void reshapeOfEmptyTensor() {
        Tensor empty = Tensor.zeros(0, 3);

        assertShape(new int[] {3, 0}, empty.reshape(3, 0));
        assertShape(new int[] {0}, empty.reshape(-1));
    }

    @Test
    void unsqueezeAndSqueezeInsertAndRemoveAxes() {
        Tensor x = Tensor.zeros(2, 3);

        assertShape(new int[] {1, 2, 3}, x.unsqueeze(0));
        assertShape(new int[] {2, 1, 3}, x.unsqueeze(1));
        assertShape(new int[] {2, 3, 1}, x.unsqueeze(-1));
        assertShape(new int[] {2, 3}, x.unsqueeze(1).squeeze(1));
        assertShape(new int[] {2, 3}, x.unsqueeze(-1).squeeze(-1));
        assertShape(new int[] {1}, Tensor.scalar(1).unsqueeze(0));
    }

    @Test
    void reshapeFamilyGradientsMatchFiniteDifferences() {
        Tensor x = param(1, 2, 3, 4);

        GradientCheck.assertGradients(in -> in[0].reshape(4, 6).mul(in[0].reshape(4, 6)), GRADIENT_TOLERANCE, x);
        GradientCheck.assertGradients(in -> in[0].unsqueeze(1).squeeze(1).exp(), GRADIENT_TOLERANCE, x);
        GradientCheck.assertGradients(in -> in[0].reshape(-1).tanh(), GRADIENT_TOLERANCE, x);
        GradientCheck.assertGradients(in -> in[0].reshape(), GRADIENT_TOLERANCE, param(2));
    }

    // ---------------------------------------------------------------- transpose and permute

    @Test
    void transposeSwapsAxes() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);

        Tensor t = x.transpose(0, 1);

        assertShape(new int[] {3, 2}, t);
        assertClose(new double[] {1, 4, 2, 5, 3, 6}, t, 0);
        assertClose(x, t.transpose(-1, -2), 0);
    }

    @Test
    void permuteMovesEveryAxis() {
        Tensor x = iota234();

        Tensor p = x.permute(2, 0, 1);

        assertShape(new int[] {4, 2, 3}, p);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(x.get(i, j, k), p.get(k, i, j), 0);
                }
            }
        }
        assertClose(x, p.permute(1, 2, 0), 0);
    }

    @Test
    void permuteGradientsMatchFiniteDifferences() {
        GradientCheck.assertGradients(in -> in[0].transpose(0, 1), GRADIENT_TOLERANCE, param(3, 2, 3));
        GradientCheck.assertGradients(in -> in[0].permute(2, 0, 1), GRADIENT_TOLERANCE, param(4, 2, 3, 4));
        GradientCheck.assertGradients(in -> in[0].permute(3, 1, 0, 2), GRADIENT_TOLERANCE, param(5, 2, 1, 3, 2));
        GradientCheck.assertGradients(in -> in[0].permute(), GRADIENT_TOLERANCE, param(6));
    }

    // ---------------------------------------------------------------- slice, select, indexSelect

    @Test
    void sliceTakesRangeAlongAxis() {
        Tensor x = iota234();

        Tensor s = x.slice(2, 1, 3);

        assertShape(new int[] {2, 3, 2}, s);
        assertClose(new double[] {1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22}, s, 0);
        assertShape(new int[] {2, 0, 4}, x.slice(1, 2, 2));
        assertClose(x, x.slice(-1, 0, 4), 0);
    }

    @Test
    void selectDropsAxis() {
        Tensor x = iota234();

        Tensor s = x.select(1, 2);

        assertShape(new int[] {2, 4}, s);
        assertClose(new double[] {8, 9, 10, 11, 20, 21, 22, 23}, s, 0);
        assertShape(new int[] {3, 4}, x.select(0, 1));
        assertClose(new double[] {3, 7, 11, 15, 19, 23}, x.select(-1, 3), 0);
    }

    @Test
    void indexSelectGathersAndRepeats() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);

        Tensor g = x.indexSelect(1, 2, 0, 2);

        assertShape(new int[] {2, 3}, g);
        assertClose(new double[] {3, 1, 3, 6, 4, 6}, g, 0);
        assertShape(new int[] {2, 0}, x.indexSelect(1));
    }

    @Test
    void indexSelectAccumulatesGradientOfRepeatedIndex() {
        Tensor x = Tensor.vector(1, 2, 3).requireGrad(true);

        x.indexSelect(0, 2, 2, 0, 2).sum().backward();

        assertClose(new double[] {1, 0, 3}, x.grad(), 0);
    }

    @Test
    void gatherGradientsMatchFiniteDifferences() {
        Tensor x = param(7, 2, 3, 4);

        GradientCheck.assertGradients(in -> in[0].slice(1, 1, 3), GRADIENT_TOLERANCE, x);
        GradientCheck.assertGradients(in -> in[0].select(2, 3), GRADIENT_TOLERANCE, x);
        GradientCheck.assertGradients(in -> in[0].indexSelect(0, 1, 1, 0), GRADIENT_TOLERANCE, x);
        GradientCheck.assertGradients(in -> in[0].indexSelect(-1, 3, 0).square(), GRADIENT_TOLERANCE, x);
    }

    // ---------------------------------------------------------------- concat and stack

    @Test
    void concatJoinsAlongAxis() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new double[] {5, 6}, 2, 1);

        Tensor c = Tensor.concat(1, a, b);

        assertShape(new int[] {2, 3}, c);
        assertClose(new double[] {1, 2, 5, 3, 4, 6}, c, 0);
        assertClose(new double[] {1, 2, 3, 4, 1, 2, 3, 4}, Tensor.concat(0, a, a), 0);
        assertClose(a, Tensor.concat(-1, a, Tensor.zeros(2, 0)), 0);
    }

    @Test
    void stackAddsNewAxis() {
        Tensor a = Tensor.vector(1, 2);
        Tensor b = Tensor.vector(3, 4);

        assertClose(new double[] {1, 2, 3, 4}, Tensor.stack(0, a, b), 0);
        assertShape(new int[] {2, 2}, Tensor.stack(0, a, b));
        assertClose(new double[] {1, 3, 2, 4}, Tensor.stack(1, a, b), 0);
        assertClose(new double[] {1, 3, 2, 4}, Tensor.stack(-1, a, b), 0);
    }

    @Test
    void concatAndStackGradientsMatchFiniteDifferences() {
        Tensor a = param(8, 2, 3, 4);
        Tensor b = param(9, 2, 1, 4);
        Tensor c = param(10, 2, 3, 4);

        GradientCheck.assertGradients(in -> Tensor.concat(1, in[0], in[1], in[0].exp()), GRADIENT_TOLERANCE, a, b);
        GradientCheck.assertGradients(in -> Tensor.concat(-1, in[0], in[1]), GRADIENT_TOLERANCE, a, c);
        GradientCheck.assertGradients(in -> Tensor.stack(0, in[0], in[1]), GRADIENT_TOLERANCE, a, c);
        GradientCheck.assertGradients(in -> Tensor.stack(3, in[0], in[1], in[0]), GRADIENT_TOLERANCE, a, c);
    }

    @Test
    void concatGradientSkipsConstantParts() {
        Tensor a = Tensor.vector(1, 2).requireGrad(true);
        Tensor constant = Tensor.vector(3);

        Tensor.concat(0, constant, a).mul(Tensor.vector(10, 20, 30)).sum().backward();

        assertClose(new double[] {20, 30}, a.grad(), 0);
        assertEquals(null, constant.gradView());
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void rejectsReshapeSizeMismatch() {
        Tensor x = Tensor.zeros(2, 3);

        ShapeMismatchException e = assertThrowsWithMessage(ShapeMismatchException.class, () -> x.reshape(4, 2),
                "reshape:", "[2, 3]", "6 elements", "[4, 2]", "needs 8");
        assertArrayEquals(new int[] {2, 3}, e.actual());
    }

    @Test
    void rejectsReshapeThatCannotInfer() {
        Tensor x = Tensor.zeros(2, 3);

        assertThrowsWithMessage(ShapeMismatchException.class, () -> x.reshape(4, -1),
                "reshape:", "cannot infer", "[4, -1]", "6 elements");
        assertThrowsWithMessage(ShapeMismatchException.class, () -> Tensor.zeros(0, 3).reshape(0, -1),
                "cannot infer", "[0, -1]");
    }

    @Test
    void rejectsReshapeWithTwoInferredAxes() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(-1, -1),
                "reshape:", "[-1, -1]", "more than one -1");
    }

    @Test
    void rejectsReshapeWithNegativeAxis() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(-2, -3),
                "reshape:", "[-2, -3]", "negative dimension");
    }

    @Test
    void rejectsSqueezeOfLargerAxis() {
        assertThrowsWithMessage(ShapeMismatchException.class, () -> Tensor.zeros(2, 3).squeeze(1),
                "squeeze:", "axis 1", "[2, 3]", "size 3, not 1");
    }

    @Test
    void rejectsUnsqueezeAxisOutOfRange() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).unsqueeze(4),
                "unsqueeze:", "axis 4", "rank 3");
    }

    @Test
    void rejectsTransposeAxisOutOfRange() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).transpose(0, 2),
                "transpose:", "axis 2", "rank 2", "-2 to 1");
    }

    @Test
    void rejectsPermuteOfWrongLength() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> iota234().permute(1, 0),
                "permute:", "[1, 0]", "2 axes", "rank 3");
    }

    @Test
    void rejectsPermuteWithRepeatedAxis() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> iota234().permute(0, 2, -1),
                "permute:", "[0, 2, -1]", "repeats axis 2");
    }

    @Test
    void rejectsPermuteAxisOutOfRange() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> iota234().permute(0, 1, 3),
                "permute:", "axis 3", "rank 3");
    }

    @Test
    void rejectsSliceOutOfRange() {
        Tensor x = iota234();

        assertThrowsWithMessage(IndexOutOfBoundsException.class, () -> x.slice(1, 1, 4),
                "slice:", "[1, 4)", "axis 1", "length 3", "[2, 3, 4]");
        assertThrowsWithMessage(IndexOutOfBoundsException.class, () -> x.slice(1, -1, 2), "[-1, 2)");
        assertThrowsWithMessage(IndexOutOfBoundsException.class, () -> x.slice(1, 2, 1), "[2, 1)");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> x.slice(3, 0, 1), "slice:", "axis 3");
    }

    @Test
    void rejectsSelectIndexOutOfRange() {
        Tensor x = iota234();

        assertThrowsWithMessage(IndexOutOfBoundsException.class, () -> x.select(-1, 4),
                "select:", "index 4", "axis -1", "length 4", "[2, 3, 4]");
        assertThrowsWithMessage(IndexOutOfBoundsException.class, () -> x.select(0, -1), "select:", "index -1");
    }

    @Test
    void rejectsIndexSelectOutOfRange() {
        Tensor x = iota234();

        assertThrowsWithMessage(IndexOutOfBoundsException.class, () -> x.indexSelect(1, 0, 3),
                "indexSelect:", "index 3", "axis 1", "length 3", "[2, 3, 4]");
    }

    @Test
    void rejectsConcatOfMismatchedParts() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(3, 3);

        ShapeMismatchException e = assertThrowsWithMessage(ShapeMismatchException.class, () -> Tensor.concat(1, a, b),
                "concat:", "part 1", "[3, 3]", "[2, 3]", "except 1");
        assertArrayEquals(new int[] {3, 3}, e.actual());
        assertThrowsWithMessage(ShapeMismatchException.class, () -> Tensor.concat(0, a, Tensor.zeros(3)),
                "concat:", "part 1", "[3]");
    }

    @Test
    void rejectsConcatOfNothing() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> Tensor.concat(0), "concat:", "no tensors");
        assertThrowsWithMessage(IllegalArgumentException.class, () -> Tensor.stack(0), "stack:", "no tensors");
    }

    @Test
    void rejectsStackOfUnequalShapes() {
        assertThrowsWithMessage(ShapeMismatchException.class,
                () -> Tensor.stack(0, Tensor.zeros(2), Tensor.zeros(3)),
                "stack:", "part 1", "[3]", "[2]", "equal shapes");
    }
}
