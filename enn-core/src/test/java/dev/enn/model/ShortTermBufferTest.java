package dev.enn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ShortTermBufferTest {

    @Test
    void keepsNewestRowsOldestFirst() {
        ShortTermBuffer buffer = new ShortTermBuffer(3, 2);

        for (int i = 1; i <= 5; i++) {
            buffer.add(new double[] {i, -i});
        }

        assertEquals(3, buffer.size());
        assertArrayEquals(new double[] {3, -3}, buffer.row(0));
        assertArrayEquals(new double[] {5, -5}, buffer.row(2));
        assertArrayEquals(new double[] {3, -3, 4, -4, 5, -5}, buffer.toTensor().dataView());
        assertArrayEquals(new int[] {3, 2}, buffer.toTensor().shape());
    }

    @Test
    void capacityOneKeepsLatestRow() {
        ShortTermBuffer buffer = new ShortTermBuffer(1, 1);

        buffer.add(new double[] {1});
        buffer.add(new double[] {2});

        assertEquals(1, buffer.size());
        assertArrayEquals(new double[] {2}, buffer.row(0));
    }

    @Test
    void storesCopiesOfRows() {
        ShortTermBuffer buffer = new ShortTermBuffer(2, 2);
        double[] row = {1, 2};

        buffer.add(row);
        row[0] = 99;
        buffer.row(0)[1] = 99;

        assertArrayEquals(new double[] {1, 2}, buffer.row(0));
    }

    @Test
    void emptyBufferGivesEmptyTensor() {
        Tensor empty = new ShortTermBuffer(4, 3).toTensor();

        assertArrayEquals(new int[] {0, 3}, empty.shape());
    }

    @Test
    void clearAndCopyAreIndependent() {
        ShortTermBuffer buffer = new ShortTermBuffer(2, 1);
        buffer.add(new double[] {1});
        ShortTermBuffer copy = buffer.copy();

        buffer.clear();
        copy.add(new double[] {2});

        assertEquals(0, buffer.size());
        assertArrayEquals(new double[] {1, 2}, copy.toTensor().dataView());
    }

    @Test
    void rejectsRowOfWrongWidth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ShortTermBuffer(2, 3).add(new double[] {1, 2}));

        assertTrue(e.getMessage().contains("2 values"), e.getMessage());
        assertTrue(e.getMessage().contains("width 3"), e.getMessage());
    }

    @Test
    void rejectsNonPositiveSizes() {
        IllegalArgumentException capacity = assertThrows(IllegalArgumentException.class, () -> new ShortTermBuffer(0, 3));
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class, () -> new ShortTermBuffer(3, -1));

        assertTrue(capacity.getMessage().contains("capacity = 0"), capacity.getMessage());
        assertTrue(width.getMessage().contains("width = -1"), width.getMessage());
    }

    @Test
    void rejectsRowIndexOutsideSize() {
        ShortTermBuffer buffer = new ShortTermBuffer(3, 1);
        buffer.add(new double[] {1});

        assertThrows(IndexOutOfBoundsException.class, () -> buffer.row(1));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.row(-1));
    }
}
