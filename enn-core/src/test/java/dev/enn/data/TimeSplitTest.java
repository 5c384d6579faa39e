package dev.enn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enn.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TimeSplitTest {
    @Test
    void fractionsGiveFlooredBoundaries() {
        TimeSplit split = TimeSplit.ofLength(100, 0.7, 0.15);

        assertEquals(70, split.trainEnd());
        assertEquals(85, split.validationEnd());
        assertEquals(70, split.trainLength());
        assertEquals(15, split.validationLength());
        assertEquals(15, split.testLength());
    }

    @Test
    void fractionalBoundaryRoundsDown() {
        TimeSplit split = TimeSplit.ofLength(10, 0.75, 0.1);

        assertEquals(7, split.trainEnd());
        assertEquals(8, split.validationEnd());
    }

    @Test
    void binaryRoundingDoesNotLoseAStep() {
        // 0.29 · 100 is 28.999999999999996 and 0.57 · 100 is 56.99999999999999 in double arithmetic.
        assertEquals(29, TimeSplit.ofLength(100, 0.29, 0.2).trainEnd());
        assertEquals(57, TimeSplit.ofLength(100, 0.57, 0.2).trainEnd());
    }

    @Test
    void emptyValidationAndTestAllowed() {
        TimeSplit noValidation = TimeSplit.ofLength(10, 0.8, 0);
        assertEquals(0, noValidation.validationLength());
        assertEquals(2, noValidation.testLength());

        TimeSplit noTest = TimeSplit.ofLength(10, 0.7, 0.3);
        assertEquals(10, noTest.validationEnd());
        assertEquals(0, noTest.testLength());

        assertEquals(10, TimeSplit.ofLength(10, 1.0, 0).trainEnd());
    }

    @Test
    void invalidFractionsRejected() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> TimeSplit.ofLength(10, 0, 0.1));
        assertTrue(zero.getMessage().contains("trainFraction 0.0 must be in (0, 1]"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimeSplit.ofLength(10, 1.2, 0));
        assertThrows(IllegalArgumentException.class, () -> TimeSplit.ofLength(10, Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> TimeSplit.ofLength(10, 0.5, -0.1));
        assertThrows(IllegalArgumentException.class, () -> TimeSplit.ofLength(10, 0.5, Double.NaN));

        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class, () -> TimeSplit.ofLength(10, 0.7, 0.4));
        assertTrue(sum.getMessage().contains("exceeds 1"), sum.getMessage());
    }

    @Test
    void emptyTrainingPartRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeSplit.ofLength(3, 0.1, 0.1));

        assertTrue(e.getMessage().contains("trainFraction 0.1 of 3 time steps leaves the training part empty"),
                e.getMessage());
    }

    @Test
    void boundariesValidated() {
        assertThrows(IllegalArgumentException.class, () -> new TimeSplit(10, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new TimeSplit(10, 6, 5));
        assertThrows(IllegalArgumentException.class, () -> new TimeSplit(10, 5, 11));
        assertEquals(new TimeSplit(10, 5, 5), new TimeSplit(10, 5, 5));
    }

    @Test
    void partsAreConsecutiveRows() {
        Tensor series = Tensor.of(new double[] {0, 10, 1, 11, 2, 12, 3, 13, 4, 14}, 5, 2);
        TimeSplit split = TimeSplit.split(series, 0.4, 0.4);

        assertArrayEquals(new int[] {2, 2}, split.train(series).shape());
        assertArrayEquals(new double[] {0, 10, 1, 11}, split.train(series).toArray());
        assertArrayEquals(new double[] {2, 12, 3, 13}, split.validation(series).toArray());
        assertArrayEquals(new double[] {4, 14}, split.test(series).toArray());
    }

    @Test
    void seriesOfOtherLengthRejected() {
        TimeSplit split = TimeSplit.ofLength(5, 0.6, 0.2);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> split.train(Tensor.zeros(6)));
        assertTrue(e.getMessage().contains("made for 5 time steps"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimeSplit.split(Tensor.scalar(1), 0.5, 0.2));
    }
}
