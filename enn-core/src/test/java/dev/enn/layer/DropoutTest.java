package dev.enn.layer;

import static dev.enn.testing.TestTensors.assertAllFinite;
import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import dev.enn.testing.LayerContractTest;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DropoutTest {
    @Nested
    class EvalContract extends LayerContractTest {
        @Override
        protected Layer createLayer(Rng rng) {
            return new Dropout(0.5, rng.fork("dropout"));
        }

        @Override
        protected Tensor createInput(Rng rng) {
            return Tensor.randn(rng, 2, 3, 4);
        }

        @Override
        protected int[] expectedOutputShape(int[] inputShape) {
            return inputShape;
        }

        @Override
        protected boolean checkInTrainingMode() {
            return false;
        }
    }

    private static Tensor input() {
        return Tensor.vector(1, 2, 3, 4).requireGrad(true);
    }

    @Test
    void probabilityOneGivesZerosAndZeroGradient() {
        Dropout layer = new Dropout(1.0, new Rng(1));
        Tensor x = input();

        Tensor y = layer.forward(x);
        y.sum().backward();

        assertArrayEquals(new double[] {0, 0, 0, 0}, y.toArray(), 0);
        assertArrayEquals(new double[] {0, 0, 0, 0}, x.grad().toArray(), 0);
        assertAllFinite(x.grad());
    }

    @Test
    void probabilityZeroIsIdentity() {
        Dropout layer = new Dropout(0.0, new Rng(2));
        Tensor x = input();

        Tensor y = layer.forward(x);
        y.backward(Tensor.vector(5, 6, 7, 8));

        assertArrayEquals(new double[] {1, 2, 3, 4}, y.toArray(), 0);
        assertArrayEquals(new double[] {5, 6, 7, 8}, x.grad().toArray(), 0);
    }

    @Test
    void probabilityOneHalfKeepsOrDoubles() {
        Dropout layer = new Dropout(0.5, new Rng(3));
        Tensor x = input();
        boolean sawKept = false;
        boolean sawDropped = false;

        for (int trial = 0; trial < 50; trial++) {
            double[] y = layer.forward(x).toArray();
            for (int i = 0; i < y.length; i++) {
                double xi = x.dataView()[i];
                assertTrue(y[i] == 0.0 || y[i] == 2 * xi, "trial " + trial + " element " + i + " is " + y[i]);
                sawKept |= y[i] != 0.0;
                sawDropped |= y[i] == 0.0;
            }
        }

        assertTrue(sawKept);
        assertTrue(sawDropped);
    }

    @Test
    void evalModeIsIdentityForAnyProbability() {
        for (double p : new double[] {0.0, 0.3, 0.5, 1.0}) {
            Dropout layer = new Dropout(p, new Rng(4));
            layer.setTraining(false);
            Tensor x = input();

            assertArrayEquals(new double[] {1, 2, 3, 4}, layer.forward(x).toArray(), 0, "p = " + p);
        }
    }

    @Test
    void evalModeDrawsNothing() {
        Rng rng = new Rng(5);
        Dropout layer = new Dropout(0.5, rng);
        layer.setTraining(false);
        long[] before = rng.saveState();

        layer.forward(input());

        assertArrayEquals(before, rng.saveState());
    }

    @Test
    void sameSeedGivesSameMasks() {
        Tensor x = Tensor.ones(64);

        double[] first = new Dropout(0.3, new Rng(6)).forward(x).toArray();
        double[] second = new Dropout(0.3, new Rng(6)).forward(x).toArray();
        double[] otherSeed = new Dropout(0.3, new Rng(7)).forward(x).toArray();

        assertArrayEquals(first, second, 0);
        assertFalse(Arrays.equals(first, otherSeed));
    }

    @Test
    void successiveCallsDrawNewMasks() {
        Dropout layer = new Dropout(0.5, new Rng(8));
        Tensor x = Tensor.ones(64);

        assertNotEquals(Arrays.toString(layer.forward(x).toArray()), Arrays.toString(layer.forward(x).toArray()));
    }

    @Test
    void hasNoParameters() {
        Dropout layer = new Dropout(0.25, new Rng(9));

        assertTrue(layer.namedParameters().isEmpty());
        assertEquals(0.25, layer.p(), 0);
    }

    @Test
    void rejectsProbabilityOutsideUnitInterval() {
        for (double p : new double[] {-0.1, 1.2, Double.NaN}) {
            assertThrowsWithMessage(IllegalArgumentException.class, () -> new Dropout(p, new Rng(10)),
                    "Dropout", "p = " + p, "[0, 1]");
        }
    }

    @Test
    void rejectsNullGenerator() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new Dropout(0.5, null));

        assertTrue(e.getMessage().contains("rng is null"), e.getMessage());
    }
}
