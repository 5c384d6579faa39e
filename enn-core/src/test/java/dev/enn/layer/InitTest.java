package dev.enn.layer;

import static dev.enn.testing.TestTensors.assertThrowsWithMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Rng;
import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class InitTest {
    private static void assertWithin(Tensor t, double bound) {
        for (double v : t.dataView()) {
            assertTrue(Math.abs(v) <= bound, "value " + v + " outside ±" + bound);
        }
    }

    @Test
    void uniformFillsInPlaceWithinRange() {
        Tensor t = Tensor.zeros(100);

        Tensor filled = Init.uniform(t, 2, 3, new Rng(1));

        assertSame(t, filled);
        for (double v : t.dataView()) {
            assertTrue(v >= 2, "value " + v);
            assertTrue(v < 3, "value " + v);
        }
    }

    @Test
    void normalHasRequestedMoments() {
        Tensor t = Init.normal(Tensor.zeros(20_000), 5, 0.5, new Rng(2));

        double mean = t.mean().item();
        double variance = t.add(-mean).square().mean().item();

        assertEquals(5, mean, 0.02);
        assertEquals(0.25, variance, 0.01);
    }

    @Test
    void xavierUniformUsesBothFans() {
        Tensor weight = Init.xavierUniform(Tensor.zeros(30, 20), new Rng(3));

        assertWithin(weight, Math.sqrt(6.0 / 50));
        assertArrayEquals(weight.toArray(), Init.xavierUniform(Tensor.zeros(30, 20), 20, 30, new Rng(3)).toArray(), 0);
    }

    @Test
    void fanInUniformMatchesPyTorchBound() {
        Tensor weight = Init.fanInUniform(Tensor.zeros(8, 25), 25, new Rng(4));

        assertWithin(weight, 0.2);
        assertArrayEquals(new double[3], Init.fanInUniform(Tensor.zeros(3), 0, new Rng(4)).toArray(), 0);
    }

    @Test
    void sameSeedGivesSameValues() {
        assertArrayEquals(Init.normal(Tensor.zeros(10), 0, 1, new Rng(5)).toArray(),
                Init.normal(Tensor.zeros(10), 0, 1, new Rng(5)).toArray(), 0);
    }

    @Test
    void rejectsXavierWithoutMatrixShape() {
        assertThrowsWithMessage(IllegalArgumentException.class, () -> Init.xavierUniform(Tensor.zeros(2, 3, 4), new Rng(6)),
                "xavierUniform:", "[out, in]", "[2, 3, 4]", "pass the fans");
    }
}
