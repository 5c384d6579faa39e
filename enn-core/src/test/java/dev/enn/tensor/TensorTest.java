package dev.enn.tensor;

import static dev.enn.testing.TestTensors.assertShape;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Factories, accessors and their rejection paths. */
class TensorTest {
    @Test
    void ofCopiesAndWrapShares() {
        double[] values = {1, 2, 3, 4};

        Tensor copied = Tensor.of(values, 2, 2);
        Tensor wrapped = Tensor.wrap(values, 4);

        assertNotSame(values, copied.dataView());
        assertSame(values, wrapped.dataView());
        assertShape(new int[] {2, 2}, copied);
    }

    @Test
    void factoriesFillValues() {
        assertArrayEquals(new double[] {0, 0, 0}, Tensor.zeros(3).toArray(), 0);
        assertArrayEquals(new double[] {1, 1}, Tensor.ones(2).toArray(), 0);
        assertArrayEquals(new double[] {2.5, 2.5}, Tensor.full(2.5, 1, 2).toArray(), 0);
        assertShape(new int[0], Tensor.scalar(4));
        assertEquals(4.0, Tensor.scalar(4).item(), 0);
        assertArrayEquals(new double[] {1, 2, 3, 4}, Tensor.matrix(new double[][] {{1, 2}, {3, 4}}).toArray(), 0);
        assertShape(new int[] {0, 0}, Tensor.matrix(new double[0][]));
    }

    @Test
    void randomFactoriesAreSeeded() {
        assertArrayEquals(Tensor.randn(new Rng(1), 5).toArray(), Tensor.randn(new Rng(1), 5).toArray(), 0);
        Tensor u = Tensor.uniform(new Rng(2), -1, 1, 100);
        for (double v : u.toArray()) {
            assertTrue(v >= -1, "value " + v);
            assertTrue(v < 1, "value " + v);
        }
    }

    @Test
    void accessorsReadShapeAndElements() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);

        assertEquals(2, x.rank());
        assertEquals(6, x.size());
        assertEquals(3, x.dim(-1));
        assertEquals(2, x.dim(0));
        assertEquals(6.0, x.get(1, 2), 0);
        x.shape()[0] = 99;
        assertShape(new int[] {2, 3}, x);
    }

    @Test
    void toStringShowsShapeAndFirstValues() {
        String text = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 2, 5).requireGrad(true).toString();

        assertTrue(text.startsWith("Tensor[2, 5] requiresGrad [1.0, 2.0"), text);
        assertTrue(text.endsWith(", …]"), text);
    }

    @Test
    void rejectsValuesThatDoNotFillShape() {
        ShapeMismatchException e = assertThrowsWithMessage(ShapeMismatchException.class,
                () -> Tensor.of(new double[5], 2, 3), "5 values", "[2, 3]", "6 elements");
        assertArrayEquals(new int[] {2, 3}, e.expected());
        assertThrowsWithMessage(ShapeMismatchException.class, () -> Tensor.wrap(new double[2]), "2 values", "[]");
    }

    @Test
    void rejectsRaggedMatrix() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> Tensor.matrix(new double[][] {{1, 2}, {3}}),
                "row 1 has 1 values", "row 0 has 2");
    }

    @Test
    void rejectsNegativeDimension() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, -1),
                "[2, -1]", "negative dimension");
    }

    @Test
    void rejectsShapeBeyondIntRange() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> Tensor.zeros(100_000, 100_000),
                "[100000, 100000]", "more than 2147483647 elements");
    }

    @Test
    void rejectsGetWithWrongIndex() {
        Tensor x = Tensor.zeros(2, 3);

        assertThrowsWithMessage(IllegalArgumentException.class, () -> x.get(1), "get:", "[1]", "rank 2", "[2, 3]");
        assertThrowsWithMessage(IndexOutOfBoundsException.class, () -> x.get(1, 3), "get:", "[1, 3]", "[2, 3]");
        assertThrowsWithMessage(IndexOutOfBoundsException.class, () -> x.get(-1, 0), "[-1, 0]");
    }

    @Test
    void rejectsItemOfSeveralElements() {
        assertThrowsWithMessage(IllegalStateException.class, () -> Tensor.zeros(2).item(),
                "item:", "[2]", "2 elements", "mean()");
    }

    @Test
    void rejectsDimOutOfRange() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).dim(2),
                "dim:", "axis 2", "rank 2");
    }
}
