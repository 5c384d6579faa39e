package dev.enn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DatasetTest {
    private static Dataset fourSamples() {
        Tensor x = Tensor.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, 4, 2);
        Tensor y = Tensor.vector(10, 11, 12, 13);
        return new Dataset(x, y);
    }

    @Test
    void batchGathersSamplesInOrder() {
        Batch b = fourSamples().batch(new int[] {2, 0});
        assertArrayEquals(new double[] {4, 5, 0, 1}, b.inputs().toArray());
        assertArrayEquals(new double[] {12, 10}, b.targets().toArray());
        assertEquals(2, b.size());
    }

    @Test
    void rangeRejectsReversedBounds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fourSamples().range(3, 1));
        assertTrue(e.getMessage().contains("[3, 1)"), e.getMessage());
    }

    @Test
    void rangeRejectsEndPastSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fourSamples().range(0, 5));
        assertTrue(e.getMessage().contains("4 samples"), e.getMessage());
    }

    @Test
    void rejectsMismatchedSampleCounts() {
        Tensor x = Tensor.zeros(3, 2);
        Tensor y = Tensor.zeros(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dataset(x, y));
        assertTrue(e.getMessage().contains("3 samples"), e.getMessage());
    }

    @Test
    void rejectsNaNInputsNamingSample() {
        Tensor x = Tensor.of(new double[] {0, 1, Double.NaN, 3}, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dataset(x, Tensor.zeros(2)));
        assertTrue(e.getMessage().contains("sample 1"), e.getMessage());
    }

    @Test
    void rejectsEmptyInputs() {
        assertThrows(IllegalArgumentException.class, () -> new Dataset(Tensor.zeros(0, 2), Tensor.zeros(0)));
    }
}
