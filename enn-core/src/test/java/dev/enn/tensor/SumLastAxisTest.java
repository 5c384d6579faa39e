package dev.enn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/**
 * Checks that sum and mean over the last axis, which take a separate loop, give the same bits
 * as the general loop on the same values moved to a middle axis, forward and backward.
 */
class SumLastAxisTest {
    private static final int[] LENGTHS = {0, 1, 2, 5, 33};

    @Test
    void sumLastAxisMatchesGeneralLoop() {
        compare(false);
    }

    @Test
    void meanLastAxisMatchesGeneralLoop() {
        compare(true);
    }

    private static void compare(boolean average) {
        Rng rng = new Rng(31);
        for (int outer : LENGTHS) {
            for (int length : LENGTHS) {
                if (average && length == 0) {
                    continue;
                }
                Tensor x = Tensor.randn(rng, outer, 3, length).requireGrad(true);
                Tensor moved = x.detach().permute(0, 2, 1).copy().requireGrad(true);
                Tensor upstream = Tensor.randn(rng, outer, 3);

                Tensor last = average ? x.mean(2, false) : x.sum(2, false);
                Tensor middle = average ? moved.mean(1, false) : moved.sum(1, false);
                assertArrayEquals(middle.dataView(), last.dataView(), 0.0, "forward, outer " + outer + ", length " + length);

                last.backward(upstream);
                middle.backward(upstream);
                Tensor movedGradBack = Tensor.wrap(moved.grad().dataView(), outer, length, 3).permute(0, 2, 1).copy();
                assertArrayEquals(movedGradBack.dataView(), x.grad().dataView(), 0.0,
                        "backward, outer " + outer + ", length " + length);
            }
        }
    }
}
